from __future__ import annotations

import msgspec


class WaitingOut(msgspec.Struct):
    key: str
    count: int
    href: str
    urgent: bool


class HomeOut(msgspec.Struct):
    waiting: list[WaitingOut]
