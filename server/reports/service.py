"""The rules of a report: submission (photos through the pipeline, idempotency, rate
limits), the triage state machine with its events, the 24-hour clock, points and
notifications. Plain async functions; no HTTP objects."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.catalog import with_prefix
from server.core.clock import now
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.media import blurred, media_path, new_photos, process_photo_async, remove_quietly
from server.core.patching import edit_row
from server.core.phones import normalise_phone
from server.core.roles import CONTACT_READERS, TRIAGERS, Role
from server.core.security import Principal, ensure_in_scope
from server.core.stores import CounterStore, limit_rate
from server.locations.models import Place
from server.locations.service import active_place_for_code, distance_km
from server.notifications.audiences import CAME_BACK_STATUSES, WHO_IS_TOLD, Audience
from server.notifications.service import Message, Recipient, RoleInScope, tell
from server.org.models import FIXER_KINDS, NodeKind, OrgNode
from server.org.service import parent_path
from server.points.service import award
from server.reports.models import (
    OPEN_STATUSES,
    Category,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportSettings,
    ReportStatus,
    ResponseTemplate,
    Responsible,
)

MAX_PHOTOS = 4
# The note on an assignment made by the routing, not by a person.
AUTO_ASSIGNED = "auto"
# How long past its deadline an open report waits before the street is told.
ESCALATE_AFTER = timedelta(hours=24)
# The most a fixer may ask for at once (a week).
MAX_MORE_TIME_HOURS = 24 * 7
SWEEP_CHUNK = 100
REPORTS_PER_HOUR = 10
HOUR = 3600
DUPLICATE_RADIUS_KM = 0.25
DUPLICATE_DAYS = 14

# (key, default deadline in hours, who fixes it) the pilot started with; their names are
# the server catalog's ``category.<key>``.
DEFAULT_CATEGORIES = [
    ("sanitation", 24, Responsible.PROPERTY_COMPANY),
    ("street_light", 48, Responsible.DEPARTMENT),
    ("safety_hazard", 24, Responsible.PROPERTY_COMPANY),
    ("broken_facility", 72, Responsible.PROPERTY_COMPANY),
    ("fire_risk", 12, Responsible.PROPERTY_COMPANY),
    ("traffic", 48, Responsible.DEPARTMENT),
    ("other", 72, Responsible.COMMUNITY),
]



async def ensure_default_categories() -> None:
    """The categories the pilot started with; the admin may edit them afterwards."""
    existing = set(await Category.all().values_list("key", flat=True))
    names = with_prefix("category")
    for order, (key, hours, responsible) in enumerate(DEFAULT_CATEGORIES):
        if key in existing:
            continue
        try:
            await Category.create(key=key, name=names[key]["zh"], name_ug=names[key]["ug"], name_en=names[key]["en"],
                                  default_deadline_hours=hours, default_responsible=responsible, sort_order=order)
        except IntegrityError:
            pass  # another worker created it at the same moment


# --- submission ---------------------------------------------------------------------


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


# --- who may see and do what ----------------------------------------------------------

def can_triage(principal: Principal, report: Report) -> bool:
    return principal.role in TRIAGERS and principal.covers(report.scope_path)


def can_see(principal: Principal, report: Report) -> bool:
    if report.reporter_id == principal.account_id or can_triage(principal, report):
        return True
    if principal.role == Role.STATION_HEAD:
        return bool(report.station_path) and principal.covers(report.station_path)
    if principal.role == Role.PROPERTY_STAFF:
        return report.assigned_company_id is not None and report.assigned_company_id == principal.scope_id
    return False


def shielded_from(principal: Principal | None, report: Report, *, own: bool = False) -> bool:
    """Whether the viewer must not learn who sent the report: everyone but the community
    workers, the admin and the reporter himself (``own``: the answer to his own submission)."""
    if own or (principal is not None and report.reporter_id == principal.account_id):
        return False
    return principal is None or principal.role not in CONTACT_READERS


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


async def categories_for(principal: Principal | None, include_inactive: bool) -> list[Category]:
    """Kinds of problem in display order; retired ones too only for an admin who asks."""
    query = Category.all()
    if not (include_inactive and principal is not None and principal.role == Role.ADMIN):
        query = query.filter(is_active=True)
    return await query.order_by("sort_order", "id")


async def _check_department(department_id: int | None) -> None:
    if department_id is not None and not await OrgNode.filter(id=department_id, kind=NodeKind.DEPARTMENT).exists():
        raise invalid("default_department_id", "unknown_node")


async def add_category(fields: dict) -> Category:
    if await Category.filter(key=fields["key"]).exists():
        raise conflict()
    await _check_department(fields.get("default_department_id"))
    return await Category.create(**fields)


async def edit_category(key: str, changes: dict) -> Category:
    """Rename, change the default deadline or fixer (and department), or retire (old
    reports keep it)."""
    await _check_department(changes.get("default_department_id"))
    return await edit_row(Category, changes, key=key)


async def get_visible_report(principal: Principal, report_id: int) -> Report:
    report = await Report.get_or_none(id=report_id)
    if report is None or not can_see(principal, report):
        raise not_found()
    return report


# --- the state machine ----------------------------------------------------------------

S = ReportStatus
TRANSITIONS: dict[str, tuple[frozenset[ReportStatus], ReportStatus | None]] = {
    "verify": (frozenset({S.SUBMITTED, S.REOPENED}), S.VERIFIED),
    "reject": (frozenset({S.SUBMITTED, S.VERIFIED, S.REOPENED, S.RETURNED}), S.REJECTED),
    "duplicate": (frozenset({S.SUBMITTED, S.VERIFIED, S.REOPENED, S.RETURNED}), S.DUPLICATE),
    "assign": (frozenset({S.VERIFIED, S.ASSIGNED, S.REOPENED, S.RETURNED}), S.ASSIGNED),
    # The fixer's side: sign for it (签收), send it back (退单) with a reason, ask once for
    # more time; the community grants or refuses.
    "accept": (frozenset({S.ASSIGNED}), None),
    "return": (frozenset({S.ASSIGNED}), S.RETURNED),
    "ask_more_time": (frozenset({S.ASSIGNED}), None),
    "grant_more_time": (frozenset({S.ASSIGNED}), None),
    "refuse_more_time": (frozenset({S.ASSIGNED}), None),
    "resolve": (frozenset({S.ASSIGNED}), S.RESOLVED),
    "close": (frozenset({S.VERIFIED, S.ASSIGNED, S.RESOLVED, S.RETURNED}), S.CLOSED),
    "reopen": (frozenset({S.RESOLVED, S.CLOSED, S.REJECTED, S.DUPLICATE}), S.REOPENED),
    "fixed": (frozenset({S.RESOLVED}), S.CLOSED),
    "not_fixed": (frozenset({S.RESOLVED}), S.REOPENED),
    "comment": (frozenset(S), None),
}
FIRST_RESPONSES = {"verify", "reject", "duplicate", "assign"}


@dataclass
class ActionInput:
    note: str = ""
    company_id: int | None = None
    department: str = ""
    deadline_hours: int | None = None
    duplicate_of: int | None = None


FIXER_ACTIONS = {"accept", "return", "ask_more_time"}
# Actions that change the current assignment's fields, not the status: one conditional
# update each (of two people acting at once, one wins), allowed while the assignment is in
# this state — the update's condition, and what ``available_actions`` offers.
ASSIGNMENT_NEEDS = {"accept": ("accepted_at", None), "ask_more_time": ("more_time", None),
                    "grant_more_time": ("more_time", "asked"), "refuse_more_time": ("more_time", "asked")}
ASSIGNMENT_ACTIONS = set(ASSIGNMENT_NEEDS)


def is_fixer(principal: Principal, report: Report) -> bool:
    return principal.role == Role.PROPERTY_STAFF and report.assigned_company_id == principal.scope_id


def _allowed(principal: Principal, report: Report, action: str) -> bool:
    if action in ("fixed", "not_fixed"):
        return report.reporter_id == principal.account_id
    if action in FIXER_ACTIONS:
        return is_fixer(principal, report)
    if action == "resolve":
        return can_triage(principal, report) or (
            principal.role == Role.PROPERTY_STAFF and report.assigned_company_id == principal.scope_id)
    if action == "comment":
        return can_see(principal, report)
    return can_triage(principal, report)


# The next step first: of the actions allowed now, a screen puts forward the first in this
# order and keeps the others in a "more" menu.
NEXT_STEP_ORDER = ("fixed", "accept", "grant_more_time", "verify", "assign", "resolve", "close", "reopen",
                   "not_fixed", "refuse_more_time", "ask_more_time", "return", "duplicate", "reject", "comment")


def available_actions(principal: Principal | None, report: Report) -> list[str]:
    """What this person may do with the report now, the next step first: what ``act``
    would accept (status, role, and the current assignment's state)."""
    if principal is None:
        return []
    found = []
    for action in NEXT_STEP_ORDER:
        if report.status not in TRANSITIONS[action][0] or not _allowed(principal, report, action):
            continue
        if action in ASSIGNMENT_NEEDS:
            column, value = ASSIGNMENT_NEEDS[action]
            if getattr(report, column) != value:
                continue
        found.append(action)
    return found


async def assignees(principal: Principal, report_id: int) -> list[tuple[OrgNode, bool]]:
    """Who the report may be assigned to: the property companies of its community (the
    place's own first) and the departments that serve it — what ``assign`` accepts; each
    with whether it manages the report's place."""
    report = await get_visible_report(principal, report_id)
    if not can_triage(principal, report):
        raise forbidden()
    own = await Place.filter(id=report.place_id).first().values_list("property_company_id", flat=True)
    nodes = [node for node in await OrgNode.filter(kind__in=list(FIXER_KINDS), is_active=True)
             if fixer_serves(node, report.scope_path)]
    nodes.sort(key=lambda node: (node.id != own, node.kind != NodeKind.PROPERTY_COMPANY, node.name, node.id))
    return [(node, node.id == own) for node in nodes]


async def act(principal: Principal, report_id: int, action: str, data: ActionInput) -> Report:
    """Apply one action. Illegal for the current status → 409; not allowed → 403."""
    if action not in TRANSITIONS:
        raise not_found()
    report = await get_visible_report(principal, report_id)
    if not _allowed(principal, report, action):
        raise forbidden()
    sources, target = TRANSITIONS[action]
    changes: dict = {}
    moment = now()
    if action in ("reject", "return", "ask_more_time") and not data.note.strip():
        raise invalid("note", "reason_required")
    if action in ASSIGNMENT_ACTIONS:
        return await _assignment_step(principal, report, action, data, moment)
    if action == "assign":
        changes.update(await _assignment(report, data, moment))
    if action == "duplicate":
        original = await Report.get_or_none(id=data.duplicate_of or 0)
        if original is None or original.id == report.id or not can_triage(principal, original):
            raise invalid("duplicate_of", "unknown_report")
        changes["duplicate_of_id"] = original.id
    if action == "comment" and not data.note.strip():
        raise invalid("note", "required")
    if target is not None:
        changes["status"] = target
        if action in FIRST_RESPONSES:
            changes["first_response_at"] = report.first_response_at or moment
        if action == "verify":
            changes["verified_at"] = report.verified_at or moment
        if action == "resolve":
            changes["resolved_at"] = moment
            changes["first_resolved_at"] = report.first_resolved_at or moment
        if target == S.CLOSED:
            changes["closed_at"] = moment
        if action == "assign":  # a new assignment: its own acceptance and one request for time
            changes.update(assigned_at=moment, accepted_at=None, more_time_hours=None, more_time=None)
        if action == "return":  # back with the community: the fixer's clock stops
            changes.update(assigned_company_id=None, deadline_at=None, accepted_at=None)
        if target == S.REOPENED:
            # Back on the clock: the category's default deadline again, from now, so a
            # reopened report turns overdue like any other.
            category = await Category.get(id=report.category_id)
            changes.update(resolved_at=None, closed_at=None, reopened_at=moment,
                           deadline_at=moment + timedelta(hours=category.default_deadline_hours))
    async with in_transaction():
        if target is not None:
            # A conditional write: of two people acting at once, one wins, the other gets 409.
            updated = await Report.filter(id=report.id, status__in=list(sources)).update(**changes, updated_at=moment)
            if not updated:
                raise conflict("illegal_transition")
        elif report.status not in sources:
            raise conflict("illegal_transition")
        await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action=action,
                                 from_status=report.status, to_status=target or report.status,
                                 note=data.note.strip()[:1000])
        report = await Report.get(id=report.id)
        if target is not None:
            # Points and messages with the change: kept or lost together.
            await _after_change(report, action, principal)
        if action == "verify" and (routed := await _route(report, principal, moment)) is not None:
            report = routed
    return report


