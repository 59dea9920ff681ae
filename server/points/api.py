"""Points over HTTP (the wallet is in ``rewards``, which it shows too): the rules, the leaderboard, the admin's adjustments and
the ledger export."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Router, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED

from server.core.context import app_context
from server.core.messages import request_language
from server.core.patching import changes_of
from server.core.roles import Role
from server.core.security import current_principal, require_roles, signed_in
from server.points import service
from server.points.export import ledger_csv
from server.points.schemas import (
    AdjustmentIn,
    Leaderboard,
    LeaderboardRow,
    LedgerLine,
    RuleEdit,
    RuleOut,
)

admin_only = require_roles(Role.ADMIN)


@get("/rules", guards=[signed_in])
async def rules() -> list[RuleOut]:
    """Points per good deed and the monthly cap per account."""
    return [RuleOut.of(r) for r in await service.all_rules()]


@patch("/rules/{reason:str}", guards=[admin_only])
async def edit_rule(reason: FromPath[str], data: JSONBody[RuleEdit]) -> RuleOut:
    """The admin changes how many points a deed earns, or its monthly cap (null: none)."""
    return RuleOut.of(await service.edit_rule(reason, changes_of(data)))


@get("/leaderboard", guards=[signed_in])
async def month_leaderboard(
    request: Request,
    node_id: Annotated[int | None, QueryParameter(ge=1)] = None,
    month: Annotated[str | None, QueryParameter(max_length=7)] = None,
) -> Leaderboard:
    """Riders of a station or community who chose to appear, by points earned in the month
    (``YYYY-MM``, Beijing time; default this month). Default node: the caller's own."""
    principal = current_principal(request)
    board = await service.board_for(principal, node_id, month)
    rows = [LeaderboardRow(rank=i + 1, name=name, name_short=short, points=points, me=account_id == principal.account_id)
            for i, (account_id, name, short, points) in enumerate(board.rows)]
    return Leaderboard(node_id=board.node.id, node_name=board.node.name, month=board.month, rows=rows,
                       community_id=board.community.id if board.community else None,
                       community_name=board.community.name if board.community else None)


@post("/adjustments", guards=[admin_only], status_code=HTTP_201_CREATED)
async def add_adjustment(request: Request, data: JSONBody[AdjustmentIn]) -> LedgerLine:
    """The admin adds or takes away points with a reason; it is a ledger entry like any
    other (taking more than the balance holds → 409 ``not_enough_points``)."""
    return LedgerLine.of(await service.adjust_account(current_principal(request), data.account_id, data.amount,
                                                      data.note))


@get("/ledger.csv", guards=[admin_only])
async def export_ledger(request: Request, month: Annotated[str | None, QueryParameter(max_length=7)] = None) -> Stream:
    """Every ledger line in the admin's scope (or of one month), as UTF-8 CSV with a BOM
    so that spreadsheet programs read the Chinese. Streamed: any size."""
    label, chunks = await ledger_csv(current_principal(request), month, request_language(request),
                                     app_context(request).settings.pwa_dir)
    return Stream(chunks, media_type="text/csv",
                  headers={"Content-Disposition": f'attachment; filename="points-ledger-{label}.csv"'})


router = Router(path="/api/v1/points", tags=["points"], route_handlers=[
    rules, edit_rule, month_leaderboard, add_adjustment, export_ledger])
