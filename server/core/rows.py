"""Big reads as plain rows: building a model (and converting each value) per row is most of
the time when thousands are read. Only for queries whose inlined values are our own: ids,
enum members, org paths (digits and slashes), times — never text a person typed."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import connections


async def plain_rows(query) -> list[dict]:
    """The rows of a Tortoise query as dicts, values as the database driver gives them."""
    return await connections.get("default").execute_query_dict(query.sql(params_inline=True))


def as_datetime(value: datetime | str) -> datetime:
    """A time from a plain row: PostgreSQL gives datetimes, SQLite ISO text."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