async def _assignment_step(principal: Principal, report: Report, action: str, data: ActionInput,
                           moment: datetime) -> Report:
    """Accept, ask for more time, grant or refuse it: each a conditional update on the
    current assignment, so a second click, a second fixer or a report returned meanwhile
    answers 409 and changes nothing."""
    column, value = ASSIGNMENT_NEEDS[action]
    same = {"id": report.id, "status": S.ASSIGNED, "assigned_company_id": report.assigned_company_id, column: value}
    if action == "accept":
        query, changes, refusal = Report.filter(**same), {"accepted_at": moment}, "already_accepted"
    elif action == "ask_more_time":
        hours = data.deadline_hours or 0
        if not 1 <= hours <= MAX_MORE_TIME_HOURS:
            raise invalid("deadline_hours", "invalid")
        query, changes, refusal = Report.filter(**same), {"more_time": "asked", "more_time_hours": hours}, \
            "more_time_once"
    else:
        granted = action == "grant_more_time"
        if granted and report.deadline_at is not None and report.more_time_hours:
            changes = {"more_time": "granted", "deadline_at": report.deadline_at + timedelta(hours=report.more_time_hours)}
        else:
            changes = {"more_time": "granted" if granted else "refused"}
        query, refusal = Report.filter(**same, deadline_at=report.deadline_at), "illegal_transition"
    async with in_transaction():
        if not await query.update(**changes, updated_at=moment):
            current = await Report.get(id=report.id)
            raise conflict(refusal if current.status == S.ASSIGNED else "illegal_transition")
        await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action=action,
                                 from_status=report.status, to_status=report.status, note=data.note.strip()[:1000])
        report = await Report.get(id=report.id)
        if action == "ask_more_time":
            await tell_about(report, "report_more_time", skip=principal.account_id)
        elif action != "accept":
            await tell_about(report, "report_more_time_answer", skip=principal.account_id,
                             params={"answer": report.more_time})
    return report


