from __future__ import annotations

import msgspec
from litestar import Request, get

from server.core.security import current_principal, signed_in
from server.points.models import LedgerEntry
from server.points.service import balance_of


class LedgerLine(msgspec.Struct):
    amount: int
    reason: str
    object_type: str
    object_id: int


class Wallet(msgspec.Struct):
    balance: int
    recent: list[LedgerLine]


@get("/api/v1/points/me", tags=["points"], guards=[signed_in])
async def my_points(request: Request) -> Wallet:
    """The caller's balance and latest ledger lines."""
    principal = current_principal(request)
    lines = await LedgerEntry.filter(account_id=principal.account_id).order_by("-id").limit(20)
    return Wallet(balance=await balance_of(principal.account_id),
                  recent=[LedgerLine(e.amount, e.reason, e.object_type, e.object_id) for e in lines])
