"""The monthly report's content: the month's figures, the tables per community and category,
the worst overdue cases, the wishes lit with the riders' thanks, and before/after photo pairs
of fixed reports. The screen (``/dashboard/report``) lays it out on A4 in the reader's language."""

from __future__ import annotations

from datetime import datetime

from server.core.catalog import text
from server.core.clock import now
from server.core.media import photo_url
from server.core.names import public_name, public_short
from server.core.periods import Period
from server.core.rows import as_datetime
from server.stats import definitions as d
from server.stats import groups, service
from server.stats.scope import Scope
from server.stats.sql import Params, is_postgres, rows

OVERDUE_SHOWN = 10
LIT_SHOWN = 12
PAIRS_SHOWN = 6
PLACES_SHOWN = 500


async def monthly(scope: Scope, month: Period, language: str, kind_label) -> dict:
    at = now()
    found = await service.figures(scope, month, at=at)
    tables = {}
    for group_by in ("community", "category"):
        grouped = await service.figures(scope, month, group_by, at=at)
        names = await groups.group_names(group_by, list(grouped["groups"]), language, kind_label)
        tables[group_by] = groups.ordered_groups(group_by, grouped["groups"], names)
    reports, wishes = found["totals"]["reports"], found["totals"]["wishes"] or {}
    return {
        "month": month.first.strftime("%Y-%m"),
        # The article's sentence with this month's numbers, in the reader's language.
        "sentence": text("stats.sentence", language, leads=reports["leads"], within=reports["within_24h"],
                         share=percent(reports["within_24h_share"]), fixed=reports["fixed"],
                         lit=wishes.get("lit", 0)),
        "period": month.label(),
        "scope": scope.describe(),
        "totals": found["totals"],
        "communities": tables["community"],
        "categories": tables["category"],
        "overdue": await overdue_cases(scope, month, at, language),
        "lit": await lit_wishes(scope, month),
        "pairs": await before_and_after(scope, month, language),
    }


def percent(share: float | None) -> str:
    """0.4 → "40%", 0.6289 → "62.9%", no leads → "—"."""
    return "—" if share is None else f"{round(share * 100, 1):g}%"


def _category(row: dict, language: str) -> str:
    return row.get(f"category_{language}") or row["category"]


CATEGORY = "rc.name AS category, rc.name_ug AS category_ug, rc.name_en AS category_en"


async def overdue_cases(scope: Scope, month: Period, at: datetime, language: str) -> list[dict]:
    """The month's reports still open past their deadline, the longest late first."""
    p = Params(is_postgres())
    sql = (f"SELECT r.id, r.created_at, r.deadline_at, {CATEGORY}, pl.name AS place, co.name AS company"
           f" FROM report r JOIN report_category rc ON rc.id = r.category_id JOIN place pl ON pl.id = r.place_id"
           f" LEFT JOIN org_node co ON co.id = r.assigned_company_id"
           f" WHERE {d.is_overdue_now(p(at))} AND r.created_at >= {p(month.start)} AND r.created_at < {p(month.end)}"
           f" AND {scope.reports(p)} ORDER BY r.deadline_at, r.id LIMIT {OVERDUE_SHOWN}")
    return [{"id": row["id"], "category": _category(row, language), "place": row["place"],
             "company": row["company"] or "", "created_at": as_datetime(row["created_at"]).isoformat(),
             "hours_late": int((at - as_datetime(row["deadline_at"])).total_seconds() // 3600)}
            for row in await rows(sql, p)]


async def lit_wishes(scope: Scope, month: Period) -> list[dict]:
    """Wishes lit in the month, with what the rider wrote (riders as surname + 师傅)."""
    p = Params(is_postgres())
    sql = (f"SELECT w.id, w.title, w.thanks, w.rider_name, w.thanked_at, w.thumb, pl.name AS place FROM wish w"
           f" JOIN place pl ON pl.id = w.place_id WHERE w.thanked_at >= {p(month.start)}"
           f" AND w.thanked_at < {p(month.end)} AND {scope.wishes(p)} ORDER BY w.thanked_at DESC LIMIT {LIT_SHOWN}")
    return [dict(id=row["id"], title=row["title"], thanks=row["thanks"], rider=public_name(row["rider_name"]),
                 rider_short=public_short(row["rider_name"]),
                 place=row["place"], thanked_at=as_datetime(row["thanked_at"]).isoformat(),
                 thumb_url=photo_url(row["thumb"])) for row in await rows(sql, p)]


def first_photo(stage: str, column: str = "name") -> str:
    return (f"(SELECT x.{column} FROM report_photo x WHERE x.report_id = r.id AND x.stage = '{stage}'"
            f" ORDER BY x.id LIMIT 1)")


async def before_and_after(scope: Scope, month: Period, language: str, *, thumbnails: bool = False) -> list[dict]:
    """Fixed reports of the month that have a photo before and one after, newest first (the
    photos, or with ``thumbnails`` their thumbnails: what a TV shows small)."""
    p = Params(is_postgres())
    column = "thumb_name" if thumbnails else "name"
    sql = (f"SELECT r.id, {CATEGORY}, pl.name AS place,"
           f" {first_photo('before', column)} AS before, {first_photo('after', column)} AS after"
           f" FROM report r JOIN report_category rc ON rc.id = r.category_id JOIN place pl ON pl.id = r.place_id"
           f" WHERE {d.IS_FIXED} AND r.created_at >= {p(month.start)} AND r.created_at < {p(month.end)}"
           f" AND {scope.reports(p)} AND EXISTS (SELECT 1 FROM report_photo y WHERE y.report_id = r.id"
           f" AND y.stage = 'after') ORDER BY r.id DESC LIMIT {PAIRS_SHOWN}")
    return [{"id": row["id"], "category": _category(row, language), "place": row["place"],
             "before_url": photo_url(row["before"]), "after_url": photo_url(row["after"])}
            for row in await rows(sql, p) if row["before"]]


async def places_map(scope: Scope, period: Period) -> list[dict]:
    """Places with reports in the period: where they are and how many (the dashboard's map)."""
    p = Params(is_postgres())
    sql = (f"SELECT pl.id, pl.name, pl.latitude, pl.longitude, COUNT(*) AS received,"
           f" SUM(CASE WHEN r.status IN ({d.OPEN}) THEN 1 ELSE 0 END) AS still_open"
           f" FROM report r JOIN place pl ON pl.id = r.place_id"
           f" WHERE r.created_at >= {p(period.start)} AND r.created_at < {p(period.end)} AND {scope.reports(p)}"
           f" GROUP BY pl.id, pl.name, pl.latitude, pl.longitude ORDER BY received DESC, pl.id LIMIT {PLACES_SHOWN}")
    return [{"id": row["id"], "name": row["name"], "latitude": row["latitude"], "longitude": row["longitude"],
             "received": int(row["received"]), "open": int(row["still_open"] or 0)} for row in await rows(sql, p)]
