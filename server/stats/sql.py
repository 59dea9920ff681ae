"""The few places where SQLite and PostgreSQL count differently: time between two columns,
Beijing days/weeks/months, nearest-rank percentiles, query parameters. Everything else the
figures need is plain SQL both understand."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tortoise import connections

BEIJING_OFFSET = "+8 hours"  # China keeps no summer time: Beijing is always UTC+8
BEIJING_ZONE = "Asia/Shanghai"
BUCKETS = ("day", "week", "month")


def connection():
    return connections.get("default")


def is_postgres() -> bool:
    return connection().capabilities.dialect == "postgres"


@dataclass
class Params:
    """Numbered parameters for one statement (``?n`` on SQLite, ``$n`` on PostgreSQL)."""

    postgres: bool
    values: list = field(default_factory=list)

    def __call__(self, value) -> str:
        if isinstance(value, datetime) and not self.postgres:
            # As SQLite stores Tortoise's times: "YYYY-MM-DD HH:MM:SS[.ffffff]+00:00", so
            # comparing the text compares the instants (and the index on the column is used).
            value = value.astimezone(UTC).isoformat(" ")
        elif isinstance(value, date) and not isinstance(value, datetime) and not self.postgres:
            value = value.isoformat()
        self.values.append(value)
        # Numbered on both ("$n", "?n"): the order of the calls need not be the order of the text.
        return f"${len(self.values)}" if self.postgres else f"?{len(self.values)}"


def seconds_between(postgres: bool, start: str, end: str) -> str:
    if postgres:  # whole seconds: integers sort far faster than EXTRACT's numeric
        return f"CAST(EXTRACT(EPOCH FROM ({end} - {start})) AS INTEGER)"
    return f"CAST(ROUND((julianday({end}) - julianday({start})) * 86400) AS INTEGER)"


def bucket(postgres: bool, column: str, unit: str, *, is_date: bool = False) -> str:
    """The Beijing day ("2026-11-30"), week (its Monday) or month ("2026-11") of a UTC time
    column (or of a date column, which is already a Beijing date)."""
    if postgres:
        local = column if is_date else f"({column} AT TIME ZONE '{BEIJING_ZONE}')"
        if unit == "month":
            return f"to_char({local}, 'YYYY-MM')"
        if unit == "week":
            return f"to_char(date_trunc('week', {local}), 'YYYY-MM-DD')"
        return f"to_char({local}, 'YYYY-MM-DD')"
    shift = "" if is_date else f", '{BEIJING_OFFSET}'"
    if unit == "month":
        return f"strftime('%Y-%m', {column}{shift})"
    if unit == "week":  # forward to Sunday, back to its Monday
        return f"date({column}{shift}, 'weekday 0', '-6 days')"
    return f"date({column}{shift})"


def percentiles(postgres: bool, values_sql: str) -> str:
    """Median and 90th percentile per group of ``values_sql`` (columns ``g``, ``v``), nearest
    rank: the ceil(p·n)-th smallest value, as PostgreSQL's ``percentile_disc`` answers."""
    if postgres:
        return (f"SELECT g, percentile_disc(0.5) WITHIN GROUP (ORDER BY v) AS p50,"
                f" percentile_disc(0.9) WITHIN GROUP (ORDER BY v) AS p90, COUNT(*) AS n"
                f" FROM ({values_sql}) x WHERE v IS NOT NULL GROUP BY g")
    # ceil(n/2) = (n+1)/2 and ceil(9n/10) = (9n+9)/10 in integer arithmetic.
    return (f"SELECT g, MAX(CASE WHEN rn = (n + 1) / 2 THEN v END) AS p50,"
            f" MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN v END) AS p90, MAX(n) AS n FROM ("
            f"SELECT g, v, ROW_NUMBER() OVER (PARTITION BY g ORDER BY v) AS rn,"
            f" COUNT(*) OVER (PARTITION BY g) AS n FROM ({values_sql}) y WHERE v IS NOT NULL) x GROUP BY g")


async def rows(sql: str, params: Params) -> list[dict]:
    return await connection().execute_query_dict(sql, params.values)
