"""The rules of a report: its statuses and the actions that move it (``TRANSITIONS``), who may
do what (``is_allowed``, ``ASSIGNMENT_NEEDS``), the next step first (``available_actions``),
who sees a report and who is shielded from its sender, and the 24-hour clock. No database
writes here: the workflow applies these rules."""

from __future__ import annotations

import math
from datetime import datetime

from server.core.roles import CONTACT_READERS, TRIAGERS, Role
from server.core.security import Principal
from server.org.models import NodeKind, OrgNode
from server.org.service import parent_path
from server.reports.models import (
    OPEN_STATUSES,
    Report,
    ReportStatus,
)


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


FIXER_ACTIONS = {"accept", "return", "ask_more_time"}


# Actions that change the current assignment's fields, not the status: one conditional
# update each (of two people acting at once, one wins), allowed while the assignment is in
# this state — the update's condition, and what ``available_actions`` offers.
ASSIGNMENT_NEEDS = {"accept": ("accepted_at", None), "ask_more_time": ("more_time", None),
                    "grant_more_time": ("more_time", "asked"), "refuse_more_time": ("more_time", "asked")}


ASSIGNMENT_ACTIONS = set(ASSIGNMENT_NEEDS)


def is_fixer(principal: Principal, report: Report) -> bool:
    return principal.role == Role.PROPERTY_STAFF and report.assigned_company_id == principal.scope_id


def is_allowed(principal: Principal, report: Report, action: str) -> bool:
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
        if report.status not in TRANSITIONS[action][0] or not is_allowed(principal, report, action):
            continue
        if action in ASSIGNMENT_NEEDS:
            column, value = ASSIGNMENT_NEEDS[action]
            if getattr(report, column) != value:
                continue
        found.append(action)
    return found


def fixer_serves(fixer: OrgNode, community_path: str) -> bool:
    """A property company serves its own community; a department every community under the
    district or street it belongs to."""
    if fixer.kind == NodeKind.DEPARTMENT:
        return community_path.startswith(parent_path(fixer.path))
    return parent_path(fixer.path) == community_path


def community_of(report: Report) -> int:
    """The community's id is the last step of the report's scope path (``/1/4/9/`` → 9)."""
    return int(report.scope_path.rstrip("/").rsplit("/", 1)[1])


def minutes_between(start: datetime | None, end: datetime | None) -> int | None:
    return None if start is None or end is None else math.floor((end - start).total_seconds() / 60)


def is_overdue(report: Report, at: datetime) -> bool:
    return report.deadline_at is not None and report.deadline_at < at and report.status in OPEN_STATUSES


def handled_within_24h(report: Report) -> bool | None:
    """One report's "within 24 h" (the figures count the same in SQL: stats/definitions.py)."""
    minutes = minutes_between(report.created_at, report.first_resolved_at)
    return None if minutes is None else minutes <= 24 * 60
