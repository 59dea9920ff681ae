"""Reports coming in: submission (a place's code, photos through the pipeline, the phone's
idempotency key, the hourly limit that counts new reports only) and the fixer's "after"
photo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.errors import conflict, forbidden, invalid
from server.core.media import new_photos, process_photo_async
from server.core.phones import normalise_phone
from server.core.roles import Role
from server.core.security import Principal
from server.core.stores import CounterStore, limit_rate
from server.locations.models import Place
from server.locations.service import active_place_for_code
from server.org.models import OrgNode
from server.reports.models import (
    Category,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
)
from server.reports.reading import ReportRecord, get_visible_report, record_of, suggested_duplicates
from server.reports.rules import S, can_triage, is_allowed
from server.reports.telling import tell_about

MAX_PHOTOS = 4


REPORTS_PER_HOUR = 10


HOUR = 3600


@dataclass
class Submission:
    code: str
    category: str
    idempotency_key: str
    photos: list[bytes]
    description: str = ""
    spot: str = ""
    guest_name: str = ""
    guest_phone: str = ""


async def submit_report(actor: Principal | None, data: Submission, *, media_dir: Path, client_ip: str,
                        counters: CounterStore) -> tuple[ReportRecord, bool]:
    """Store a report; returns (its record for the sender, created). A retry with the same
    idempotency key returns the first report and stores nothing new."""
    existing = await Report.get_or_none(idempotency_key=data.idempotency_key)
    if existing is not None:
        return await record_of(actor, _same_sender(existing, actor), detail=True), False

    place = await active_place_for_code(data.code)
    category = await Category.get_or_none(key=data.category, is_active=True)
    if category is None:
        raise invalid("category", "unknown_category")
    if not 1 <= len(data.photos) <= MAX_PHOTOS:
        raise invalid("photos", "photo_count")
    guest_phone = ""
    if actor is None and data.guest_phone.strip():
        guest_phone = normalise_phone(data.guest_phone) or ""
        if not guest_phone:
            raise invalid("guest_phone", "invalid_phone")

    key = f"reports:account:{actor.account_id}" if actor else f"reports:ip:{client_ip}"
    await limit_rate(counters, key, REPORTS_PER_HOUR, HOUR)
    created = False
    try:
        record, created = await _store_report(actor, data, place, category, guest_phone, media_dir)
        return record, created
    finally:
        if not created:  # refused photos or a lost race: the hourly limit counts new reports only
            await counters.release(key)


async def _store_report(actor: Principal | None, data: Submission, place: Place, category: Category,
                        guest_phone: str, media_dir: Path) -> tuple[ReportRecord, bool]:
    # Every photo is checked before any is written: one bad photo refuses the report whole.
    processed = [await process_photo_async(raw, f"photos[{index}]") for index, raw in enumerate(data.photos)]

    async with new_photos(media_dir) as written:
        stored = [await written.write(photo) for photo in processed]
        station_path = ""
        if actor is not None and actor.role == Role.RIDER and actor.scope_path:
            station_path = actor.scope_path
        community = await OrgNode.get(id=place.community_id)
        try:
            async with in_transaction():
                report = await Report.create(
                    category=category, description=data.description.strip(), place=place, spot=data.spot.strip(),
                    reporter_id=actor.account_id if actor else None,
                    guest_name=data.guest_name.strip() if actor is None else "", guest_phone=guest_phone,
                    scope_path=community.path, station_path=station_path, idempotency_key=data.idempotency_key,
                )
                photos = [await ReportPhoto.create(report=report, name=photo.name, thumb_name=photo.thumb,
                                                   width=photo.width, height=photo.height) for photo in stored]
                event = await ReportEvent.create(report=report, actor_id=actor.account_id if actor else None,
                                                 action="submit", from_status="", to_status=ReportStatus.SUBMITTED)
                await tell_about(report, "report_submitted", skip=actor.account_id if actor else None)
        except IntegrityError:
            # The same key won a race a moment ago: keep its report, drop our files.
            written.discard()
            existing = await Report.get_or_none(idempotency_key=data.idempotency_key)
            if existing is None:
                raise
            return await record_of(actor, _same_sender(existing, actor), detail=True), False
    # The answer needs nothing more from the database than who sent it.
    reporter = await Account.get(id=actor.account_id).select_related("scope") if actor else None
    report.category, report.place, report.reporter, event.actor = category, place, reporter, reporter
    duplicates = await suggested_duplicates(report) if actor and can_triage(actor, report) else []
    return ReportRecord(report, photos, [event], duplicates), True


def _same_sender(report: Report, actor: Principal | None) -> Report:
    if report.reporter_id != (actor.account_id if actor else None):
        raise conflict("idempotency_conflict")
    return report


async def add_after_photo(principal: Principal, report_id: int, raw: bytes, media_dir: Path) -> ReportPhoto:
    """The fixer's "after" photo, while the report is with them."""
    report = await get_visible_report(principal, report_id)
    if not is_allowed(principal, report, "resolve"):
        raise forbidden()
    if report.status != S.ASSIGNED:
        raise conflict("illegal_transition")
    async with new_photos(media_dir) as written:
        stored = await written.store(raw)
        return await ReportPhoto.create(report_id=report.id, stage="after", name=stored.name, thumb_name=stored.thumb,
                                        width=stored.width, height=stored.height)
