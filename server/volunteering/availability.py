"""Help that does not hurt deliveries: a rider says "free for 15/30/60 minutes" (我现在没单),
and help requests and urgent tasks are offered to him only while he is, and never inside his
station's peak windows (set by the station head; lunch and dinner by default) unless he
asked for them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.core.clock import BEIJING, now
from server.core.errors import invalid, not_found
from server.core.roles import Role
from server.core.security import Principal
from server.org.models import NodeKind, OrgNode
from server.volunteering.models import Availability, StationPeaks

FREE_MINUTES = (15, 30, 60)
DEFAULT_PEAKS = [["11:00", "13:30"], ["17:00", "19:30"]]
MAX_PEAKS = 4


@dataclass(frozen=True)
class Free:
    until: datetime | None
    peak_ok: bool
    in_peak: bool

    def offered(self, at: datetime) -> bool:
        """Is he to be offered help now: free, and not in a peak window he did not opt into?"""
        return self.refusal(at) is None

    def refusal(self, at: datetime) -> str | None:
        """Why help is not offered to him now: ``not_free``, ``peak_time``, or None."""
        if self.until is None or self.until <= at:
            return "not_free"
        return None if self.peak_ok or not self.in_peak else "peak_time"


async def set_free(principal: Principal, minutes: int, peak_ok: bool) -> Availability:
    """Free for ``minutes`` from now (0: busy again)."""
    if minutes != 0 and minutes not in FREE_MINUTES:
        raise invalid("minutes", "invalid")
    until = now() + timedelta(minutes=minutes) if minutes else None
    row, created = await Availability.get_or_create(account_id=principal.account_id,
                                                    defaults={"free_until": until, "peak_ok": peak_ok})
    if not created:
        await Availability.filter(account_id=principal.account_id).update(free_until=until, peak_ok=peak_ok)
    return await Availability.get(account_id=principal.account_id)


async def peaks_of(station_id: int | None) -> list[list[str]]:
    row = await StationPeaks.get_or_none(station_id=station_id) if station_id else None
    return row.windows if row is not None else DEFAULT_PEAKS


def in_windows(windows: list[list[str]], at: datetime) -> bool:
    clock = at.astimezone(BEIJING).strftime("%H:%M")
    return any(start <= clock < end for start, end in windows)


async def free_state(account_id: int, station_id: int | None, at: datetime) -> Free:
    row = await Availability.get_or_none(account_id=account_id)
    return Free(row.free_until if row else None, row.peak_ok if row else False,
                in_windows(await peaks_of(station_id), at))


async def set_peaks(principal: Principal, station_id: int, windows: list[list[str]]) -> list[list[str]]:
    """The station head (or a manager above) sets the station's peak windows."""
    station = await OrgNode.get_or_none(id=station_id, kind=NodeKind.DELIVERY_STATION)
    if station is None or not principal.covers(station.path):
        raise not_found()
    if len(windows) > MAX_PEAKS or not all(_is_window(w) for w in windows):
        raise invalid("windows", "invalid_hours")
    await StationPeaks.update_or_create(defaults={"windows": windows}, station_id=station.id)
    return windows


_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _is_window(window) -> bool:
    """["HH:MM", "HH:MM"], start before end; a peak may end at 24:00 (until midnight).
    Zero-padded clock times compare as strings, as ``in_windows`` compares them."""
    if not isinstance(window, list) or len(window) != 2 or not all(isinstance(v, str) for v in window):
        return False
    start, end = window
    return bool(_CLOCK.fullmatch(start)) and (bool(_CLOCK.fullmatch(end)) or end == "24:00") and start < end



async def riders_to_offer(community_path: str, at: datetime) -> list[int]:
    """Riders under ``community_path`` who are free now and not in their station's peak
    (unless they asked): the only ones help and urgent tasks are offered to."""
    rows = await Availability.filter(free_until__gt=at, account__role=Role.RIDER, account__is_active=True,
                                     account__scope__path__startswith=community_path) \
        .values_list("account_id", "peak_ok", "account__scope_id")
    in_peak: dict[int, bool] = {}
    chosen = []
    for account_id, peak_ok, station_id in rows:
        if station_id not in in_peak:
            in_peak[station_id] = in_windows(await peaks_of(station_id), at)
        if peak_ok or not in_peak[station_id]:
            chosen.append(account_id)
    return chosen
