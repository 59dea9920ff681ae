"""How figures are grouped: the groupings a caller may ask for, what a group is in each
family of figures (reports, wishes, people) as an SQL key with its joins, the buckets of
a period, and the names and order the groups are shown in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from server.core.catalog import text
from server.core.periods import Period
from server.core.roles import Role
from server.org.models import OrgNode
from server.reports.models import Category
from server.stats.scope import Scope
from server.stats.sql import BUCKETS, Params, bucket

GROUPINGS = ("community", "category", "station", "platform", "property_company", "month", "week", "day")


TOTAL = ""


@dataclass(frozen=True)
class Ask:
    """One question: a scope, a period, a grouping (None: totals), at a moment."""

    scope: Scope
    period: Period
    group_by: str | None
    at: datetime
    postgres: bool

    def params(self) -> Params:
        return Params(self.postgres)

    def in_period(self, column: str, p: Params) -> str:
        return f"{column} >= {p(self.period.start)} AND {column} < {p(self.period.end)}"

    def time_bucket(self, column: str, *, is_date: bool = False) -> str:
        return bucket(self.postgres, column, self.group_by, is_date=is_date)


def report_group(ask: Ask) -> tuple[str, str]:
    g = ask.group_by
    if g in BUCKETS:
        return ask.time_bucket("r.created_at"), ""
    return {
        None: ("''", ""),
        "community": ("r.scope_path", ""),
        "station": ("r.station_path", ""),
        "category": ("rc.key", "JOIN report_category rc ON rc.id = r.category_id"),
        "platform": ("COALESCE(s.platform, '')", "LEFT JOIN org_node s ON s.path = r.station_path"),
        "property_company": ("r.assigned_company_id", ""),
    }[g]


def wish_group(ask: Ask, moment: str) -> tuple[str, str] | None:
    g = ask.group_by
    if g in BUCKETS:
        return ask.time_bucket(moment), ""
    return {
        None: ("''", ""),
        "community": ("wc.path", "JOIN org_node wc ON wc.id = w.community_id"),
        "station": ("CASE WHEN s.kind = 'delivery_station' THEN s.path ELSE '' END",
                    "LEFT JOIN org_node s ON s.path = w.scope_path"),
        "category": ("w.category", ""),
        "platform": ("COALESCE(s.platform, '')", "LEFT JOIN org_node s ON s.path = w.scope_path"),
    }.get(g)


def people_group(ask: Ask, moment: str) -> tuple[str, str] | None:
    """By the account's scope node ``n``: a rider's station, its community, its platform."""
    g = ask.group_by
    if g in BUCKETS:
        return ask.time_bucket(moment), ""
    return {
        None: ("''", ""),
        "community": ("CASE WHEN n.kind = 'delivery_station' THEN pn.path ELSE n.path END",
                      "LEFT JOIN org_node pn ON pn.id = n.parent_id"),
        "station": ("CASE WHEN n.kind = 'delivery_station' THEN n.path ELSE '' END", ""),
        "platform": ("COALESCE(n.platform, '')", ""),
    }.get(g)


RIDER = Role.RIDER.value


PEOPLE = "JOIN account a ON a.id = {account} LEFT JOIN org_node n ON n.id = a.scope_id"


def grouped(*expressions: str) -> str:
    """A GROUP BY of the expressions that are not constants (PostgreSQL refuses those; without
    any, the totals are one row)."""
    kept = [e for e in expressions if not e.startswith("'")]
    return f" GROUP BY {', '.join(kept)}" if kept else ""


def group_key(value) -> str:
    return "" if value is None else str(value)


def buckets_of(period: Period, unit: str) -> list[str]:
    """Every day, week (its Monday) or month of the period, in order."""
    labels: list[str] = []
    day = period.first
    while day <= period.last:
        if unit == "month":
            label = day.strftime("%Y-%m")
        elif unit == "week":
            label = (day - timedelta(days=day.weekday())).isoformat()
        else:
            label = day.isoformat()
        if not labels or labels[-1] != label:
            labels.append(label)
        day += timedelta(days=1)
    return labels


async def group_names(group_by: str, keys: list[str], language: str, kind_labels) -> dict[str, str]:
    """A readable name per group key in the caller's language. ``kind_labels(prefix, key)``
    names what the screens' catalogs name (wish kinds, platforms)."""
    if group_by in BUCKETS:
        return {key: key for key in keys}
    return {"": text("stats.no_group", language)} | await _names(group_by, keys, language, kind_labels)


async def _names(group_by: str, keys: list[str], language: str, kind_labels) -> dict[str, str]:
    if group_by in ("community", "station", "property_company"):
        column = "id" if group_by == "property_company" else "path"
        wanted = [int(k) if column == "id" else k for k in keys if k]
        if column == "id":
            nodes = await OrgNode.filter(id__in=wanted)
        else:
            nodes = await OrgNode.filter(path__in=wanted)
        return {group_key(getattr(node, column)): _local_name(node, language) for node in nodes}
    if group_by == "category":
        names = {c.key: _local_name(c, language) for c in await Category.filter(key__in=keys)}
        names.update({key: kind_labels("wish.category", key.removeprefix("wish.")) for key in keys
                      if key.startswith("wish.")})
        return names
    if group_by == "platform":
        return {key: kind_labels("platform", key) for key in keys if key}
    return {}


def _local_name(row, language: str) -> str:
    return getattr(row, f"name_{language}", None) or row.name


def ordered_groups(group_by: str, groups: dict[str, dict], names: dict[str, str]) -> list[dict]:
    """Groups as a list: times in order, the others by reports received (most first)."""
    def received(item) -> int:
        reports = item[1]["reports"]
        return reports["received"] if reports else 0

    items = sorted(groups.items()) if group_by in BUCKETS else sorted(
        groups.items(), key=lambda item: (-received(item), names.get(item[0], item[0])))
    return [{"key": key, "label": names.get(key, key), "figures": value} for key, value in items]
