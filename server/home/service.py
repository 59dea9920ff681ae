"""What needs me now: the counts a person's home screen leads with, per role — the waiting
work first (new and overdue reports, wishes to review, hand-overs), then one's own news.

Each count is the same query the screen it links to lists, so the number on the home
screen is the number of rows one finds behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.clock import now
from server.core.roles import MANAGERS, TRIAGERS, Role
from server.core.security import Principal, scope_filter
from server.notifications.service import unread_count
from server.points.service import balance_of
from server.reports import reading as reports
from server.reports.models import ReportStatus
from server.rewards.models import Redemption, RedemptionStatus
from server.wishes import reading as wishes
from server.wishes.models import ClaimStatus, WishClaim


@dataclass(frozen=True)
class Waiting:
    key: str       # what is counted (its words are the screen's: home.waiting.<key>)
    count: int
    href: str      # the screen that lists them
    urgent: bool   # a red badge while there are any (overdue, to accept)


async def _redemptions_waiting(principal: Principal) -> int:
    """Rewards asked for and not yet handed over at the caller's stations and communities."""
    return await Redemption.filter(scope_filter(principal, "reward__owner_path"), status=RedemptionStatus.HELD,
                                   expires_at__gt=now()).count()


async def waiting_for(principal: Principal) -> list[Waiting]:
    role = principal.role
    found: list[Waiting] = []
    if role in TRIAGERS or role == Role.PROPERTY_STAFF:
        counts = await reports.queue_counts(principal)
        if role == Role.PROPERTY_STAFF:
            to_accept = await reports.queue_for(principal, reports.QueueFilter()).filter(
                status=ReportStatus.ASSIGNED, accepted_at=None).count()
            found.append(Waiting("reports_to_accept", to_accept, "/reports?filter=assigned", True))
        else:
            found.append(Waiting("reports_new", counts.new, "/reports?filter=submitted", False))
        found += [Waiting("reports_overdue", counts.overdue, "/reports?filter=overdue", True),
                  Waiting("reports_due_soon", counts.due_soon, "/reports", False)]
    if role in MANAGERS:
        to_review = await wishes.review_queue(principal, None, None).count()
        found += [Waiting("wishes_to_review", to_review, "/wishes/review", False),
                  Waiting("redemptions_waiting", await _redemptions_waiting(principal), "/handover", False)]
    if role == Role.STATION_HEAD:
        found.append(Waiting("riders_open_reports", (await reports.queue_counts(principal)).open, "/reports", False))
    if role in (Role.RIDER, Role.RESIDENT):
        found.append(Waiting("replies", await unread_count(principal.account_id), "/notifications", False))
        found.append(Waiting("points", await balance_of(principal.account_id), "/wallet", False))
    if role == Role.RESIDENT:
        active = await WishClaim.filter(account_id=principal.account_id, status=ClaimStatus.ACTIVE).count()
        found.append(Waiting("claims_active", active, "/claims/mine", False))
    return found
