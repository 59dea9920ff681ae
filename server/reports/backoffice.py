"""The back office: saved replies (templates), removing guests' contacts from finished
reports after the retention period, and blurring part of a photo."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.media import blurred, media_path, new_photos, remove_quietly
from server.core.roles import TRIAGERS
from server.core.security import Principal, ensure_in_scope
from server.reports.models import (
    Category,
    Report,
    ReportEvent,
    ReportPhoto,
    ResponseTemplate,
)
from server.reports.reading import get_visible_report
from server.reports.rules import S, can_triage

MAX_TEMPLATES = 200


async def templates_for(principal: Principal, category: str | None = None) -> list[ResponseTemplate]:
    """The replies the caller may pick: the district's and their own community's, for the
    category asked (and those for every category)."""
    if principal.role not in TRIAGERS:
        raise forbidden()
    path = principal.scope_path or "/"
    owners = [path[: i + 1] for i, char in enumerate(path) if char == "/" and i > 0] or ["/"]
    query = ResponseTemplate.filter(Q(owner_path__in=owners) | Q(owner_path__startswith=path)) \
        .select_related("category").order_by("id")
    if category:
        query = query.filter(Q(category__key=category) | Q(category_id=None))
    return await query.limit(MAX_TEMPLATES)


async def add_template(principal: Principal, category: str | None, text: str) -> ResponseTemplate:
    if principal.role not in TRIAGERS:
        raise forbidden()
    text = text.strip()
    if not text:
        raise invalid("text", "required")
    found = None
    if category:
        found = await Category.get_or_none(key=category)
        if found is None:
            raise invalid("category", "unknown_category")
    return await ResponseTemplate.create(category=found, owner_path=principal.scope_path or "/", text=text)


async def remove_template(principal: Principal, template_id: int) -> None:
    template = await ResponseTemplate.get_or_none(id=template_id)
    if template is None or principal.role not in TRIAGERS:
        raise not_found()
    ensure_in_scope(principal, template.owner_path)
    await template.delete()


FINISHED = (S.CLOSED, S.REJECTED, S.DUPLICATE)


async def forget_guest_contacts(before: datetime, *, dry_run: bool = False) -> int:
    """Retention: a guest's name and phone on a report finished before ``before`` are
    removed (the report itself stays). Returns how many reports (would) lose them."""
    query = Report.filter(Q(guest_name__not="") | Q(guest_phone__not=""), status__in=list(FINISHED),
                          updated_at__lt=before)
    if dry_run:
        return await query.count()
    return await query.update(guest_name="", guest_phone="")


MAX_BOXES = 20


MIN_BOX_PX = 4


async def redact_photo(principal: Principal, report_id: int, photo_id: int, boxes: list[tuple[int, int, int, int]],
                       media_dir: Path) -> ReportPhoto:
    """A community worker blurs rectangles (faces, number plates, door numbers) on a report's
    photo before fixers, TV walls or exports see it. The blurred photo and a new thumbnail
    replace the served ones under new names; the original files are deleted, not kept."""
    report = await get_visible_report(principal, report_id)
    if not can_triage(principal, report):
        raise forbidden()
    photo = await ReportPhoto.get_or_none(id=photo_id, report_id=report.id)
    if photo is None:
        raise not_found()
    if not 1 <= len(boxes) <= MAX_BOXES:
        raise invalid("boxes", "invalid")
    for left, top, width, height in boxes:
        inside = left >= 0 and top >= 0 and left + width <= photo.width and top + height <= photo.height
        if not inside or width < MIN_BOX_PX or height < MIN_BOX_PX:
            raise invalid("boxes", "box_outside")
    old = [media_path(media_dir, photo.name), media_path(media_dir, photo.thumb_name)]
    if old[0] is None or not old[0].is_file():
        raise not_found()
    stored = old[0].read_bytes()
    redone = await asyncio.to_thread(blurred, stored, list(boxes))
    async with new_photos(media_dir) as written:
        fresh = await written.write(redone)
        async with in_transaction():
            # Conditional on the name: of two workers blurring at once, one wins.
            if not await ReportPhoto.filter(id=photo.id, name=photo.name).update(
                    name=fresh.name, thumb_name=fresh.thumb, width=fresh.width, height=fresh.height):
                raise conflict("illegal_transition")
            await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action="redact",
                                     from_status=report.status, to_status=report.status,
                                     note=f"{len(boxes)} × {photo.stage}")
    remove_quietly([path for path in old if path])  # the original is gone, not kept anywhere
    return await ReportPhoto.get(id=photo.id)
