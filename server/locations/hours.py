"""Opening hours: one interval per weekday, in Beijing time (the official time in Xinjiang)."""

from __future__ import annotations

import re
from datetime import datetime

from server.core.clock import BEIJING

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")
ALL_DAY = ["00:00", "24:00"]

Day = list[str] | None  # ["08:00", "22:00"], or None when closed
Hours = list[Day] | None  # seven days from Monday; None when unknown


class HoursError(ValueError):
    pass


def _minutes(text: str) -> int:
    match = _TIME.fullmatch(text)
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise HoursError(f"not a time of day: {text!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_day(text: str) -> Day:
    """``"08:00-22:00"`` → ["08:00", "22:00"]; ``"24h"`` → all day; empty or ``"closed"`` → None."""
    cleaned = (text or "").strip().replace("—", "-").replace("–", "-").replace("~", "-").replace(":", ":")
    if cleaned.lower() in ("", "closed", "休息", "关闭", "-"):
        return None
    if cleaned.lower() in ("24h", "24小时", "全天", "00:00-24:00"):
        return list(ALL_DAY)
    start, sep, end = cleaned.partition("-")
    if not sep:
        raise HoursError(f"expected a range like 08:00-22:00, got {text!r}")
    return check_day([start.strip(), end.strip()])


def check_day(day: list[str] | None) -> Day:
    if day is None:
        return None
    if len(day) != 2:
        raise HoursError("a day is [opening, closing]")
    start, end = _minutes(day[0]), _minutes(day[1])
    if start == end:
        raise HoursError("opening and closing time are the same")
    if start == 24 * 60:
        raise HoursError("a day cannot open at 24:00")
    return [day[0], day[1]]


def check_hours(hours: list | None) -> Hours:
    if hours is None:
        return None
    if len(hours) != 7:
        raise HoursError("opening hours need seven days, Monday first")
    return [check_day(day) for day in hours]


def format_day(day: Day) -> str:
    if day is None:
        return ""
    return "24h" if day == ALL_DAY else f"{day[0]}-{day[1]}"


def is_open(hours: Hours, at: datetime) -> bool | None:
    """Open at ``at`` (any time zone)? None when the hours are unknown."""
    return OpeningClock(at).is_open(hours)


def _quick_minutes(text: str) -> int:
    # Stored hours were validated on the way in: no need to parse them again strictly.
    return int(text[:2]) * 60 + int(text[3:5])


class OpeningClock:
    """"Is it open?" for many places at one moment: the moment is turned into Beijing
    weekday and minute once."""

    def __init__(self, at: datetime) -> None:
        local = at.astimezone(BEIJING)
        self.weekday = local.weekday()
        self.minute = local.hour * 60 + local.minute

    def is_open(self, hours: Hours) -> bool | None:
        if hours is None:
            return None
        minute = self.minute
        today, yesterday = hours[self.weekday], hours[(self.weekday - 1) % 7]
        if today is not None:
            start, end = _quick_minutes(today[0]), _quick_minutes(today[1])
            if start < end and start <= minute < end:
                return True
            if end < start and minute >= start:  # opens tonight, closes after midnight
                return True
        if yesterday is not None:
            start, end = _quick_minutes(yesterday[0]), _quick_minutes(yesterday[1])
            if end < start and minute < end:  # still open from last night
                return True
        return False



