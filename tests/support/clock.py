"""Moments for tests, built from the project's clock so a test holds on any day."""

from __future__ import annotations

from datetime import datetime, timedelta

from server.core.clock import BEIJING, now


def next_beijing(hour: int, minute: int = 0, after: datetime | None = None) -> datetime:
    """The first moment at ``hour:minute`` Beijing time after ``after`` (now by default):
    "tonight at 23:30" is the 23:30 still to come, even when the test runs past it."""
    after = (after or now()).astimezone(BEIJING)
    moment = after.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > after else moment + timedelta(days=1)