async def _route(report: Report, principal: Principal, moment: datetime) -> Report | None:
    """Automatic routing: a verified report at a place its property company manages goes
    to that company at once, with the category's default deadline — when the category's
    fixer is the property company and the community has not switched this off. The worker
    can still assign it elsewhere."""
    category = await Category.get(id=report.category_id)
    if category.default_responsible == Responsible.PROPERTY_COMPANY:
        company_id = await Place.filter(id=report.place_id).first().values_list("property_company_id", flat=True)
    elif category.default_responsible == Responsible.DEPARTMENT and category.default_department_id:
        department = await OrgNode.get_or_none(id=category.default_department_id, is_active=True)
        company_id = department.id if department and fixer_serves(department, report.scope_path) else None
    else:
        company_id = None
    if company_id is None or not await auto_assigns(community_of(report)):
        return None
    changes = {"status": S.ASSIGNED, "assigned_company_id": company_id, "assigned_department": "",
               "deadline_at": moment + timedelta(hours=category.default_deadline_hours), "assigned_at": moment,
               "accepted_at": None, "more_time_hours": None, "more_time": None}
    if not await Report.filter(id=report.id, status=S.VERIFIED).update(**changes, updated_at=moment):
        return None
    await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action="assign",
                             from_status=S.VERIFIED, to_status=S.ASSIGNED, note=AUTO_ASSIGNED)
    routed = await Report.get(id=report.id)
    await tell_about(routed, "report_status", skip=principal.account_id)
    await tell_about(routed, "report_assigned", skip=principal.account_id)
    return routed


