"""The exports: reports, wishes with their claims, redemptions, the points ledger and the
figures themselves, as XLSX or CSV, for a period and a scope, with column names and values in
the caller's language. Rows are read in batches by id (any length, flat memory); the flags
(lead, fixed, within 24 h, overdue) are the SQL of ``definitions.py``, so a spreadsheet
counts exactly what the dashboard shows.

Phone numbers: a reporter's is always masked (opening one is done in the app, where it is
recorded); claimers' and riders' are whole for those who may read phone numbers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from server.core.catalog import text
from server.core.clock import BEIJING
from server.core.errors import not_found
from server.core.periods import Period
from server.core.phones import mask_phone
from server.core.roles import CONTACT_READERS, PHONE_READERS, Role
from server.core.rows import as_datetime
from server.core.security import Principal
from server.stats import definitions as d
from server.stats import groups, service
from server.stats.scope import Scope
from server.stats.sql import Params, is_postgres, rows, seconds_between

BATCH = 2000


@dataclass(frozen=True)
class Reader:
    """Who reads the export, and in which language: what the cells may show."""

    principal: Principal
    language: str
    kind_label: Callable[[str, str], str]  # (catalog prefix, key) → the screens' word

    def word(self, prefix: str, key: str | None) -> str:
        return self.kind_label(prefix, key) if key else ""

    def yes(self, flag) -> str:
        return text("export.yes" if flag else "export.no", self.language)

    def phone(self, phone: str | None) -> str:
        if not phone:
            return ""
        return phone if self.principal.role in PHONE_READERS else (mask_phone(phone) or "")


def _time(value) -> str:
    return as_datetime(value).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


def _minutes(seconds) -> int | None:
    return None if seconds is None else int(float(seconds) // 60)


async def _batches(select: Callable[[Params, int], str], postgres: bool) -> AsyncIterator[list[dict]]:
    """Rows of a query in id order, ``BATCH`` at a time (``select(p, after)`` → SQL)."""
    after = 0
    while True:
        p = Params(postgres)
        found = await rows(select(p, after), p)
        if not found:
            return
        yield found
        after = found[-1]["id"]
        if len(found) < BATCH:
            return


def _page(alias: str, p: Params, after: int, period: Period, scope: str) -> str:
    """The rows of the period and scope after id ``after``, a batch of them, in id order."""
    return (f" WHERE {alias}.id > {p(after)} AND {alias}.created_at >= {p(period.start)}"
            f" AND {alias}.created_at < {p(period.end)} AND {scope} ORDER BY {alias}.id LIMIT {BATCH}")


# --- reports ------------------------------------------------------------------------------

REPORT_COLUMNS = ("id", "created_at", "community", "place", "category", "status", "description", "reporter", "phone",
                  "lead", "fixed", "within_24h", "first_response_minutes", "fix_minutes", "company", "deadline_at",
                  "overdue_now", "reopened")


def _report_sql(scope: Scope, period: Period, postgres: bool, at) -> Callable[[Params, int], str]:
    def flag(condition: str) -> str:
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    def select(p: Params, after: int) -> str:
        within = d.is_within_24h(lambda a, b: seconds_between(postgres, a, b))
        overdue = d.is_overdue_now(p(at))
        return (
            f"SELECT r.id, r.created_at, r.status, r.description, r.guest_name, r.guest_phone, r.deadline_at,"
            f" a.name AS reporter_name, a.phone AS reporter_phone, a.role AS reporter_role,"
            f" rc.name AS category, rc.name_ug AS category_ug, rc.name_en AS category_en, pl.name AS place,"
            f" cm.name AS community, co.name AS company, st.name AS station,"
            f" {flag(d.IS_LEAD)} AS is_lead, {flag(d.IS_FIXED)} AS is_fixed, {flag(within)} AS is_within,"
            f" {flag(overdue)} AS is_overdue, {flag(d.IS_REOPENED)} AS is_reopened,"
            f" {seconds_between(postgres, 'r.created_at', 'r.first_response_at')} AS response_seconds,"
            f" {seconds_between(postgres, 'r.created_at', 'r.first_resolved_at')} AS fix_seconds"
            f" FROM report r JOIN report_category rc ON rc.id = r.category_id JOIN place pl ON pl.id = r.place_id"
            f" LEFT JOIN org_node cm ON cm.path = r.scope_path LEFT JOIN org_node co ON co.id = r.assigned_company_id"
            f" LEFT JOIN account a ON a.id = r.reporter_id LEFT JOIN org_node st ON st.id = a.scope_id"
            f"{_page('r', p, after, period, scope.reports(p))}")

    return select


def _report_row(row: dict, reader: Reader) -> list:
    if reader.principal.role in CONTACT_READERS:
        who = row["reporter_name"] or row["guest_name"] or reader.word("report.reporter_kind", "guest")
    elif row["reporter_role"] == Role.RIDER.value:  # as the app shows a report to a fixer
        who = " · ".join(filter(None, [reader.word("report.reporter_kind", Role.RIDER.value), row["station"]]))
    else:
        who = reader.word("report.reporter_kind", Role.RESIDENT.value if row["reporter_role"] else "guest")
    phone = mask_phone(row["reporter_phone"] or row["guest_phone"] or "") if reader.principal.role in \
        CONTACT_READERS else ""
    category = row.get(f"category_{reader.language}") or row["category"]
    return [row["id"], _time(row["created_at"]), row["community"] or "", row["place"], category,
            reader.word("report.status", row["status"]), row["description"], who, phone or "",
            reader.yes(row["is_lead"]), reader.yes(row["is_fixed"]), reader.yes(row["is_within"]),
            _minutes(row["response_seconds"]), _minutes(row["fix_seconds"]), row["company"] or "",
            _time(row["deadline_at"]), reader.yes(row["is_overdue"]), reader.yes(row["is_reopened"])]


# --- wishes with their claims ---------------------------------------------------------------

WISH_COLUMNS = ("id", "created_at", "community", "place", "category", "title", "status", "rider_name", "source",
                "published_at", "claims", "claimer", "claimer_kind", "claimer_phone", "claim_status", "fulfilled_at",
                "thanks")


def _wish_sql(scope: Scope, period: Period) -> Callable[[Params, int], str]:
    def select(p: Params, after: int) -> str:
        return (
            "SELECT w.id, w.created_at, w.category, w.title, w.status, w.rider_name, w.source, w.published_at,"
            " w.fulfilled_at, w.thanks, pl.name AS place, wc.name AS community,"
            " (SELECT COUNT(*) FROM wish_claim cc WHERE cc.wish_id = w.id) AS claims,"
            " c.name AS claimer, c.kind AS claimer_kind, c.phone AS claimer_phone, c.status AS claim_status"
            " FROM wish w JOIN place pl ON pl.id = w.place_id JOIN org_node wc ON wc.id = w.community_id"
            " LEFT JOIN wish_claim c ON c.id = (SELECT MAX(cl.id) FROM wish_claim cl WHERE cl.wish_id = w.id)"
            f"{_page('w', p, after, period, scope.wishes(p))}")

    return select


def _wish_row(row: dict, reader: Reader) -> list:
    return [row["id"], _time(row["created_at"]), row["community"], row["place"],
            reader.word("wish.category", row["category"]), row["title"], reader.word("wish.status", row["status"]),
            row["rider_name"], reader.word("wish.source", row["source"]) if row["source"] != "app" else "",
            _time(row["published_at"]), int(row["claims"]), row["claimer"] or "",
            reader.word("claim.kind", row["claimer_kind"]), reader.phone(row["claimer_phone"]),
            reader.word("claim.status", row["claim_status"]), _time(row["fulfilled_at"]), row["thanks"]]


# --- redemptions and the ledger (people of the scope) ----------------------------------------

REDEMPTION_COLUMNS = ("id", "created_at", "reward", "cost", "account", "phone", "station", "status", "closed_at")
LEDGER_COLUMNS = ("id", "created_at", "account", "role", "phone", "amount", "reason", "object_type", "object_id",
                  "note")
PEOPLE = "JOIN account a ON a.id = {account} LEFT JOIN org_node n ON n.id = a.scope_id"


def _redemption_sql(scope: Scope, period: Period) -> Callable[[Params, int], str]:
    def select(p: Params, after: int) -> str:
        return (
            "SELECT x.id, x.created_at, x.cost, x.status, x.closed_at, rw.name AS reward, a.name AS account,"
            f" a.phone, n.name AS station FROM points_redemption x JOIN points_reward rw ON rw.id = x.reward_id"
            f" {PEOPLE.format(account='x.account_id')}"
            f"{_page('x', p, after, period, scope.people(p))}")

    return select


def _redemption_row(row: dict, reader: Reader) -> list:
    return [row["id"], _time(row["created_at"]), row["reward"], row["cost"], row["account"], reader.phone(row["phone"]),
            row["station"] or "", reader.word("redemption.status", row["status"]), _time(row["closed_at"])]


def _ledger_sql(scope: Scope, period: Period) -> Callable[[Params, int], str]:
    def select(p: Params, after: int) -> str:
        return (
            "SELECT l.id, l.created_at, l.amount, l.reason, l.object_type, l.object_id, l.note, a.name AS account,"
            f" a.role, a.phone FROM points_ledger l {PEOPLE.format(account='l.account_id')}"
            f"{_page('l', p, after, period, scope.people(p))}")

    return select


def _ledger_row(row: dict, reader: Reader) -> list:
    return [row["id"], _time(row["created_at"]), row["account"], reader.word("role", row["role"]),
            reader.phone(row["phone"]), row["amount"], reader.word("points.reason", row["reason"]),
            row["object_type"], row["object_id"] or None, row["note"]]


# --- the figures, a line per community --------------------------------------------------------

FIGURE_COLUMNS = ("group", "received", "leads", "fixed", "within_24h", "within_24h_share", "first_response_p50",
                  "first_response_p90", "fix_p50", "fix_p90", "overdue_now", "reopened", "rejected", "collected",
                  "published", "claimed", "fulfilled", "lit", "expired", "awarded", "redeemed", "riders_active")


def _figure_row(label: str, figures: dict) -> list:
    reports = figures["reports"] or service.EMPTY_REPORTS
    wishes = figures["wishes"] or {}
    points = figures["points"] or {}
    share = reports["within_24h_share"]
    return [label, reports["received"], reports["leads"], reports["fixed"], reports["within_24h"],
            None if share is None else round(share * 100, 1),
            reports["first_response_minutes"]["p50"], reports["first_response_minutes"]["p90"],
            reports["fix_minutes"]["p50"], reports["fix_minutes"]["p90"], reports["overdue_now"],
            reports["reopened"], reports["rejected"], wishes.get("collected"), wishes.get("published"),
            wishes.get("claimed"), wishes.get("fulfilled"), wishes.get("lit"), wishes.get("expired"),
            points.get("awarded"), points.get("redeemed"), figures["riders_active"]]


async def _figure_batches(scope: Scope, period: Period, reader: Reader) -> AsyncIterator[list[list]]:
    found = await service.figures(scope, period, "community")
    names = await groups.group_names("community", list(found["groups"]), reader.language, reader.kind_label)
    lines = [_figure_row(group["label"], group["figures"])
             for group in groups.ordered_groups("community", found["groups"], names)]
    yield [_figure_row(text("export.total", reader.language), found["totals"]), *lines]


# --- one export ---------------------------------------------------------------------------------

DATASETS = {
    "reports": REPORT_COLUMNS,
    "wishes": WISH_COLUMNS,
    "redemptions": REDEMPTION_COLUMNS,
    "ledger": LEDGER_COLUMNS,
    "figures": FIGURE_COLUMNS,
}


def header(dataset: str, language: str) -> list[str]:
    return [text(f"export.{dataset}.{column}", language) for column in DATASETS[dataset]]


def rows_of(dataset: str, scope: Scope, period: Period, reader: Reader, at) -> AsyncIterator[list[list]]:
    """The export's rows in batches; a dataset with nothing in the scope (wishes of a
    property company) is not found."""
    if dataset not in DATASETS or (dataset != "reports" and dataset != "figures" and scope.is_fixer):
        raise not_found()
    if dataset == "figures":
        return _figure_batches(scope, period, reader)
    postgres = is_postgres()
    select, shape = {
        "reports": (_report_sql(scope, period, postgres, at), _report_row),
        "wishes": (_wish_sql(scope, period), _wish_row),
        "redemptions": (_redemption_sql(scope, period), _redemption_row),
        "ledger": (_ledger_sql(scope, period), _ledger_row),
    }[dataset]

    async def shaped() -> AsyncIterator[list[list]]:
        async for batch in _batches(select, postgres):
            yield [shape(row, reader) for row in batch]

    return shaped()
