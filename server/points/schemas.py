from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.points.models import LedgerEntry, PointRule


class LedgerLine(msgspec.Struct):
    id: int
    amount: int
    reason: str
    object_type: str
    object_id: int
    note: str
    created_at: datetime

    @classmethod
    def of(cls, e: LedgerEntry) -> LedgerLine:
        return cls(e.id, e.amount, e.reason, e.object_type, e.object_id, e.note, e.created_at)


class RuleOut(msgspec.Struct):
    reason: str
    points: int
    monthly_cap: int | None
    is_active: bool

    @classmethod
    def of(cls, rule: PointRule) -> RuleOut:
        return cls(rule.reason, rule.points, rule.monthly_cap, rule.is_active)


class RuleEdit(msgspec.Struct, forbid_unknown_fields=True):
    points: Annotated[int, msgspec.Meta(ge=0, le=10_000)] | msgspec.UnsetType = msgspec.UNSET
    monthly_cap: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class Wallet(msgspec.Struct):
    balance: int
    held: int
    on_leaderboard: bool
    recent: list[LedgerLine]
    next_before: int | None


class WalletEdit(msgspec.Struct, forbid_unknown_fields=True):
    on_leaderboard: bool


class AdjustmentIn(msgspec.Struct, forbid_unknown_fields=True):
    account_id: int
    amount: Annotated[int, msgspec.Meta(ge=-100_000, le=100_000)]
    note: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class LeaderboardRow(msgspec.Struct):
    rank: int
    name: str  # surname + 师傅
    points: int
    me: bool
    name_short: str = ""  # the surname alone, for a screen's own word for 师傅


class Leaderboard(msgspec.Struct):
    node_id: int
    node_name: str
    month: str
    rows: list[LeaderboardRow]
    # For a station's board: its community, whose board the app offers next to it.
    community_id: int | None = None
    community_name: str | None = None


