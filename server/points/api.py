"""Points over HTTP: the wallet, the rules, the leaderboard, the admin's adjustments and
the ledger export."""
from __future__ import annotations

from typing import Annotated

from litestar import Request, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED

from server.accounts.models import Account
from server.core.errors import invalid
from server.core.names import public_name
from server.core.patching import save_changes
from server.core.roles import MANAGERS, Role
from server.core.security import current_principal, require_roles, scope_filter, signed_in
from server.org.models import NodeKind, OrgNode
from server.points import rewards, trainings
from server.points.export import ledger_csv
from server.points.models import LedgerEntry, PointRule, Training
from server.points.schemas import (
    AdjustmentIn,
    Attendee,
    Leaderboard,
    LeaderboardRow,
    LedgerLine,
    RuleEdit,
    RuleOut,
    TrainingIn,
    TrainingOut,
    Wallet,
    WalletEdit,
)
from server.points.service import adjust_account, balance_of, leaderboard, month_bounds

WALLET_PAGE = 20


async def wallet_of(account_id: int, before: int | None = None) -> Wallet:
    await rewards.expire_due(account_id)
    query = LedgerEntry.filter(account_id=account_id)
    if before is not None:
        query = query.filter(id__lt=before)
    lines = await query.order_by("-id").limit(WALLET_PAGE + 1)
    account = await Account.get(id=account_id)
    return Wallet(balance=await balance_of(account_id), held=await rewards.held_points(account_id),
                  on_leaderboard=account.on_leaderboard,
                  recent=[LedgerLine.of(e) for e in lines[:WALLET_PAGE]],
                  next_before=lines[WALLET_PAGE - 1].id if len(lines) > WALLET_PAGE else None)


@get("/api/v1/points/me", tags=["points"], guards=[signed_in])
async def my_points(request: Request, before: Annotated[int | None, QueryParameter(ge=1)] = None) -> Wallet:
    """The caller's balance, points held by open reward requests, and ledger lines newest
    first (``before``: the ``next_before`` of the previous page)."""
    return await wallet_of(current_principal(request).account_id, before)


@patch("/api/v1/points/me", tags=["points"], guards=[signed_in])
async def edit_my_points(request: Request, data: JSONBody[WalletEdit]) -> Wallet:
    """Opt in to (or out of) the monthly leaderboard."""
    principal = current_principal(request)
    await Account.filter(id=principal.account_id).update(on_leaderboard=data.on_leaderboard)
    return await wallet_of(principal.account_id)


@get("/api/v1/points/rules", tags=["points"], guards=[signed_in])
async def rules() -> list[RuleOut]:
    """Points per good deed and the monthly cap per account."""
    return [RuleOut(r.reason, r.points, r.monthly_cap, r.is_active) for r in await PointRule.all().order_by("reason")]


@patch("/api/v1/points/rules/{reason:str}", tags=["points"], guards=[require_roles(Role.ADMIN)])
async def edit_rule(reason: FromPath[str], data: JSONBody[RuleEdit]) -> RuleOut:
    """The admin changes how many points a deed earns, or its monthly cap (null: none)."""
    rule = await PointRule.get_or_none(reason=reason)
    if rule is None:
        raise NotFoundException()
    await save_changes(rule, data)
    return RuleOut(rule.reason, rule.points, rule.monthly_cap, rule.is_active)


@get("/api/v1/points/leaderboard", tags=["points"], guards=[signed_in])
async def month_leaderboard(
    request: Request,
    node_id: Annotated[int | None, QueryParameter(ge=1)] = None,
    month: Annotated[str | None, QueryParameter(max_length=7)] = None,
) -> Leaderboard:
    """Riders of a station or community who chose to appear, by points earned in the month
    (``YYYY-MM``, Beijing time; default this month). Default node: the caller's own."""
    principal = current_principal(request)
    node = await OrgNode.get_or_none(id=node_id or principal.scope_id or 0)
    if node is None or node.kind not in (NodeKind.DELIVERY_STATION, NodeKind.COMMUNITY):
        raise invalid("node_id", "unknown_node")
    label, start, end = month_bounds(month)
    ranked = await leaderboard(node.path, start, end)
    names = dict(await Account.filter(id__in=[a for a, _ in ranked]).values_list("id", "name"))
    rows = [LeaderboardRow(rank=i + 1, name=public_name(names.get(a, "")), points=p, me=a == principal.account_id)
            for i, (a, p) in enumerate(ranked)]
    community = await OrgNode.get(id=node.parent_id) if node.kind == NodeKind.DELIVERY_STATION else None
    return Leaderboard(node_id=node.id, node_name=node.name, month=label, rows=rows,
                       community_id=community.id if community else None,
                       community_name=community.name if community else None)


@post("/api/v1/points/adjustments", tags=["points"], guards=[require_roles(Role.ADMIN)], status_code=HTTP_201_CREATED)
async def add_adjustment(request: Request, data: JSONBody[AdjustmentIn]) -> LedgerLine:
    """The admin adds or takes away points with a reason; it is a ledger entry like any
    other (taking more than the balance holds → 409 ``not_enough_points``)."""
    entry = await adjust_account(current_principal(request), data.account_id, data.amount, data.note)
    return LedgerLine.of(entry)


@get("/api/v1/points/ledger.csv", tags=["points"], guards=[require_roles(Role.ADMIN)])
async def export_ledger(request: Request, month: Annotated[str | None, QueryParameter(max_length=7)] = None) -> Stream:
    """Every ledger line in the admin's scope (or of one month), as UTF-8 CSV with a BOM
    so that spreadsheet programs read the Chinese. Streamed: any size."""
    label, chunks = await ledger_csv(current_principal(request), month)
    return Stream(chunks, media_type="text/csv; charset=utf-8",
                  headers={"Content-Disposition": f'attachment; filename="points-ledger-{label}.csv"'})


async def training_out(training: Training) -> TrainingOut:
    return TrainingOut(id=training.id, title=training.title, held_on=training.held_on,
                       attendees=[Attendee(*row) for row in await trainings.attendance(training)])


@post("/api/v1/points/trainings", tags=["points"], guards=[require_roles(*MANAGERS)],
      status_code=HTTP_201_CREATED)
async def record_training(request: Request, data: JSONBody[TrainingIn]) -> TrainingOut:
    """Record a training or talk session (``title``, ``held_on``, the riders who came); each
    earns the "training attended" points once, within the monthly cap."""
    training = await trainings.record_training(current_principal(request), data.title, data.held_on,
                                               data.account_ids)
    return await training_out(training)


@get("/api/v1/points/trainings", tags=["points"], guards=[require_roles(*MANAGERS)])
async def list_trainings(request: Request) -> list[TrainingOut]:
    """The latest sessions recorded within the caller's scope."""
    principal = current_principal(request)
    rows = await Training.filter(scope_filter(principal, "node_path")).order_by("-held_on", "-id").limit(20)
    return [await training_out(t) for t in rows]
