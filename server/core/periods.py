"""The period figures are asked for: Beijing dates, first and last day included."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from server.core.clock import BEIJING, today
from server.core.errors import AppError, FieldError, invalid

MAX_YEARS = 3


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first instant (Beijing midnight of the first day)."""
        return datetime.combine(self.first, time(), BEIJING)

    @property
    def end(self) -> datetime:
        """The instant after the period (Beijing midnight after the last day)."""
        return datetime.combine(self.last + timedelta(days=1), time(), BEIJING)

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def previous(self) -> Period:
        """The period to compare with: the same months before when the period starts on a
        1st (November → October, 1–5 December → 1–5 November), the same dates a year before
        for a year so far, else as many days just before."""
        if self.first.day == 1:
            # From 1 January within one year: the same dates a year before.
            back = 12 if self.first.month == 1 and self.last.year == self.first.year else self.months
            return Period(shift_months(self.first, -back), shift_months(self.last, -back))
        days = (self.last - self.first).days + 1
        return Period(self.first - timedelta(days=days), self.first - timedelta(days=1))

    def label(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); a month's last day stays a last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    length = calendar.monthrange(year, month + 1)[1]
    is_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month + 1, length if is_last else min(day.day, length))


def _day(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(name, "invalid") from None


def period_of(first: str | None, last: str | None) -> Period:
    """``from``/``to`` of a request: this month so far by default; reversed or longer than
    three years → 422."""
    start, stop = _day(first, "from"), _day(last, "to")
    this_day = today()
    start = start or this_day.replace(day=1)
    stop = stop or max(this_day, start)
    if stop < start:
        raise invalid("to", "window_order")
    if stop >= shift_months(start, 12 * MAX_YEARS):
        raise invalid("to", "period_too_long")
    return Period(start, stop)


def month_period(month: str | None) -> Period:
    """``"2026-11"`` → its whole month (this month when not given); a future month → 422."""
    if not month:
        first = today().replace(day=1)
    else:
        try:
            first = datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise invalid("month", "invalid") from None
    if first > today():
        raise AppError(422, "validation_failed", errors=[FieldError("month", "in_the_future")])
    return Period(first, shift_months(first, 1) - timedelta(days=1))
