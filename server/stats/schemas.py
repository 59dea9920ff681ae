"""What the figures API answers (definitions: ``definitions.py`` and the README)."""

from __future__ import annotations

import msgspec


class Spread(msgspec.Struct):
    p50: int | None
    p90: int | None


class ReportFigures(msgspec.Struct):
    received: int
    leads: int
    fixed: int
    within_24h: int
    within_24h_share: float | None
    first_response_minutes: Spread
    fix_minutes: Spread
    overdue_now: int
    reopened: int
    rejected: int
    duplicate: int
    by_status: dict[str, int]


class WishFigures(msgspec.Struct):
    collected: int
    published: int
    claimed: int
    claimed_by_kind: dict[str, int]
    fulfilled: int
    lit: int
    expired: int
    claim_days_p50: float | None


class PointFigures(msgspec.Struct):
    awarded: int
    redeemed: int


class TrainingFigures(msgspec.Struct):
    held: int
    attendees: int


class Figures(msgspec.Struct):
    """A family that has nothing in the scope or the grouping is null (wishes of a
    property company, reports of a wish kind)."""

    reports: ReportFigures | None
    wishes: WishFigures | None
    points: PointFigures | None
    riders_active: int | None
    trainings: TrainingFigures | None


class PeriodOut(msgspec.Struct):
    from_: str = msgspec.field(name="from")
    to: str = ""


class ScopeOut(msgspec.Struct):
    kind: str
    id: int | None
    name: str | None
    platform: str | None


class Previous(msgspec.Struct):
    period: PeriodOut
    totals: Figures


class Group(msgspec.Struct):
    key: str
    label: str
    figures: Figures


class StatsOut(msgspec.Struct):
    period: PeriodOut
    scope: ScopeOut
    group_by: str | None
    totals: Figures
    previous: Previous | None
    groups: list[Group]
