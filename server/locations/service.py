"""Rules for places and their codes."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.core.errors import invalid, not_found
from server.locations.codes import new_code, normalise_code
from server.locations.models import Place, PlaceCode, PlaceKind
from server.org.models import NodeKind, OrgNode


class CodeState(StrEnum):
    ACTIVE = "active"        # the place's current code, place active
    INACTIVE = "inactive"    # the place was deactivated
    RETIRED = "retired"      # the code was replaced by a new one (a vandalised poster)


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


async def create_place(
    *, kind: PlaceKind, name: str, community_id: int, address: str = "",
    name_ug: str | None = None, name_en: str | None = None,
) -> tuple[Place, str]:
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise invalid("community_id", "unknown_node")
    async with in_transaction():
        place = await Place.create(kind=kind, name=name.strip(), name_ug=name_ug, name_en=name_en,
                                   address=address, community=community)
        code = await _issue_code(place)
    return place, code


async def _issue_code(place: Place) -> str:
    # A clash among 31^10 codes is all but impossible; retry rather than fail if it happens.
    for _ in range(5):
        code = new_code()
        try:
            async with in_transaction():
                await PlaceCode.create(code=code, place=place)
            return code
        except IntegrityError:
            continue
    raise RuntimeError("could not issue a unique place code")


async def current_code(place: Place) -> str | None:
    entry = await PlaceCode.filter(place=place, retired_at=None).order_by("-id").first()
    return entry.code if entry else None


def now() -> datetime:
    return datetime.now(UTC)
