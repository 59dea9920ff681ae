"""What each figure means, written once. The README's "Figures" section says the same in
words; every number the API, the dashboard, the monthly report and the exports show is
counted with these expressions.

Reports are counted as a **cohort**: the reports *received* in the period (by their
``created_at``, in Beijing time), with their outcome as it stands now. Everything else is
counted as **activity**: what *happened* in the period (a wish lit in November counts in
November, whenever it was written).

Report terms (``r`` is the report row):

* received — every report sent in the period.
* lead — a report that reached ``verified`` (whatever happened after): ``verified_at`` set.
* fixed — resolved and not reopened since, or closed after such a resolution (the reporter's
  "fixed", or staff closing a resolved report): status resolved or closed with the current
  resolution kept (reopening clears ``resolved_at``). Closed without a resolution is not fixed.
* within 24 h — a lead whose *first* resolution came at most 24 hours after it was received;
  its share is of the leads.
* first response — received → the first staff action (verify, reject, duplicate, assign).
* time to fix — received → the first resolution.
* overdue now — still open and past its deadline at the moment of asking.
* reopened — reopened at least once (by the reporter's "not fixed" or by staff).
* rejected, duplicate — their status now.

Percentiles are nearest-rank: the p-th percentile of n values is the ceil(p·n)-th smallest
(PostgreSQL's ``percentile_disc``), so a median is always a time one report really took.

Wish terms (activity in the period): collected (written), published, claimed (each claim,
by the claimer's kind; a wish given up and claimed again counts twice), fulfilled, lit
(the rider said thank you), expired (claims that ran out), days to claim (published → claim,
median of the period's claims).

People and points: points awarded (positive ledger lines for good deeds and the admin's
grants; not refunds of rewards), points redeemed (the cost of rewards handed over),
riders active (riders who sent a report or a wish), trainings held and their attendees.
"""

from __future__ import annotations

from server.reports.models import OPEN_STATUSES, ReportStatus

DAY_SECONDS = 24 * 60 * 60

# The ledger reasons that are good deeds (or grants), not movements of spending.
AWARD_REASONS = ("report_verified", "report_resolved", "wish_fulfilled", "task_completed", "training_attended",
                 "adjustment")


def _statuses(statuses) -> str:
    return ", ".join(f"'{status.value}'" for status in statuses)


OPEN = _statuses(OPEN_STATUSES)
IS_LEAD = "r.verified_at IS NOT NULL"
IS_FIXED = (f"(r.status IN ('{ReportStatus.RESOLVED.value}', '{ReportStatus.CLOSED.value}')"
            " AND r.resolved_at IS NOT NULL)")
IS_REOPENED = "r.reopened_at IS NOT NULL"
IS_REJECTED = f"r.status = '{ReportStatus.REJECTED.value}'"
IS_DUPLICATE = f"r.status = '{ReportStatus.DUPLICATE.value}'"


def is_within_24h(seconds_between) -> str:
    """A lead first resolved at most 24 hours after it came in."""
    return (f"(r.first_resolved_at IS NOT NULL AND "
            f"{seconds_between('r.created_at', 'r.first_resolved_at')} <= {DAY_SECONDS})")


def is_overdue_now(now_param: str) -> str:
    return f"(r.status IN ({OPEN}) AND r.deadline_at IS NOT NULL AND r.deadline_at < {now_param})"
