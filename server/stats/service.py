"""The figures: counted in SQL, per scope and period, optionally per group (a community, a
category, a week …). What each figure means is in ``definitions.py``, what a group is in
``groups.py``; here is how the rows of each family are found.

Each family of rows (reports, wishes, points, riders, trainings) is one or two grouped
queries; totals are the same queries without a group (distinct riders and percentiles do
not add up). A family that has nothing to do with a grouping (wishes per property company)
answers None there.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from server.core.clock import now
from server.core.errors import invalid
from server.core.periods import Period, period_of
from server.core.security import Principal
from server.reports.models import ReportStatus
from server.rewards.models import RedemptionStatus
from server.stats import definitions as d
from server.stats.groups import (
    GROUPINGS,
    PEOPLE,
    RIDER,
    TOTAL,
    Ask,
    buckets_of,
    group_key,
    group_names,
    grouped,
    ordered_groups,
    people_group,
    report_group,
    wish_group,
)
from server.stats.scope import Scope, scope_of
from server.stats.sql import BUCKETS, is_postgres, percentiles, rows, seconds_between
from server.wishes.models import ClaimerKind, ClaimStatus


async def report_figures(ask: Ask) -> dict[str, dict]:
    p = ask.params()
    key, joins = report_group(ask)
    statuses = ", ".join(f"SUM(CASE WHEN r.status = '{s.value}' THEN 1 ELSE 0 END) AS s_{s.value}"
                         for s in ReportStatus)
    within = d.is_within_24h(lambda a, b: seconds_between(ask.postgres, a, b))

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    overdue = d.is_overdue_now(p(ask.at))
    where = f"{ask.in_period('r.created_at', p)} AND {ask.scope.reports(p)}"
    # PostgreSQL takes the percentiles in the same pass (ordered-set aggregates skip NULLs);
    # SQLite has no such aggregate and ranks the times in queries of their own.
    spreads = "".join(
        f", percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {seconds_between(True, 'r.created_at', milestone)})"
        f" AS {name}" for name, milestone in TIMES.items()) if ask.postgres else ""
    sql = (f"SELECT {key} AS g, COUNT(*) AS received, {count(d.IS_LEAD)} AS leads, {count(d.IS_FIXED)} AS fixed,"
           f" {count(within)} AS within_24h, {count(overdue)} AS overdue_now, {count(d.IS_REOPENED)} AS reopened,"
           f" {count(d.IS_REJECTED)} AS rejected, {count(d.IS_DUPLICATE)} AS duplicate, {statuses}{spreads}"
           f" FROM report r {joins} WHERE {where}{grouped(key)}")
    found = {group_key(row["g"]): row for row in await rows(sql, p)}
    if ask.postgres:
        times = {name: {g: dict(zip(("p50", "p90"), [_minutes(v) for v in row[name] or (None, None)], strict=True))
                        for g, row in found.items()} for name in TIMES}
    else:
        times = {name: await _report_times(ask, milestone) for name, milestone in TIMES.items()}
    response, fix = times["response"], times["fix"]
    figures = {}
    for g, row in found.items():
        leads = int(row["leads"] or 0)
        within_count = int(row["within_24h"] or 0)
        figures[g] = {
            "received": int(row["received"]), "leads": leads, "fixed": int(row["fixed"] or 0),
            "within_24h": within_count, "within_24h_share": round(within_count / leads, 4) if leads else None,
            "first_response_minutes": response.get(g, NO_TIMES), "fix_minutes": fix.get(g, NO_TIMES),
            "overdue_now": int(row["overdue_now"] or 0), "reopened": int(row["reopened"] or 0),
            "rejected": int(row["rejected"] or 0), "duplicate": int(row["duplicate"] or 0),
            "by_status": {s.value: int(row[f"s_{s.value}"] or 0) for s in ReportStatus},
        }
    return figures


NO_TIMES = {"p50": None, "p90": None}


# Received → first staff action, and → first resolution.
TIMES = {"response": "r.first_response_at", "fix": "r.first_resolved_at"}


async def _report_times(ask: Ask, milestone: str) -> dict[str, dict]:
    """Median and 90th percentile minutes from received to ``milestone``, per group."""
    p = ask.params()
    key, joins = report_group(ask)
    values = (f"SELECT {key} AS g, {seconds_between(ask.postgres, 'r.created_at', milestone)} AS v"
              f" FROM report r {joins} WHERE {ask.in_period('r.created_at', p)} AND {ask.scope.reports(p)}"
              f" AND {milestone} IS NOT NULL")
    return {group_key(row["g"]): {"p50": _minutes(row["p50"]), "p90": _minutes(row["p90"])}
            for row in await rows(percentiles(ask.postgres, values), p)}


def _minutes(seconds) -> int | None:
    return None if seconds is None else int(float(seconds) // 60)


# (measure, table, the moment it happened, extra condition) — each counted in its period.
WISH_STEPS = (
    ("collected", "wish", "w.created_at", ""),
    ("published", "wish", "w.published_at", ""),
    ("fulfilled", "wish", "w.fulfilled_at", ""),
    ("lit", "wish", "w.thanked_at", ""),
    ("claimed", "claim", "c.created_at", ""),
    ("expired", "claim", "c.closed_at", f"AND c.status = '{ClaimStatus.EXPIRED.value}'"),
)


FROM_CLAIMS = "wish_claim c JOIN wish w ON w.id = c.wish_id"


async def wish_figures(ask: Ask) -> dict[str, dict] | None:
    if ask.scope.is_fixer or wish_group(ask, "w.created_at") is None:
        return None
    p = ask.params()
    parts = []
    for measure, table, moment, extra in WISH_STEPS:
        key, joins = wish_group(ask, moment)
        source = "wish w" if table == "wish" else FROM_CLAIMS
        kind = "c.kind" if measure == "claimed" else "''"
        parts.append(f"SELECT {key} AS g, '{measure}' AS m, {kind} AS k, COUNT(*) AS n FROM {source} {joins}"
                     f" WHERE {ask.in_period(moment, p)} {extra} AND {ask.scope.wishes(p)}{grouped(key, kind)}")
    figures: dict[str, dict] = {}
    for row in await rows(" UNION ALL ".join(parts), p):
        group = figures.setdefault(group_key(row["g"]), _no_wishes())
        if row["m"] == "claimed":
            group["claimed_by_kind"][row["k"]] = int(row["n"])
            group["claimed"] += int(row["n"])
        else:
            group[row["m"]] += int(row["n"])
    for g, days in (await _claim_days(ask)).items():
        figures.setdefault(g, _no_wishes())["claim_days_p50"] = days
    return figures


def _no_wishes() -> dict:
    return {"collected": 0, "published": 0, "claimed": 0, "claimed_by_kind": {k.value: 0 for k in ClaimerKind},
            "fulfilled": 0, "lit": 0, "expired": 0, "claim_days_p50": None}


async def _claim_days(ask: Ask) -> dict[str, float]:
    """Median days from a wish's publication to a claim, for the period's claims."""
    p = ask.params()
    key, joins = wish_group(ask, "c.created_at")
    values = (f"SELECT {key} AS g, {seconds_between(ask.postgres, 'w.published_at', 'c.created_at')} AS v"
              f" FROM {FROM_CLAIMS} {joins} WHERE {ask.in_period('c.created_at', p)} AND {ask.scope.wishes(p)}"
              f" AND w.published_at IS NOT NULL")
    return {group_key(row["g"]): round(float(row["p50"]) / 86400, 1)
            for row in await rows(percentiles(ask.postgres, values), p) if row["p50"] is not None}


async def point_figures(ask: Ask) -> dict[str, dict] | None:
    if ask.scope.is_fixer or people_group(ask, "l.created_at") is None:
        return None
    p = ask.params()
    reasons = ", ".join(f"'{reason}'" for reason in d.AWARD_REASONS)
    awarded_key, awarded_joins = people_group(ask, "l.created_at")
    redeemed_key, redeemed_joins = people_group(ask, "x.closed_at")
    sql = (f"SELECT {awarded_key} AS g, 'awarded' AS m, SUM(l.amount) AS n FROM points_ledger l"
           f" {PEOPLE.format(account='l.account_id')} {awarded_joins}"
           f" WHERE l.amount > 0 AND l.reason IN ({reasons}) AND {ask.in_period('l.created_at', p)}"
           f" AND {ask.scope.people(p)}{grouped(awarded_key)}"
           f" UNION ALL SELECT {redeemed_key} AS g, 'redeemed' AS m, SUM(x.cost) AS n FROM points_redemption x"
           f" {PEOPLE.format(account='x.account_id')} {redeemed_joins}"
           f" WHERE x.status = '{RedemptionStatus.HANDED_OVER.value}' AND {ask.in_period('x.closed_at', p)}"
           f" AND {ask.scope.people(p)}{grouped(redeemed_key)}")
    figures: dict[str, dict] = {}
    for row in await rows(sql, p):
        figures.setdefault(group_key(row["g"]), {"awarded": 0, "redeemed": 0})[row["m"]] = int(row["n"] or 0)
    return figures


async def riders_active(ask: Ask) -> dict[str, int] | None:
    """Riders who sent a report or a wish in the period (each once)."""
    if ask.group_by in ("category", "property_company"):
        return None
    p = ask.params()
    report_key, report_joins = report_group(ask)
    # The period's rows first (MATERIALIZED: found by their time), then who sent them:
    # joined the other way round, the planner may walk every report by its sender.
    found = [f"r AS MATERIALIZED (SELECT * FROM report r WHERE {ask.in_period('r.created_at', p)}"
             f" AND {ask.scope.reports(p)})"]
    parts = [f"SELECT {report_key} AS g, r.reporter_id AS who FROM r JOIN account a ON a.id = r.reporter_id"
             f" {report_joins} WHERE a.role = '{RIDER}'"]
    if not ask.scope.is_fixer:
        wish_key, wish_joins = wish_group(ask, "w.created_at")
        found.append(f"w AS MATERIALIZED (SELECT * FROM wish w WHERE {ask.in_period('w.created_at', p)}"
                     f" AND {ask.scope.wishes(p)})")
        parts.append(f"SELECT {wish_key} AS g, w.rider_id AS who FROM w JOIN account a ON a.id = w.rider_id"
                     f" {wish_joins} WHERE a.role = '{RIDER}'")
    sql = (f"WITH {', '.join(found)} SELECT g, COUNT(DISTINCT who) AS n FROM ({' UNION ALL '.join(parts)}) x"
           " GROUP BY g")
    return {group_key(row["g"]): int(row["n"]) for row in await rows(sql, p)}


async def training_figures(ask: Ask) -> dict[str, dict] | None:
    if ask.scope.is_fixer or (ask.group_by is not None and ask.group_by not in BUCKETS):
        return None
    p = ask.params()
    key = ask.time_bucket("t.held_on", is_date=True) if ask.group_by else "''"
    sql = (f"SELECT {key} AS g, COUNT(DISTINCT t.id) AS held, COUNT(l.id) AS attendees FROM points_training t"
           f" LEFT JOIN points_ledger l ON l.object_type = 'training' AND l.object_id = t.id"
           f" AND l.reason = 'training_attended'"
           f" WHERE t.held_on >= {p(ask.period.first)} AND t.held_on <= {p(ask.period.last)}"
           f" AND {ask.scope.trainings(p)}{grouped(key)}")
    return {group_key(row["g"]): {"held": int(row["held"]), "attendees": int(row["attendees"])}
            for row in await rows(sql, p)}


EMPTY_REPORTS = {
    "received": 0, "leads": 0, "fixed": 0, "within_24h": 0, "within_24h_share": None,
    "first_response_minutes": NO_TIMES, "fix_minutes": NO_TIMES, "overdue_now": 0, "reopened": 0, "rejected": 0,
    "duplicate": 0, "by_status": {s.value: 0 for s in ReportStatus},
}


async def figures(scope: Scope, period: Period, group_by: str | None = None, at: datetime | None = None) -> dict:
    """{"totals": figures, "groups": {key: figures}} (groups only with ``group_by``)."""
    at = at or now()
    postgres = is_postgres()
    asks = [_figures(Ask(scope, period, None, at, postgres), [TOTAL])]
    if group_by:
        # Every day, week or month of the period is a group, so that a chart has all its bars.
        every = buckets_of(period, group_by) if group_by in BUCKETS else []
        asks.append(_figures(Ask(scope, period, group_by, at, postgres), every))
    totals, *groups = await asyncio.gather(*asks)
    return {"totals": totals[TOTAL], "groups": groups[0] if groups else {}}


async def _figures(ask: Ask, always: list[str]) -> dict[str, dict]:
    # Independent queries: on PostgreSQL each takes a connection of the pool and they run
    # side by side; SQLite's one connection takes them in turn.
    reports, wishes, points, riders, trainings = await asyncio.gather(
        report_figures(ask), wish_figures(ask), point_figures(ask), riders_active(ask), training_figures(ask))
    if ask.group_by == "category" and wishes is not None:
        # Report categories and wish kinds are two lists: keep their keys apart.
        wishes = {f"wish.{key}": value for key, value in wishes.items()}
    keys = set(always) | set(reports) | set(wishes or {}) | set(points or {}) | set(riders or {}) | set(trainings or {})
    return {key: _figures_of(key, reports, wishes, points, riders, trainings, ask.group_by) for key in keys}


def _figures_of(key, reports, wishes, points, riders, trainings, group_by) -> dict:
    is_wish_kind = group_by == "category" and key.startswith("wish.")
    is_report_side = group_by in ("category", "property_company") and not is_wish_kind

    def pick(found, empty):
        if found is None:
            return None
        return found.get(key, empty)

    return {
        "reports": None if is_wish_kind else (reports.get(key, EMPTY_REPORTS) if reports is not None else None),
        "wishes": None if is_report_side else pick(wishes, _no_wishes()),
        "points": None if is_report_side or is_wish_kind else pick(points, {"awarded": 0, "redeemed": 0}),
        "riders_active": None if riders is None else riders.get(key, 0),
        "trainings": pick(trainings, {"held": 0, "attendees": 0}),
    }


async def answer(principal: Principal, first: str | None, last: str | None, asked_scope: str | None,
                 group_by: str | None, compare: bool, language: str, kind_labels) -> dict:
    """What ``GET /api/v1/stats`` answers: the totals of the scope and period, those of the
    period before (``compare``), and the groups with names in ``language``."""
    if group_by is not None and group_by not in GROUPINGS:
        raise invalid("group_by", "invalid")
    period = period_of(first, last)
    where = await scope_of(principal, asked_scope)
    found = await figures(where, period, group_by)
    result = {"period": period.label(), "scope": where.describe(), "group_by": group_by,
              "totals": found["totals"], "previous": None, "groups": []}
    if compare:
        before = period.previous()
        result["previous"] = {"period": before.label(), "totals": (await figures(where, before))["totals"]}
    if group_by:
        names = await group_names(group_by, list(found["groups"]), language, kind_labels)
        result["groups"] = ordered_groups(group_by, found["groups"], names)
    return result
