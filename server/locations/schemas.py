from __future__ import annotations

import msgspec

from server.locations.models import Place, PlaceKind
from server.locations.service import CodeState


class PlaceSummary(msgspec.Struct):
    id: int
    kind: PlaceKind
    name: str
    name_ug: str | None
    name_en: str | None
    address: str
    is_active: bool

    @classmethod
    def of(cls, place: Place) -> PlaceSummary:
        return cls(id=place.id, kind=place.kind, name=place.name, name_ug=place.name_ug,
                   name_en=place.name_en, address=place.address, is_active=place.is_active)


class ResolvedCode(msgspec.Struct):
    code: str
    state: CodeState
    place: PlaceSummary
