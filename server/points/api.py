from __future__ import annotations

import msgspec
from litestar import Request, get

from typing import Annotated

from litestar import patch
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody

from server.core.security import current_principal, require_roles, signed_in
from server.org.schemas import save_changes
from server.points.models import LedgerEntry, PointRule
from server.points.service import balance_of


class LedgerLine(msgspec.Struct):
    amount: int
    reason: str
    object_type: str
    object_id: int
    note: str = ""


class RuleOut(msgspec.Struct):
    reason: str
    points: int
    monthly_cap: int | None
    is_active: bool


class RuleEdit(msgspec.Struct, forbid_unknown_fields=True):
    points: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | msgspec.UnsetType = msgspec.UNSET
    monthly_cap: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class Wallet(msgspec.Struct):
    balance: int
    recent: list[LedgerLine]


@get("/api/v1/points/me", tags=["points"], guards=[signed_in])
async def my_points(request: Request) -> Wallet:
    """The caller's balance and latest ledger lines."""
    principal = current_principal(request)
    lines = await LedgerEntry.filter(account_id=principal.account_id).order_by("-id").limit(20)
    return Wallet(balance=await balance_of(principal.account_id),
                  recent=[LedgerLine(e.amount, e.reason, e.object_type, e.object_id, e.note) for e in lines])


@get("/api/v1/points/rules", tags=["points"], guards=[signed_in])
async def rules() -> list[RuleOut]:
    """Points per good deed and the monthly cap per account."""
    return [RuleOut(r.reason, r.points, r.monthly_cap, r.is_active) for r in await PointRule.all().order_by("reason")]


@patch("/api/v1/points/rules/{reason:str}", tags=["points"], guards=[require_roles("admin")])
async def edit_rule(reason: FromPath[str], data: JSONBody[RuleEdit]) -> RuleOut:
    """The admin changes how many points a deed earns, or its monthly cap (null: none)."""
    rule = await PointRule.get_or_none(reason=reason)
    if rule is None:
        raise NotFoundException()
    await save_changes(rule, data)
    return RuleOut(rule.reason, rule.points, rule.monthly_cap, rule.is_active)