async def auto_assigns(community_id: int) -> bool:
    """Whether the community routes verified reports by themselves (default: yes)."""
    chosen = await ReportSettings.get_or_none(community_id=community_id)
    return True if chosen is None else chosen.auto_assign


async def set_auto_assign(principal: Principal, community_id: int, on: bool) -> bool:
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise not_found()
    ensure_in_scope(principal, community.path)
    if principal.role not in TRIAGERS:
        raise forbidden()
    if not await ReportSettings.filter(community_id=community.id).update(auto_assign=on):
        await ReportSettings.create(community_id=community.id, auto_assign=on)
    return on


async def _assignment(report: Report, data: ActionInput, moment: datetime) -> dict:
    category = await Category.get(id=report.category_id)
    hours = data.deadline_hours or category.default_deadline_hours
    if not 1 <= hours <= 24 * 30:
        raise invalid("deadline_hours", "invalid")
    if data.company_id is not None:
        company = await OrgNode.get_or_none(id=data.company_id, kind__in=list(FIXER_KINDS), is_active=True)
        if company is None or not fixer_serves(company, report.scope_path):
            raise invalid("company_id", "unknown_node")
        return {"assigned_company_id": company.id, "assigned_department": "",
                "deadline_at": moment + timedelta(hours=hours)}
    if data.department.strip():
        return {"assigned_company_id": None, "assigned_department": data.department.strip()[:100],
                "deadline_at": moment + timedelta(hours=hours)}
    raise invalid("company_id", "assignee_required")


