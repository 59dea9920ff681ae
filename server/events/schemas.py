from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec


class TrainingIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    held_on: date
    account_ids: list[int]


class Attendee(msgspec.Struct):
    account_id: int
    name: str
    points: int
    note: str


class TrainingOut(msgspec.Struct):
    id: int
    title: str
    held_on: date
    attendees: list[Attendee]
