"""Rules for places and their codes: who manages which place, code issue and retirement,
and the nearest open station."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.core import hot
from server.core.clock import now
from server.core.errors import AppError, FieldError, forbidden, invalid, not_found
from server.core.hot import PLACES, wishes_topic
from server.core.roles import TRIAGERS, Role
from server.core.rows import plain_rows
from server.core.security import Principal, ensure_in_scope, scope_filter
from server.locations.codes import new_code, normalise_code
from server.locations.hours import HoursError, OpeningClock, check_hours
from server.locations.models import STATION_KINDS, Amenity, Place, PlaceCode, PlaceKind
from server.org.models import NodeKind, OrgNode

MAX_PHONE = 20


class CodeState(StrEnum):
    ACTIVE = "active"        # the place's current code, place active
    INACTIVE = "inactive"    # the place was deactivated
    RETIRED = "retired"      # the code was replaced by a new one (a vandalised poster)


@dataclass
class PlaceInput:
    """What a person fills in for a place (the API body, a CSV row, the demo)."""

    kind: PlaceKind
    name: str
    community_id: int | None = None
    station_id: int | None = None
    name_ug: str | None = None
    name_en: str | None = None
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: str = ""
    amenities: list[str] = field(default_factory=list)
    hours: list | None = None
    property_company_id: int | None = None


# --- who manages which place ------------------------------------------------------------


def places_managed_by(principal: Principal, *, community_id: int | None = None, station_id: int | None = None,
                      include_inactive: bool = False) -> QuerySet[Place]:
    """The places within the caller's scope (the admin's district, a worker's community, a
    station head's station), optionally of one community or station."""
    query = Place.filter(scope_filter(principal, "scope_path"))
    if community_id is not None:
        query = query.filter(community_id=community_id)
    if station_id is not None:
        query = query.filter(station_id=station_id)
    if not include_inactive:
        query = query.filter(is_active=True)
    return query


# --- codes --------------------------------------------------------------------------


async def resolve_code(raw: str) -> tuple[str, CodeState, Place]:
    """The place a scanned or typed code points at; 404 for a code that never existed."""
    code = normalise_code(raw)
    if code is None:
        raise not_found()
    entry = await PlaceCode.get_or_none(code=code).select_related("place")
    if entry is None:
        raise not_found()
    if entry.retired_at is not None:
        return code, CodeState.RETIRED, entry.place
    return code, CodeState.ACTIVE if entry.place.is_active else CodeState.INACTIVE, entry.place


async def resolve_code_kept(raw: str) -> tuple[str, CodeState, Place]:
    """``resolve_code``, kept in the process until a place or a code changes (the hot reads
    ask it for every scan)."""
    return await hot.remember(f"code:{raw}", (PLACES,), lambda: resolve_code(raw))


async def active_place_for_code(raw_code: str, field_name: str = "code") -> Place:
    """The place a form was sent from; a field error when its code is unknown, replaced or
    the place is no longer active."""
    try:
        _, state, place = await resolve_code_kept(raw_code)
    except AppError:
        raise invalid(field_name, "place_unknown") from None
    if state != CodeState.ACTIVE:
        raise AppError(422, "validation_failed", errors=[FieldError(field_name, f"place_{state.value}")])
    return place


async def _issue_code(place: Place) -> str:
    # A clash among 31^10 codes is all but impossible; retry rather than fail if it happens.
    for _ in range(5):
        code = new_code()
        try:
            async with in_transaction():
                await PlaceCode.create(code=code, place=place)
            hot.touch(PLACES)
            return code
        except IntegrityError:
            continue
    raise RuntimeError("could not issue a unique place code")


async def current_code(place_id: int) -> str | None:
    entry = await PlaceCode.filter(place_id=place_id, retired_at=None).order_by("-id").first()
    return entry.code if entry else None


async def current_codes(place_ids: list[int]) -> dict[int, str]:
    entries = await PlaceCode.filter(place_id__in=place_ids, retired_at=None).order_by("id")
    return {entry.place_id: entry.code for entry in entries}


async def regenerate_code(actor: Principal, place_id: int) -> tuple[Place, str]:
    """A new code for a vandalised or leaked poster; the old one is retired, not deleted."""
    place = await get_place_in_scope(actor, place_id)
    async with in_transaction():
        await PlaceCode.filter(place_id=place.id, retired_at=None).update(retired_at=now())
        code = await _issue_code(place)
    return place, code


