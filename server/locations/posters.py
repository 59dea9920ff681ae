"""Which places go on a print run, and their poster data (shared by the API and
``yizhan posters``)."""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from pathlib import Path

from qr.codes import qr_png
from qr.posters import PosterPlace, PosterWords, render_posters
from server.core.catalog import labels, texts
from server.core.errors import forbidden, invalid, not_found
from server.core.security import Principal
from server.locations.models import Place
from server.locations.service import current_codes
from server.org.models import NodeKind, OrgNode

TARGETS = ("", "report", "wish", "wall")
MAX_BATCH = 2000


def place_url(public_url: str, code: str, target: str = "") -> str:
    if target not in TARGETS:
        raise invalid("target", "invalid")
    return f"{public_url}/q/{code}" + (f"/{target}" if target else "")


async def select_places(actor: Principal | None, *, community_id: int | None = None,
                        station_id: int | None = None, place_ids: list[int] | None = None,
                        include_inactive: bool = False) -> list[Place]:
    """Places of a community, a station, or a list, within the actor's scope.

    A node outside the scope answers 403 (the tree is public, so nothing is revealed);
    a place id outside it answers 404, as everywhere.
    """
    query = Place.all()
    if not include_inactive:
        query = query.filter(is_active=True)
    if community_id is not None or station_id is not None:
        node_id, kind = (station_id, NodeKind.DELIVERY_STATION) if station_id is not None else (community_id, NodeKind.COMMUNITY)
        node = await OrgNode.get_or_none(id=node_id, kind=kind)
        if node is None:
            raise invalid("station_id" if station_id is not None else "community_id", "unknown_node")
        if actor is not None and not actor.covers(node.path):
            raise forbidden()
        query = query.filter(scope_path__startswith=node.path)
    elif actor is not None and actor.scope_path is not None:
        query = query.filter(scope_path__startswith=actor.scope_path)
    if place_ids:
        places = await query.filter(id__in=place_ids).order_by("id")
        if len(places) != len(set(place_ids)):
            raise not_found()
        return places
    return await query.order_by("id").limit(MAX_BATCH)


async def poster_places(places: list[Place], public_url: str, pwa_dir: Path, target: str = "") -> list[PosterPlace]:
    codes = await current_codes([p.id for p in places])
    kinds = labels(pwa_dir, "place.kind")
    short_base = public_url.split("://", 1)[-1]
    out = []
    for place in places:
        code = codes.get(place.id)
        if code is None:
            continue
        out.append(PosterPlace(
            name=place.name, name_ug=place.name_ug, name_en=place.name_en, kind=kinds.get(place.kind, {}),
            code=code, url=place_url(public_url, code, target),
            short_url=f"{short_base}/q/{code}" + (f"/{target}" if target else ""),
        ))
    return out


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def png_name(poster: PosterPlace) -> str:
    """``<place name>-<code>.png``, safe on every file system (the code keeps names unique)."""
    name = _UNSAFE.sub("_", poster.name).strip("_.") or "place"
    return f"{name}-{poster.code}.png"


def png_zip(posters: list[PosterPlace]) -> bytes:
    """A ZIP of QR PNGs named by place (and code, so two names never collide)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for poster in posters:
            archive.writestr(png_name(poster), qr_png(poster.url))
    return buffer.getvalue()


def poster_words() -> PosterWords:
    """What every poster says, from the server's catalogs, in every language."""
    return PosterWords(call_to_action=texts("poster.call_to_action"), fallback=texts("poster.fallback"),
                       brand=texts("poster.brand"), mini_program=texts("poster.mini_program"),
                       title=texts("poster.title")["zh"])


def posters_document(posters: list[PosterPlace], size: str, english: bool, auto_print: bool,
                     gzipped: bool) -> bytes:
    """The printable document as sent: rendered, and gzipped when the browser takes it —
    both in the helper process, for a batch of 500 is megabytes of HTML."""
    html = render_posters(posters, poster_words(), size, english, auto_print).encode("utf-8")
    return gzip.compress(html, compresslevel=6, mtime=0) if gzipped else html
