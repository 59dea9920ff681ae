"""Time, in one place: everything is stored in UTC and shown, grouped and counted in
Beijing time (Asia/Shanghai), the official time in Xinjiang. A month, a day or a "needed
by" date is a Beijing one: a report made at 23:30 on 31 December belongs to December."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import msgspec

BEIJING = ZoneInfo("Asia/Shanghai")

# A moment a client sends must carry its offset ("…T10:00:00+08:00"): a bare local time
# would be read in no one's zone in particular (a phone in Xinjiang time is two hours off).
Instant = Annotated[datetime, msgspec.Meta(tz=True)]


def now() -> datetime:
    """The current instant, timezone-aware, in UTC (what the database stores)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Beijing."""
    return datetime.now(BEIJING).date()


def month_start(at: datetime) -> datetime:
    """The first instant of ``at``'s calendar month in Beijing time."""
    local = at.astimezone(BEIJING)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(start: datetime) -> datetime:
    """The first instant of the month after the one ``start`` opens."""
    return (start + timedelta(days=32)).replace(day=1)