# --- places -------------------------------------------------------------------------


async def get_place_in_scope(actor: Principal | None, place_id: int) -> Place:
    """``actor`` None is the command line, which may touch every place."""
    place = await Place.get_or_none(id=place_id)
    if place is None:
        raise not_found()
    if actor is not None:
        ensure_in_scope(actor, place.scope_path)
    return place


async def _owner_nodes(actor: Principal | None, community_id: int | None,
                       station_id: int | None) -> tuple[OrgNode, OrgNode | None]:
    """The community a place belongs to and the station that looks after it, checked
    against the actor's scope. A station head's places are always his station's."""
    if actor is not None and actor.role == Role.STATION_HEAD:
        station = await OrgNode.get(id=actor.scope_id)
        if station_id not in (None, station.id):
            raise forbidden()
        community = await OrgNode.get(id=station.parent_id)
        if community_id not in (None, community.id):
            raise forbidden()
        return community, station
    if community_id is None:
        raise invalid("community_id", "unknown_node")
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise invalid("community_id", "unknown_node")
    if actor is not None:
        ensure_in_scope(actor, community.path)
    station = None
    if station_id is not None:
        station = await OrgNode.get_or_none(id=station_id, kind=NodeKind.DELIVERY_STATION, parent_id=community.id)
        if station is None:
            raise invalid("station_id", "station_unknown")
    return community, station


def check_place_input(data: PlaceInput) -> None:
    """Field checks shared by the form, the API and the CSV import (raise 422)."""
    data.name = data.name.strip()
    if not data.name:
        raise invalid("name", "required")
    for key in data.amenities:
        if key not in Amenity.__members__.values():
            raise invalid("amenities", "unknown_amenity")
    data.amenities = sorted(set(data.amenities), key=list(Amenity).index)
    if (data.latitude is None) != (data.longitude is None):
        raise invalid("latitude", "coordinates_pair")
    if data.latitude is not None and not (-90 <= data.latitude <= 90 and -180 <= data.longitude <= 180):
        raise invalid("latitude", "coordinates_range")
    phone = (data.phone or "").strip()
    if phone and (len(phone) > MAX_PHONE or not all(c.isdigit() or c in "+- " for c in phone)):
        raise invalid("phone", "invalid_contact_phone")
    data.phone = phone
    try:
        data.hours = check_hours(data.hours)
    except HoursError as exc:
        raise AppError(422, "validation_failed", errors=[FieldError("hours", "invalid_hours", None)]) from exc


async def property_company_for(actor: Principal | None, community_id: int, company_id: int | None) -> int | None:
    """The company that manages a place: one of the place's community (the admin and the
    community's workers set it; a station head does not decide who the fixer is)."""
    if company_id is None:
        return None
    if actor is not None and actor.role not in TRIAGERS:
        raise forbidden()
    company = await OrgNode.get_or_none(id=company_id, kind=NodeKind.PROPERTY_COMPANY, parent_id=community_id)
    if company is None:
        raise invalid("property_company_id", "unknown_node")
    return company.id


async def create_place(actor: Principal | None, data: PlaceInput) -> tuple[Place, str]:
    """Create a place and issue its first code. ``actor`` None is the command line."""
    check_place_input(data)
    community, station = await _owner_nodes(actor, data.community_id, data.station_id)
    if not community.is_active:
        raise invalid("community_id", "node_inactive")
    company_id = await property_company_for(actor, community.id, data.property_company_id)
    try:
        async with in_transaction():
            place = await Place.create(
                kind=data.kind, name=data.name, name_ug=data.name_ug, name_en=data.name_en,
                address=data.address.strip(), community=community, station=station,
                scope_path=(station or community).path, latitude=data.latitude, longitude=data.longitude,
                phone=data.phone, amenities=data.amenities, hours=data.hours, property_company_id=company_id,
            )
            code = await _issue_code(place)
    except IntegrityError:
        raise AppError(409, "place_name_taken", errors=[FieldError("name", "place_name_taken")]) from None
    return place, code


