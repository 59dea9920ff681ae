"""The triage workflow: one action at a time (verify, reject, duplicate, assign, accept,
return, more time, resolve, close, reopen, the reporter's answer), each a conditional
update with its event row, points and messages in the same transaction; automatic routing
to the place's company on verification; whom a report may be assigned to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from server.core.clock import now
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.roles import TRIAGERS
from server.core.security import Principal, ensure_in_scope
from server.locations.models import Place
from server.notifications.audiences import CAME_BACK_STATUSES
from server.org.models import FIXER_KINDS, NodeKind, OrgNode
from server.points.service import award
from server.reports.models import (
    Category,
    Report,
    ReportEvent,
    ReportSettings,
    ReportStatus,
    Responsible,
)
from server.reports.reading import get_visible_report
from server.reports.rules import (
    ASSIGNMENT_ACTIONS,
    ASSIGNMENT_NEEDS,
    FIRST_RESPONSES,
    TRANSITIONS,
    S,
    can_triage,
    community_of,
    fixer_serves,
    is_allowed,
)
from server.reports.telling import tell_about

# The note on an assignment made by the routing, not by a person.
AUTO_ASSIGNED = "auto"


# The most a fixer may ask for at once (a week).
MAX_MORE_TIME_HOURS = 24 * 7


@dataclass
class ActionInput:
    note: str = ""
    company_id: int | None = None
    department: str = ""
    deadline_hours: int | None = None
    duplicate_of: int | None = None


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
    if not is_allowed(principal, report, action):
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
        changes.update(await moving_to(report, action, target, moment))
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
            await after_change(report, action, principal)
        if action == "verify" and (routed := await _route(report, principal, moment)) is not None:
            report = routed
    return report


async def moving_to(report: Report, action: str, target: ReportStatus, moment: datetime) -> dict:
    """The columns a change of status sets: the status, its milestones (each set once, for
    the figures), and what an assignment, a return or a reopening resets."""
    changes: dict = {"status": target}
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
    return changes


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


async def after_change(report: Report, action: str, principal: Principal | None) -> None:
    """Points and messages with a change of status (``principal`` None: the guest himself)."""
    by = principal.account_id if principal else None
    if report.reporter_id is not None:
        if action == "verify":
            await award(report.reporter_id, "report_verified", "report", report.id, caused_by=by)
        if action == "resolve":
            await award(report.reporter_id, "report_resolved", "report", report.id, caused_by=by)
    await tell_about(report, "report_status", skip=by)
    if action == "assign":
        await tell_about(report, "report_assigned", skip=by)
    if report.status in CAME_BACK_STATUSES:
        await tell_about(report, "report_came_back", skip=by)
