"""Awarding points. Other slices call ``award`` with a reason and the object it is for;
the rules (points per reason, monthly caps) are rows the admin edits."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from server.locations.hours import BEIJING
from server.points.models import Balance, LedgerEntry, PointRule

CAP_REACHED = "cap reached"
# (reason, points, monthly cap) the programme starts with.
DEFAULT_RULES = [
    ("report_verified", 10, 200),
    ("report_resolved", 5, 100),
    ("wish_fulfilled", 10, 100),
    ("task_completed", 10, 200),
    ("training_attended", 5, 50),
]


async def ensure_default_rules() -> None:
    existing = set(await PointRule.all().values_list("reason", flat=True))
    for reason, points, cap in DEFAULT_RULES:
        if reason not in existing:
            try:
                await PointRule.create(reason=reason, points=points, monthly_cap=cap)
            except IntegrityError:
                pass  # another worker made it at the same moment


def month_start(at: datetime) -> datetime:
    """The first instant of the calendar month in Beijing time."""
    local = at.astimezone(BEIJING)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


async def award(account_id: int, reason: str, object_type: str, object_id: int, *,
                caused_by: int | None = None, note: str = "") -> LedgerEntry | None:
    """Give the points for ``reason`` once per (account, reason, object). Returns the new
    entry, or None when it was given before (a retry, a double click, a race). Past the
    month's cap the entry is written with 0 points and the note "cap reached", so the rider
    can see why."""
    rule = await PointRule.get_or_none(reason=reason, is_active=True)
    amount = rule.points if rule else 0
    try:
        async with in_transaction():
            await Balance.get_or_create(account_id=account_id)
            # The balance row is the account's lock: awards for one account go one at a time
            # (a no-op on SQLite, whose writes are serialised anyway).
            await Balance.filter(account_id=account_id).select_for_update().first()
            if rule is not None and rule.monthly_cap is not None and amount > 0:
                since = month_start(datetime.now(BEIJING))
                given = await LedgerEntry.filter(account_id=account_id, reason=reason, created_at__gte=since) \
                    .annotate(total=Sum("amount")).first().values_list("total", flat=True)
                if (given or 0) + amount > rule.monthly_cap:
                    amount, note = 0, CAP_REACHED
            entry = await LedgerEntry.create(account_id=account_id, amount=amount, reason=reason,
                                             object_type=object_type, object_id=object_id,
                                             caused_by_id=caused_by, note=note[:200])
            if amount:
                await Balance.filter(account_id=account_id).update(points=F("points") + amount)
    except IntegrityError:
        return None
    return entry


async def balance_of(account_id: int) -> int:
    row = await Balance.get_or_none(account_id=account_id)
    return row.points if row else 0
