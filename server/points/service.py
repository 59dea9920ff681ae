"""Awarding points. Other slices call ``award`` with a reason and the object it is for;
the rules (points per reason, monthly caps) are rows the admin edits."""

from __future__ import annotations

from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.clock import BEIJING, month_start, next_month, now
from server.core.errors import conflict, invalid
from server.core.roles import Role
from server.core.security import Principal, ensure_in_scope
from server.points.models import Balance, LedgerEntry, PointAdjustment, PointRule

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


async def award(account_id: int, reason: str, object_type: str, object_id: int, *,
                caused_by: int | None = None, note: str = "") -> LedgerEntry | None:
    """Give the points for ``reason`` once per (account, reason, object). Returns the new
    entry, or None when it was given before (a retry, a double click, a race). Past the
    month's cap the entry is written with 0 points and the note "cap reached", so the rider
    can see why."""
    rule = await PointRule.get_or_none(reason=reason, is_active=True)
    amount = rule.points if rule else 0
    await ensure_balance(account_id)
    try:
        async with in_transaction():
            # The balance row is the account's lock: awards for one account go one at a time
            # (a no-op on SQLite, whose writes are serialised anyway).
            await Balance.filter(account_id=account_id).select_for_update().first()
            if rule is not None and rule.monthly_cap is not None and amount > 0:
                since = month_start(now())
                given = await LedgerEntry.filter(account_id=account_id, reason=reason, created_at__gte=since) \
                    .annotate(total=Sum("amount")).first().values_list("total", flat=True)
                if (given or 0) + amount > rule.monthly_cap:
                    amount, note = 0, CAP_REACHED
            return await post_entry(account_id, amount, reason, object_type, object_id,
                                    caused_by=caused_by, note=note)
    except IntegrityError:
        return None


async def ensure_balance(account_id: int) -> None:
    try:
        await Balance.get_or_create(account_id=account_id)
    except IntegrityError:
        pass  # made at the same moment by another request


async def post_entry(account_id: int, amount: int, reason: str, object_type: str, object_id: int, *,
                     caused_by: int | None = None, note: str = "") -> LedgerEntry:
    """Write one ledger line and move the balance with it. Call inside a transaction, after
    ``ensure_balance``. A debit is a conditional update (``points >= amount``): when the
    balance does not cover it nothing is written and 409 ``not_enough_points`` is raised."""
    if amount < 0:
        covered = await Balance.filter(account_id=account_id, points__gte=-amount) \
            .update(points=F("points") + amount)
        if not covered:
            raise conflict("not_enough_points")
    entry = await LedgerEntry.create(account_id=account_id, amount=amount, reason=reason,
                                     object_type=object_type, object_id=object_id,
                                     caused_by_id=caused_by, note=note[:200])
    if amount > 0:
        await Balance.filter(account_id=account_id).update(points=F("points") + amount)
    return entry


async def adjust(account_id: int, amount: int, note: str, *, made_by: int | None) -> LedgerEntry:
    """The admin's correction or grant: an entry like any other, never an edit. Taking
    away more than the balance holds → 409 ``not_enough_points``."""
    await ensure_balance(account_id)
    async with in_transaction():
        adjustment = await PointAdjustment.create(account_id=account_id, amount=amount, note=note, made_by_id=made_by)
        return await post_entry(account_id, amount, "adjustment", "adjustment", adjustment.id,
                                caused_by=made_by, note=note)


async def adjust_account(principal: Principal, account_id: int, amount: int, note: str) -> LedgerEntry:
    """An admin's adjustment of an account within their scope, with its reason."""
    if amount == 0:
        raise invalid("amount", "invalid")
    if not note.strip():
        raise invalid("note", "reason_required")
    account = await Account.get_or_none(id=account_id).select_related("scope")
    if account is None:
        raise invalid("account_id", "unknown_account")
    ensure_in_scope(principal, account.scope.path if account.scope else None)
    return await adjust(account.id, amount, note.strip(), made_by=principal.account_id)


async def balance_of(account_id: int) -> int:
    row = await Balance.get_or_none(account_id=account_id)
    return row.points if row else 0


def month_bounds(month: str | None) -> tuple[str, datetime, datetime]:
    """``"2026-11"`` (or this month in Beijing) → (label, first instant, first of next)."""
    if month:
        try:
            start = datetime.strptime(month, "%Y-%m").replace(tzinfo=BEIJING)
        except ValueError:
            raise invalid("month", "invalid") from None
    else:
        start = month_start(now())
    end = next_month(start)
    return start.strftime("%Y-%m"), start, end


async def leaderboard(node_path: str, start: datetime, end: datetime, limit: int = 20) -> list[tuple[int, int]]:
    """(account id, points earned by good deeds) for opted-in riders under ``node_path``,
    best first. Spending, releases and the admin's adjustments do not count. The riders
    are found first (few), then only their lines are summed."""
    riders = await Account.filter(on_leaderboard=True, role=Role.RIDER, is_active=True,
                                  scope__path__startswith=node_path).values_list("id", flat=True)
    if not riders:
        return []
    deeds = await PointRule.all().values_list("reason", flat=True)
    rows = await LedgerEntry.filter(
        account_id__in=list(riders), reason__in=list(deeds), created_at__gte=start, created_at__lt=end, amount__gt=0,
    ).annotate(total=Sum("amount")).group_by("account_id").order_by("-total", "account_id") \
        .limit(limit).values_list("account_id", "total")
    return [(account_id, int(total)) for account_id, total in rows]
