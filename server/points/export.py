"""The ledger as CSV for the admin (the month's screen): UTF-8 with a BOM (spreadsheet programs
then read the Chinese), Beijing times, only accounts in the admin's scope, streamed in chunks;
headers, roles and reasons in the reader's language. The exports of any period and scope are
in ``stats/exports.py``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from server.accounts.models import Account
from server.core.catalog import namer, text
from server.core.clock import BEIJING
from server.core.rows import as_datetime, plain_rows
from server.core.security import Principal
from server.core.sheets import csv_chunks
from server.points.models import LedgerEntry
from server.points.service import month_bounds

CHUNK = 2000
COLUMNS = ("id", "created_at", "account_id", "amount", "reason", "object_type", "object_id", "caused_by_id", "note")
HEADER = ("id", "time", "account", "name", "role", "points", "reason", "object", "object_id", "caused_by", "note")


async def ledger_csv(principal: Principal, month: str | None, language: str,
                     pwa_dir: Path) -> tuple[str, AsyncIterator[bytes]]:
    """(label for the file name, the CSV in chunks). A bad ``month`` fails here, before
    anything is streamed."""
    word = namer(pwa_dir, language)
    query = LedgerEntry.all()
    label = "all"
    if month:
        label, start, end = month_bounds(month)
        query = query.filter(created_at__gte=start, created_at__lt=end)
    # Accounts once, in memory; the ledger in chunks by id without joins (fast on both
    # databases however long the ledger is).
    people = {row["id"]: row for row in await plain_rows(Account.all().values("id", "name", "role", "scope__path"))}
    covered = {i for i, row in people.items() if principal.covers(row["scope__path"])}

    async def batches() -> AsyncIterator[list[list]]:
        after = 0
        while rows := await plain_rows(query.filter(id__gt=after).order_by("id").limit(CHUNK).values(*COLUMNS)):
            yield [_csv_row(line, people, word) for line in rows if line["account_id"] in covered]
            after = rows[-1]["id"]

    return label, csv_chunks([text(f"export.ledger.{column}", language) for column in HEADER], batches())


def _csv_row(line: dict, people: dict[int, dict], word) -> list:
    person, causer = people[line["account_id"]], people.get(line["caused_by_id"])
    at = as_datetime(line["created_at"]).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    return [line["id"], at, line["account_id"], person["name"], word("role", person["role"]), line["amount"],
            word("points.reason", line["reason"]), line["object_type"], line["object_id"],
            causer["name"] if causer else "", line["note"]]
