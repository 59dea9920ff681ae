from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.core.patching import changes_of
from server.locations.hours import is_open
from server.locations.models import Amenity, Place, PlaceKind
from server.locations.service import CodeState, PlaceInput

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
OtherName = Annotated[str, msgspec.Meta(max_length=150)]
Address = Annotated[str, msgspec.Meta(max_length=200)]
ContactPhone = Annotated[str, msgspec.Meta(max_length=20)]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90)]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180)]
Time = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-4]):[0-5]\d$")]
Day = tuple[Time, Time] | None
Hours = Annotated[list[Day], msgspec.Meta(min_length=7, max_length=7)]


class PlaceCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: PlaceKind
    name: Name
    community_id: int | None = None
    station_id: int | None = None
    name_ug: OtherName | None = None
    name_en: OtherName | None = None
    address: Address = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    phone: ContactPhone = ""
    amenities: list[Amenity] = []
    hours: Hours | None = None
    property_company_id: int | None = None

    def to_input(self) -> PlaceInput:
        return PlaceInput(
            kind=self.kind, name=self.name, community_id=self.community_id, station_id=self.station_id,
            name_ug=self.name_ug, name_en=self.name_en, address=self.address, latitude=self.latitude,
            longitude=self.longitude, phone=self.phone, amenities=[str(a) for a in self.amenities],
            hours=[list(day) if day else None for day in self.hours] if self.hours is not None else None,
            property_company_id=self.property_company_id,
        )


class PlaceUpdate(msgspec.Struct, forbid_unknown_fields=True):
    kind: PlaceKind | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    name_ug: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    name_en: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    address: Address | msgspec.UnsetType = msgspec.UNSET
    latitude: Latitude | None | msgspec.UnsetType = msgspec.UNSET
    longitude: Longitude | None | msgspec.UnsetType = msgspec.UNSET
    phone: ContactPhone | msgspec.UnsetType = msgspec.UNSET
    amenities: list[Amenity] | msgspec.UnsetType = msgspec.UNSET
    hours: Hours | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
    property_company_id: int | None | msgspec.UnsetType = msgspec.UNSET

    def changes(self) -> dict:
        out = changes_of(self)
        if "amenities" in out:
            out["amenities"] = [str(a) for a in out["amenities"]]
        if out.get("hours") is not None:
            out["hours"] = [list(day) if day else None for day in out["hours"]]
        return out


class PublicPlace(msgspec.Struct):
    """What anyone may see of a place (its landing page, the nearby search)."""

    id: int
    kind: PlaceKind
    name: str
    name_ug: str | None
    name_en: str | None
    address: str
    phone: str
    amenities: list[str]
    hours: list[list[str] | None] | None
    open_now: bool | None
    latitude: float | None
    longitude: float | None
    is_active: bool

    @classmethod
    def of(cls, place: Place, at: datetime) -> PublicPlace:
        return cls(
            id=place.id, kind=place.kind, name=place.name, name_ug=place.name_ug, name_en=place.name_en,
            address=place.address, phone=place.phone, amenities=list(place.amenities or []),
            hours=place.hours, open_now=is_open(place.hours, at), latitude=place.latitude,
            longitude=place.longitude, is_active=place.is_active,
        )


class PlaceOut(msgspec.Struct):
    """A place as its managers see it: with its current code and owners."""

    place: PublicPlace
    code: str | None
    community_id: int
    station_id: int | None
    landing_url: str | None
    # The property company that manages it: verified reports made here go to it.
    property_company_id: int | None = None


class ResolvedCode(msgspec.Struct):
    code: str
    state: CodeState
    place: PublicPlace


class NearbyOut(msgspec.Struct):
    place: PublicPlace
    distance_km: float
    code: str | None


class ImportResult(msgspec.Struct):
    created: int
    place_ids: list[int]
    updated: int = 0
    updated_ids: list[int] = []
