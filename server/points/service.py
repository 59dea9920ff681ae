"""Awarding points. Other slices call ``award`` with a reason and the object it is for;
the rules (points per reason, monthly caps) are rows the admin edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.clock import BEIJING, month_start, next_month, now
from server.core.errors import conflict, invalid
from server.core.names import public_name, public_short
from server.core.patching import edit_row
from server.core.roles import Role
from server.core.security import Principal, ensure_in_scope
from server.org.models import NodeKind, OrgNode
from server.points.models import Balance, LedgerEntry, PointAdjustment, PointRule

CAP_REACHED = "cap reached"
# (reason, points, monthly cap) the programme starts with.
DEFAULT_RULES = [
    ("report_verified", 10, 200),
    ("report_resolved", 5, 100),
    ("wish_fulfilled", 10, 100),
    ("task_completed", 10, 200),
    ("training_attended", 5, 50),
    ("help_completed", 10, 200),
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
                caused_by: int | None = None, note: str = "", points: int | None = None) -> LedgerEntry | None:
    """Give the points for ``reason`` once per (account, reason, object). Returns the new
    entry, or None when it was given before (a retry, a double click, a race). Past the
    month's cap the entry is written with 0 points and the note "cap reached", so the rider
    can see why. ``points``: what this object is worth when it says so itself (a task posted
    with its own points); the rule's monthly cap still holds."""
    rule = await PointRule.get_or_none(reason=reason, is_active=True)
    amount = (rule.points if points is None else points) if rule else 0
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
        if not 2000 <= start.year <= 2100:  # 9999-12 has no next month to end it
            raise invalid("month", "invalid")
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


# --- what the API reads ------------------------------------------------------------------

HISTORY_PAGE = 20


@dataclass(frozen=True)
class History:
    balance: int
    on_leaderboard: bool
    lines: list[LedgerEntry]
    next_before: int | None


async def history(account_id: int, before: int | None = None) -> History:
    """An account's balance and ledger lines newest first, a page at a time (``before``:
    the ``next_before`` of the previous page)."""
    query = LedgerEntry.filter(account_id=account_id)
    if before is not None:
        query = query.filter(id__lt=before)
    lines = await query.order_by("-id").limit(HISTORY_PAGE + 1)
    account = await Account.get(id=account_id)
    return History(balance=await balance_of(account_id), on_leaderboard=account.on_leaderboard,
                   lines=lines[:HISTORY_PAGE],
                   next_before=lines[HISTORY_PAGE - 1].id if len(lines) > HISTORY_PAGE else None)


async def choose_leaderboard(account_id: int, on: bool) -> None:
    await Account.filter(id=account_id).update(on_leaderboard=on)


async def all_rules() -> list[PointRule]:
    return await PointRule.all().order_by("reason")


async def edit_rule(reason: str, changes: dict) -> PointRule:
    """The admin changes how many points a deed earns, its monthly cap or whether it pays."""
    return await edit_row(PointRule, changes, reason=reason)


@dataclass(frozen=True)
class Board:
    node: OrgNode
    community: OrgNode | None  # a station's community, whose board the app offers beside it
    month: str
    rows: list[tuple[int, str, int]]  # (account id, public name, points), best first


async def board_for(principal: Principal, node_id: int | None, month: str | None) -> Board:
    """The month's board of a station or community (default: the caller's own node)."""
    node = await OrgNode.get_or_none(id=node_id or principal.scope_id or 0)
    if node is None or node.kind not in (NodeKind.DELIVERY_STATION, NodeKind.COMMUNITY):
        raise invalid("node_id", "unknown_node")
    label, start, end = month_bounds(month)
    ranked = await leaderboard(node.path, start, end)
    names = dict(await Account.filter(id__in=[a for a, _ in ranked]).values_list("id", "name"))
    community = await OrgNode.get(id=node.parent_id) if node.kind == NodeKind.DELIVERY_STATION else None
    return Board(node=node, community=community, month=label,
                 rows=[(a, public_name(names.get(a, "")), public_short(names.get(a, "")), p) for a, p in ranked])