async def _after_change(report: Report, action: str, principal: Principal) -> None:
    if report.reporter_id is not None:
        if action == "verify":
            await award(report.reporter_id, "report_verified", "report", report.id, caused_by=principal.account_id)
        if action == "resolve":
            await award(report.reporter_id, "report_resolved", "report", report.id, caused_by=principal.account_id)
    await tell_about(report, "report_status", skip=principal.account_id)
    if action == "assign":
        await tell_about(report, "report_assigned", skip=principal.account_id)
    if report.status in CAME_BACK_STATUSES:
        await tell_about(report, "report_came_back", skip=principal.account_id)


# --- who is told -------------------------------------------------------------------------


async def _audience(report: Report, audience: Audience) -> Recipient:
    """Who ``audience`` is for this report (only what a kind needs is looked up)."""
    if audience == Audience.REPORTER:
        return report.reporter_id
    if audience == Audience.COMMUNITY_WORKERS:
        return RoleInScope(Role.COMMUNITY_WORKER, report.scope_path, exact=True)
    if audience == Audience.STREET_WORKERS:
        return RoleInScope(Role.COMMUNITY_WORKER, parent_path(report.scope_path), exact=True)
    if audience == Audience.REPORTER_STATION_HEAD:
        return RoleInScope(Role.STATION_HEAD, report.station_path, exact=True) if report.station_path else None
    if audience == Audience.ASSIGNEE:
        # Only while the report is with them: a reopened report is back with the community.
        with_them = report.assigned_company_id and report.status == ReportStatus.ASSIGNED
        company = await OrgNode.get_or_none(id=report.assigned_company_id) if with_them else None
        return RoleInScope(Role.PROPERTY_STAFF, company.path, exact=True) if company else None
    if audience == Audience.ASSIGNING_WORKER:
        return await ReportEvent.filter(report_id=report.id, action="assign").order_by("-id") \
            .first().values_list("actor_id", flat=True)
    return None


