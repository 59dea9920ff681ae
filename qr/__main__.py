"""``python -m qr``: print-ready posters and PNG codes from the database, offline.

    python -m qr --out posters/ [--community ID | --station ID] [--size A4|A5|A6] [--english]

Writes ``posters.html`` (one poster a page) and ``png/<place>-<code>.png``. Reads the same
``YIZHAN_*`` settings as the server (database, public URL).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from qr.codes import qr_png
from qr.posters import SIZES, render_posters


class QrError(Exception):
    """A problem the command explains in one line."""


async def generate(out: Path, community_id: int | None, station_id: int | None, size: str, english: bool) -> int:
    from server.core import db
    from server.locations.posters import png_name, poster_places, select_places
    from server.settings import Settings

    settings = Settings.from_env(create=False)  # it only reads: no ./var/ where there is none
    if nothing := settings.nothing_here():
        raise QrError(nothing)
    await db.init_db(settings, for_the_app=False)
    try:
        if pending := await db.pending_migrations():
            raise QrError(f"the database at {settings.data_dir} is not ready ({len(pending)} migration(s) not "
                          "applied): run `yizhan migrate`, or set YIZHAN_DATA_DIR / YIZHAN_DATABASE_URL to yours")
        places = await select_places(None, community_id=community_id, station_id=station_id)
        posters = await poster_places(places, settings.public_url, settings.pwa_dir)
    finally:
        await db.close_db()
    (out / "png").mkdir(parents=True, exist_ok=True)
    (out / "posters.html").write_text(render_posters(posters, size=size, english=english), encoding="utf-8")
    for poster in posters:
        (out / "png" / png_name(poster)).write_bytes(qr_png(poster.url))
    return len(posters)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qr", description="Posters and QR codes for places, offline")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--community", type=int, help="only this community's places")
    where.add_argument("--station", type=int, help="only this delivery station's places")
    parser.add_argument("--size", choices=sorted(SIZES), default="A4")
    parser.add_argument("--english", action="store_true", help="add English under Chinese and Uyghur")
    args = parser.parse_args(argv)
    from server.core.errors import AppError, describe
    from server.settings import SettingsError

    try:
        count = asyncio.run(generate(args.out, args.community, args.station, args.size, args.english))
    except (SettingsError, QrError) as exc:
        print(f"qr: error: {exc}", file=sys.stderr)
        return 2
    except AppError as exc:
        print(f"qr: error: {describe(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:  # the database or the output folder cannot be reached
        print(f"qr: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"{count} poster(s) → {args.out / 'posters.html'}, PNG codes in {args.out / 'png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
