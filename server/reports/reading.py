"""Reading reports: one report as its viewer may see it, the queues (by role and scope, with
filters), the counts a home screen and the queue's filters show, thumbnails for list rows,
the duplicates suggested for a report, and a worker opening the sender's number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server.core.clock import now
from server.core.errors import forbidden, not_found
from server.core.roles import CONTACT_READERS, TRIAGERS, Role
from server.core.security import Principal
from server.locations.models import Place
from server.locations.service import distance_km
from server.org.models import NodeKind
from server.org.service import parent_path
from server.reports.models import (
    OPEN_STATUSES,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
)
from server.reports.rules import can_see, can_triage

DUPLICATE_RADIUS_KM = 0.25


DUPLICATE_DAYS = 14


def reporter_label(report: Report) -> tuple[str, str | None]:
    """(kind, station name) — what shielded viewers see: 骑手 · <station>, 居民, 访客."""
    if report.reporter_id is None or report.reporter is None:
        return "guest", None
    if report.reporter.role == Role.RIDER:  # needs reporter__scope fetched (record_of does)
        return Role.RIDER.value, report.reporter.scope.name if report.reporter.scope else None
    return Role.RESIDENT.value, None


async def reveal_phone(principal: Principal, report_id: int) -> str:
    """A community worker opens the reporter's number to call back: answered, and recorded
    on the report's history (who, when)."""
    report = await get_visible_report(principal, report_id)
    if principal.role not in CONTACT_READERS:
        raise forbidden()
    await report.fetch_related("reporter")
    phone = (report.reporter.phone if report.reporter else report.guest_phone) or ""
    if not phone:
        raise not_found()
    await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action="phone_viewed",
                             from_status=report.status, to_status=report.status)
    return phone


@dataclass
class QueueFilter:
    statuses: list[ReportStatus] | None = None
    category: str | None = None
    place_id: int | None = None
    overdue: bool = False


def queue_for(principal: Principal, wanted: QueueFilter) -> QuerySet[Report]:
    """What the caller handles: community workers (and admins) their scope's reports,
    property staff what is assigned to their company, station heads their riders' reports.
    Anyone else has no queue (403)."""
    if principal.role in TRIAGERS and principal.scope_kind == NodeKind.COMMUNITY:
        # A report's scope is its community's path: one value, read in id order off the index.
        query = Report.filter(scope_path=principal.scope_path)
    elif principal.role in TRIAGERS:
        query = Report.filter(scope_path__startswith=principal.scope_path or "/")
    elif principal.role == Role.PROPERTY_STAFF:
        query = Report.filter(assigned_company_id=principal.scope_id)
    elif principal.role == Role.STATION_HEAD:
        query = Report.filter(station_path__startswith=principal.scope_path, station_path__not="")
    else:
        raise forbidden()
    if wanted.statuses:
        query = query.filter(status__in=list(wanted.statuses))
    if wanted.category:
        query = query.filter(category__key=wanted.category)
    if wanted.place_id is not None:
        query = query.filter(place_id=wanted.place_id)
    if wanted.overdue:
        query = query.filter(deadline_at__lt=now(), status__in=list(OPEN_STATUSES))
    return query.select_related(*SHOWN_WITH)


DUE_SOON = timedelta(hours=2)


@dataclass
class QueueCounts:
    new: int        # waiting for a first look (submitted)
    overdue: int    # open and past the deadline
    due_soon: int   # open, deadline within the next two hours
    open: int       # all open ones
    by_status: dict[str, int] = field(default_factory=dict)  # every status, for the queue's filters


async def queue_counts(principal: Principal, at: datetime | None = None) -> QueueCounts:
    """What the caller's queue holds right now, counted in the database."""
    at = at or now()
    query = queue_for(principal, QueueFilter())
    opened = query.filter(status__in=list(OPEN_STATUSES))
    grouped = await query.annotate(n=Count("id")).group_by("status").values_list("status", "n")
    by_status = {status.value: 0 for status in ReportStatus} | {str(status): n for status, n in grouped}
    return QueueCounts(
        new=by_status[ReportStatus.SUBMITTED.value],
        overdue=await opened.filter(deadline_at__lt=at).count(),
        due_soon=await opened.filter(deadline_at__gte=at, deadline_at__lt=at + DUE_SOON).count(),
        open=sum(by_status[status.value] for status in OPEN_STATUSES),
        by_status=by_status,
    )


async def first_thumbnails(report_ids: list[int]) -> dict[int, str]:
    """Each report's first "before" photo's thumbnail name, in one query (for list rows)."""
    found: dict[int, str] = {}
    rows = await ReportPhoto.filter(report_id__in=report_ids, stage="before").order_by("id") \
        .values_list("report_id", "thumb_name")
    for report_id, thumb in rows:
        found.setdefault(report_id, thumb)
    return found


def reported_by(principal: Principal) -> QuerySet[Report]:
    return Report.filter(reporter_id=principal.account_id).select_related(*SHOWN_WITH)


@dataclass
class ReportRecord:
    """A report with what its viewer may see of it: photos, history, duplicates."""

    report: Report
    photos: list[ReportPhoto]
    events: list[ReportEvent]
    duplicates: list[Report]


# What every answer about a report shows besides the report: lists load them with the page
# (``select_related``), one report at a time fetches them.
SHOWN_WITH = ("category", "place", "reporter__scope")


async def record_of(principal: Principal | None, report: Report, *, detail: bool = False) -> ReportRecord:
    missing = [name for name in SHOWN_WITH if f"_{name.split('__')[0]}" not in report.__dict__]
    if missing:
        await report.fetch_related(*missing)
    if not detail:
        return ReportRecord(report, [], [], [])
    photos = await ReportPhoto.filter(report_id=report.id).order_by("id")
    events = await ReportEvent.filter(report_id=report.id).select_related("actor").order_by("id")
    # Only those who can mark a duplicate are shown the candidates.
    duplicates = await suggested_duplicates(report) if principal and can_triage(principal, report) else []
    return ReportRecord(report, photos, events, duplicates)


async def get_visible_report(principal: Principal, report_id: int) -> Report:
    report = await Report.get_or_none(id=report_id)
    if report is None or not can_see(principal, report):
        raise not_found()
    return report


async def suggested_duplicates(report: Report, limit: int = 5) -> list[Report]:
    """Open reports of the same category at the same place or within ~250 m, last 14 days."""
    since = now() - timedelta(days=DUPLICATE_DAYS)
    place = await Place.get(id=report.place_id)
    candidates = await Report.filter(
        category_id=report.category_id, status__in=list(OPEN_STATUSES), created_at__gte=since,
        scope_path__startswith=parent_path(report.scope_path),  # this street: neighbours count too
    ).exclude(id=report.id).prefetch_related("place").order_by("-id").limit(200)
    near = []
    for other in candidates:
        if other.place_id == place.id:
            near.append(other)
        elif place.latitude is not None and other.place.latitude is not None and distance_km(
                place.latitude, place.longitude, other.place.latitude, other.place.longitude) <= DUPLICATE_RADIUS_KM:
            near.append(other)
    return near[:limit]
