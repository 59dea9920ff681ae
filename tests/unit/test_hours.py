from datetime import datetime

import pytest

from server.locations.hours import BEIJING, HoursError, check_hours, format_day, is_open, parse_day


def at(weekday_date: str, hhmm: str) -> datetime:
    """A moment in Beijing time; 2026-11-30 is a Monday."""
    return datetime.fromisoformat(f"{weekday_date}T{hhmm}:00").replace(tzinfo=BEIJING)


MONDAY, TUESDAY, SUNDAY = "2026-11-30", "2026-12-01", "2026-12-06"


def test_parse_and_format_days():
    assert parse_day("08:00-22:00") == ["08:00", "22:00"]
    assert parse_day(" 8:00 – 22:00 ".replace("8:00", "08:00")) == ["08:00", "22:00"]
    assert parse_day("24h") == ["00:00", "24:00"] == parse_day("24小时")
    assert parse_day("") is None and parse_day("休息") is None
    assert format_day(["00:00", "24:00"]) == "24h" and format_day(["08:00", "22:00"]) == "08:00-22:00"
    for bad in ("8-22", "25:00-26:00", "08:00", "08:00-08:00", "24:00-08:00", "12:60-13:00"):
        with pytest.raises(HoursError):
            parse_day(bad)


def test_open_now_in_beijing_time():
    hours = [["08:00", "22:00"]] * 5 + [None, ["20:00", "02:00"]]
    assert is_open(hours, at(MONDAY, "08:00")) is True
    assert is_open(hours, at(MONDAY, "07:59")) is False
    assert is_open(hours, at(MONDAY, "22:00")) is False
    assert is_open(hours, at(SUNDAY, "23:30")) is True          # overnight, evening part
    assert is_open(hours, at(MONDAY, "01:30")) is True          # overnight from Sunday
    assert is_open(hours, at(MONDAY, "02:00")) is False
    assert is_open(None, at(MONDAY, "12:00")) is None
    # The same instant in UTC: 01:00 UTC Monday is 09:00 in Beijing.
    assert is_open(hours, datetime.fromisoformat("2026-11-30T01:00:00+00:00")) is True
    assert is_open([["00:00", "24:00"]] * 7, at(TUESDAY, "23:59")) is True


def test_hours_need_seven_days():
    with pytest.raises(HoursError):
        check_hours([["08:00", "22:00"]] * 6)
    assert check_hours(None) is None
