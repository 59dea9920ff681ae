"""Who is told what about a report: the audience of each step (``WHO_IS_TOLD`` read for
reports), the message with the change, and the deadline alarms (overdue, then escalated to
the street)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from server.core.clock import now
from server.core.roles import Role
from server.notifications.audiences import WHO_IS_TOLD, Audience
from server.notifications.service import Message, Recipient, RoleInScope, tell
from server.org.models import OrgNode
from server.org.service import parent_path
from server.reports.models import (
    OPEN_STATUSES,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
)
from server.reports.rules import community_of

# How long past its deadline an open report waits before the street is told.
ESCALATE_AFTER = timedelta(hours=24)


SWEEP_CHUNK = 100


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