def fixer_serves(fixer: OrgNode, community_path: str) -> bool:
    """A property company serves its own community; a department every community under the
    district or street it belongs to."""
    if fixer.kind == NodeKind.DEPARTMENT:
        return community_path.startswith(parent_path(fixer.path))
    return parent_path(fixer.path) == community_path


def community_of(report: Report) -> int:
    """The community's id is the last step of the report's scope path (``/1/4/9/`` → 9)."""
    return int(report.scope_path.rstrip("/").rsplit("/", 1)[1])


async def tell_about(report: Report, kind: str, *, skip: int | None = None, params: dict | None = None) -> int:
    """Tell those the table ``WHO_IS_TOLD`` names for ``kind`` about ``report``, and the
    community's work groups that take ``kind``."""
    audiences = {audience: await _audience(report, audience) for audience in WHO_IS_TOLD[kind]}
    # One query for what the texts show: the place, the category and the first photo.
    shown = await ReportPhoto.filter(report_id=report.id, stage="before").order_by("id").first().values(
        "thumb_name", "report__place__name", "report__category__name") or {}
    message = Message(kind, "report", report.id, status=report.status,
                      params={"place": shown.get("report__place__name") or "",
                              "category_name": shown.get("report__category__name") or "",
                              "photo": shown.get("thumb_name") or "", **(params or {})})
    return await tell(audiences, message, skip=skip, community_id=community_of(report))


async def watch_deadlines(at: datetime | None = None, limit: int = 1000) -> int:
    """The 24-hour clock's alarms, run by the housekeeping of every worker: an open report
    past its deadline is announced to the community workers and the assignee, and 24 hours
    later, still open, to the street's workers. Each once per deadline: the report records
    which deadline it announced, by a conditional update only one worker can win (a new
    deadline after reopening or reassigning is announced again)."""
    at = at or now()
    told = 0
    for column, kind, grace in (("overdue_notice_for", "report_overdue", timedelta(0)),
                                ("escalated_for", "report_escalated", ESCALATE_AFTER)):
        due = await Report.filter(
            Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": F("deadline_at")}),
            status__in=list(OPEN_STATUSES), deadline_at__lte=at - grace,
        ).order_by("deadline_at").limit(limit)
        # A hundred reports a transaction: each claim and its messages commit together, and
        # a burst of due reports does not pay one disk sync each.
        for start in range(0, len(due), SWEEP_CHUNK):
            async with in_transaction():
                for report in due[start:start + SWEEP_CHUNK]:
                    won = await Report.filter(
                        Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lt": report.deadline_at}),
                        id=report.id, deadline_at=report.deadline_at, status__in=list(OPEN_STATUSES),
                    ).update(**{column: report.deadline_at})
                    if won:
                        told += await tell_about(report, kind, params={"deadline": report.deadline_at.isoformat()})
    return told


async def add_after_photo(principal: Principal, report_id: int, raw: bytes, media_dir: Path) -> ReportPhoto:
    """The fixer's "after" photo, while the report is with them."""
    report = await get_visible_report(principal, report_id)
    if not _allowed(principal, report, "resolve"):
        raise forbidden()
    if report.status != S.ASSIGNED:
        raise conflict("illegal_transition")
    async with new_photos(media_dir) as written:
        stored = await written.store(raw)
        return await ReportPhoto.create(report_id=report.id, stage="after", name=stored.name, thumb_name=stored.thumb,
                                        width=stored.width, height=stored.height)


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


# --- the clock ------------------------------------------------------------------------


def minutes_between(start: datetime | None, end: datetime | None) -> int | None:
    return None if start is None or end is None else math.floor((end - start).total_seconds() / 60)


def is_overdue(report: Report, at: datetime) -> bool:
    return report.deadline_at is not None and report.deadline_at < at and report.status in OPEN_STATUSES


def handled_within_24h(report: Report) -> bool | None:
    """One report's "within 24 h" (the figures count the same in SQL: stats/definitions.py)."""
    minutes = minutes_between(report.created_at, report.first_resolved_at)
    return None if minutes is None else minutes <= 24 * 60


# --- duplicates -------------------------------------------------------------------------


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
