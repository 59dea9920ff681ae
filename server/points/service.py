"""Awarding points. Other slices call ``award`` with a reason and the object it is for;
the points rules (amounts per reason, monthly caps) live here."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from server.points.models import Balance, LedgerEntry

# Points per reason until the admin's rules screen exists.
DEFAULT_POINTS = {
    "report_verified": 10,
    "report_resolved": 5,
    "wish_fulfilled": 10,
    "task_completed": 10,
    "training_attended": 5,
}


async def award(account_id: int, reason: str, object_type: str, object_id: int, *,
                caused_by: int | None = None, note: str = "") -> LedgerEntry | None:
    """Give the points for ``reason`` once per (account, reason, object). Returns the new
    entry, or None when it was given before (a retry, a double click, a race)."""
    amount = DEFAULT_POINTS.get(reason, 0)
    try:
        async with in_transaction():
            entry = await LedgerEntry.create(account_id=account_id, amount=amount, reason=reason,
                                             object_type=object_type, object_id=object_id,
                                             caused_by_id=caused_by, note=note[:200])
            await Balance.get_or_create(account_id=account_id)
            await Balance.filter(account_id=account_id).update(points=F("points") + amount)
    except IntegrityError:
        return None
    return entry


async def balance_of(account_id: int) -> int:
    row = await Balance.get_or_none(account_id=account_id)
    return row.points if row else 0
