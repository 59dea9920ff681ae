"""``yizhan posters``: print-ready posters and PNG codes straight from the database, offline
(the same posters as ``GET /api/v1/posters``; ``qr/`` draws them)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from qr.codes import qr_png
from qr.posters import SIZES, render_posters
from server.commands import CommandError
from server.core import db
from server.locations.posters import png_name, poster_places, poster_words, select_places
from server.settings import Settings


async def write_batch(settings: Settings, out: Path, community_id: int | None, station_id: int | None, size: str,
                      english: bool) -> int:
    """Write ``posters.html`` (one poster a page) and ``png/<place>-<code>.png``; the count."""
    if nothing := settings.nothing_here():
        raise CommandError(nothing)
    await db.init_db(settings, for_the_app=False)
    try:
        if pending := await db.pending_migrations():
            raise CommandError(f"the database at {settings.data_dir} is not ready ({len(pending)} migration(s) not "
                               "applied): run `yizhan migrate`, or set YIZHAN_DATA_DIR / YIZHAN_DATABASE_URL to yours")
        places = await select_places(None, community_id=community_id, station_id=station_id)
        posters = await poster_places(places, settings.public_url, settings.pwa_dir)
    finally:
        await db.close_db()
    (out / "png").mkdir(parents=True, exist_ok=True)
    (out / "posters.html").write_text(render_posters(posters, poster_words(), size=size, english=english), encoding="utf-8")
    for poster in posters:
        (out / "png" / png_name(poster)).write_bytes(qr_png(poster.url))
    return len(posters)


def cmd_posters(settings: Settings, args: argparse.Namespace) -> int:
    count = asyncio.run(write_batch(settings, args.out, args.community, args.station, args.size, args.english))
    print(f"{count} poster(s) → {args.out / 'posters.html'}, PNG codes in {args.out / 'png'}")
    return 0


def add_command(sub) -> None:
    posters = sub.add_parser("posters", help="write print-ready posters and PNG codes from the database, offline")
    posters.add_argument("--out", type=Path, required=True, help="folder to write into")
    where = posters.add_mutually_exclusive_group()
    where.add_argument("--community", type=int, help="only this community's places")
    where.add_argument("--station", type=int, help="only this delivery station's places")
    posters.add_argument("--size", choices=sorted(SIZES), default="A4")
    posters.add_argument("--english", action="store_true", help="add English under Chinese and Uyghur")
    posters.set_defaults(func=cmd_posters)
