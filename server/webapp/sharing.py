"""What a shared link shows before it is opened: each public page (a poster's landing page,
its report and wish forms, a wall, one wish, a station's TV) answers with its own
``<title>``, description and ``og:`` card — the place's name and what the page is — so a
wall shared into a WeChat group shows a card, not a bare link.

The card is built from what the page shows to anyone (an unpublished wish shows nothing of
itself) and kept like the hot reads: until a place changes, at most a minute.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from server.core.catalog import text
from server.core.errors import AppError
from server.core.media import photo_url
from server.locations.service import resolve_code_kept
from server.org.models import NodeKind, OrgNode
from server.wishes.service import visible_wish

# Which card a poster's page gets, by the last part of its URL.
PLACE_PAGES = {"": "share.place", "report": "share.report", "wish": "share.wish", "wall": "share.wall",
               "screen": "share.screen"}


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    image: str = ""  # absolute URL; empty: the app's icon


def default_meta(language: str) -> PageMeta:
    return PageMeta(text("share.default.title", language), text("share.default.description", language))


def _name(item, language: str) -> str:
    return (language == "ug" and item.name_ug) or (language == "en" and item.name_en) or item.name


async def _find(path: str, language: str, public_url: str) -> PageMeta | None:
    parts = path.strip("/").split("/")
    if parts[0] == "q" and len(parts) in (2, 3) and (page := PLACE_PAGES.get(parts[2] if len(parts) == 3 else "")):
        try:
            _, _, place = await resolve_code_kept(parts[1])
        except AppError:
            return None
        name = _name(place, language)
        return PageMeta(text(f"{page}.title", language, place=name),
                        text(f"{page}.description", language, place=name, address=place.address or name))
    if parts[:2] == ["wall", "community"] and len(parts) == 3 and parts[2].isdigit():
        community = await OrgNode.get_or_none(id=int(parts[2]), kind=NodeKind.COMMUNITY, is_active=True)
        if community is None:
            return None
        name = _name(community, language)
        return PageMeta(text("share.wall.title", language, place=name),
                        text("share.wall.description", language, place=name, address=name))
    # (Ids past a column never get here: the request guard answers 404.)
    if parts[0] == "wishes" and len(parts) == 2 and parts[1].isdigit():
        try:
            wish = await visible_wish(None, int(parts[1]))
        except AppError:
            return None
        await wish.fetch_related("place")
        image = f"{public_url}{photo_url(wish.photo)}" if wish.photo else ""
        return PageMeta(text("share.one_wish.title", language, title=wish.title),
                        text("share.one_wish.description", language, place=_name(wish.place, language)), image)
    return None


def is_public_page(path: str) -> bool:
    """A page with a card of its own (the others share the app's)."""
    return path.startswith(("/q/", "/wall/community/")) or (path.startswith("/wishes/") and path[8:].isdigit())


async def meta_for(path: str, language: str, public_url: str) -> PageMeta | None:
    """The card of a public page, or None (the app's own)."""
    return await _find(path, language, public_url)


def render_meta(template: str, meta: PageMeta, *, url: str, icon: str) -> str:
    """The shell's text with the card filled in (every value escaped for HTML)."""
    values = {"title": meta.title, "description": meta.description, "image": meta.image or icon, "url": url}
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", html.escape(value, quote=True))
    return template