EDITABLE = {"kind", "name", "name_ug", "name_en", "address", "latitude", "longitude", "phone",
            "amenities", "hours", "is_active", "property_company_id"}


async def update_place(actor: Principal | None, place_id: int, changes: dict) -> Place:
    place = await get_place_in_scope(actor, place_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise invalid(sorted(unknown)[0], "invalid")
    merged = PlaceInput(
        kind=changes.get("kind", place.kind), name=changes.get("name", place.name),
        name_ug=changes.get("name_ug", place.name_ug), name_en=changes.get("name_en", place.name_en),
        address=changes.get("address", place.address),
        latitude=changes.get("latitude", place.latitude), longitude=changes.get("longitude", place.longitude),
        phone=changes.get("phone", place.phone), amenities=list(changes.get("amenities", place.amenities)),
        hours=changes.get("hours", place.hours),
    )
    check_place_input(merged)
    if "property_company_id" in changes:
        if actor is not None and actor.role not in TRIAGERS:
            raise forbidden()
        changes["property_company_id"] = await property_company_for(actor, place.community_id,
                                                                    changes["property_company_id"])
    for key in changes:
        value = getattr(merged, key) if hasattr(merged, key) else changes[key]
        setattr(place, key, value)
    try:
        await place.save()
    except IntegrityError:
        raise AppError(409, "place_name_taken", errors=[FieldError("name", "place_name_taken")]) from None
    hot.touch(PLACES, wishes_topic(place.community_id))  # the walls show the place's name
    return place


# --- nearby -------------------------------------------------------------------------

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.32
SEARCH_RADII_KM = (2, 5, 10, 25, 60)


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass
class NearbyPlace:
    place: Place
    distance_km: float
    open_now: bool | None


async def community_centre(community_id: int) -> tuple[float, float]:
    """Where to search from when the phone's location is not shared: the middle of the
    community's located places."""
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise invalid("community_id", "unknown_node")
    located = await Place.filter(community_id=community.id, latitude__isnull=False).values_list("latitude", "longitude")
    if not located:
        raise invalid("community_id", "community_not_located")
    return sum(p[0] for p in located) / len(located), sum(p[1] for p in located) / len(located)


def _box(lat: float, lng: float, radius_km: float) -> Q:
    dlat = radius_km / KM_PER_DEGREE
    dlng = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    return Q(latitude__gte=lat - dlat, latitude__lte=lat + dlat, longitude__gte=lng - dlng, longitude__lte=lng + dlng)


async def nearby(lat: float, lng: float, *, amenities: list[str], open_now: bool, at: datetime,
                 limit: int = 10) -> list[NearbyPlace]:
    """Active stations nearest to (lat, lng) having every amenity asked for.

    Bounding boxes in SQL (indexed latitude) keep the candidates few: first a small box,
    then rings around it until enough are found, each row read once. Amenities, opening
    hours and the exact distance are checked here on plain rows; only the winners are
    loaded as models.
    """
    wanted = set(amenities)
    clock = OpeningClock(at)
    candidates: list[tuple[float, int]] = []
    previous: Q | None = None
    for radius in SEARCH_RADII_KM:
        box = _box(lat, lng, radius)
        query = Place.filter(box, is_active=True, kind__in=list(STATION_KINDS))
        if previous is not None:
            query = query.filter(~previous)
        # Plain rows, not models: thousands may be read when little matches.
        for row in await plain_rows(query.only("id", "latitude", "longitude", "amenities", "hours")):
            if wanted and not wanted <= set(_json(row["amenities"]) or []):
                continue
            if open_now and clock.is_open(_json(row["hours"])) is not True:
                continue
            candidates.append((distance_km(lat, lng, row["latitude"], row["longitude"]), row["id"]))
        previous = box
        if sum(1 for c in candidates if c[0] <= radius) >= limit:
            break
    ranked = sorted(c for c in candidates if c[0] <= radius)[:limit]
    places = {p.id: p for p in await Place.filter(id__in=[r[1] for r in ranked])}
    return [NearbyPlace(places[place_id], distance, clock.is_open(places[place_id].hours))
            for distance, place_id in ranked]


def _json(value):
    """JSON columns come back decoded from PostgreSQL and as text from SQLite's values()."""
    return json.loads(value) if isinstance(value, str) else value
