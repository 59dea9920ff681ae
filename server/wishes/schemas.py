from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec

from server.core.media import photo_url
from server.core.names import public_name, public_short
from server.wishes.models import Wish, WishClaim, WishEvent
from server.wishes.reading import WishRecord


class WishCard(msgspec.Struct):
    """What anyone may see of a wish: the rider only as surname + 师傅."""

    id: int
    category: str
    title: str
    description: str
    photo_url: str | None
    thumb_url: str | None
    rider: str
    needed_by: date | None
    status: str
    place_id: int
    place_name: str
    published_at: datetime | None
    thanks: str
    thanked_at: datetime | None
    # For screens in Uyghur and English: the place's names there, and the rider's short name
    # to put with their own word for 师傅.
    place_name_ug: str | None = None
    place_name_en: str | None = None
    rider_short: str = ""

    @classmethod
    def of(cls, w: Wish) -> WishCard:
        # Needs ``place`` fetched.
        return cls(id=w.id, category=w.category, title=w.title, description=w.description,
                   photo_url=photo_url(w.photo), thumb_url=photo_url(w.thumb), rider=public_name(w.rider_name),
                   needed_by=w.needed_by, status=w.status, place_id=w.place_id, place_name=w.place.name,
                   published_at=w.published_at, thanks=w.thanks, thanked_at=w.thanked_at,
                   place_name_ug=w.place.name_ug, place_name_en=w.place.name_en, rider_short=public_short(w.rider_name))


class ClaimContact(msgspec.Struct):
    """The claimer, for the rider and the staff of the place (the claimer agreed to it)."""

    name: str
    phone: str
    kind: str
    status: str
    created_at: datetime
    expires_at: datetime
    note: str
    photo_url: str | None

    @classmethod
    def of(cls, c: WishClaim) -> ClaimContact:
        return cls(name=c.name, phone=c.phone, kind=c.kind, status=c.status, created_at=c.created_at,
                   expires_at=c.expires_at, note=c.note, photo_url=photo_url(c.photo))


class WishEventOut(msgspec.Struct):
    action: str
    to_status: str
    actor: str
    note: str
    at: datetime

    @classmethod
    def of(cls, e: WishEvent) -> WishEventOut:
        return cls(action=e.action, to_status=e.to_status, actor=e.actor.name if e.actor else e.actor_label,
                   note=e.note, at=e.created_at)


class WishDetail(msgspec.Struct):
    wish: WishCard
    source: str
    created_at: datetime
    reject_reason: str
    rider_name: str | None
    claim: ClaimContact | None
    events: list[WishEventOut]
    # What the viewer may do now: publish, reject, withdraw, thank, fulfil, claim.
    can: list[str]

    @classmethod
    def of(cls, record: WishRecord) -> WishDetail:
        wish, privileged = record.wish, record.privileged
        return cls(wish=WishCard.of(wish), source=wish.source, created_at=wish.created_at,
                   reject_reason=wish.reject_reason if privileged else "",
                   rider_name=wish.rider_name if privileged else None,
                   claim=ClaimContact.of(record.claim) if record.claim else None,
                   events=[WishEventOut.of(e) for e in record.events], can=record.can)


class PlaceOnWall(msgspec.Struct):
    code: str
    name: str
    name_ug: str | None
    name_en: str | None
    state: str


class Wall(msgspec.Struct):
    title: str
    title_ug: str | None
    title_en: str | None
    place: PlaceOnWall | None
    open: list[WishCard]
    next_cursor: str | None
    lit: list[WishCard]


class WishForm(msgspec.Struct):
    """A 微心愿: the place's poster code, a kind, one line (and more if needed), an optional
    picture and "needed by" day. Staff writing one down for a rider name the rider (a
    registered rider's phone, or a name) and where they heard it."""

    code: Annotated[str, msgspec.Meta(max_length=40, description="the place's code from its poster")] = ""
    category: Annotated[str, msgspec.Meta(max_length=20, description="access, charging, resting, eating, goods, "
                                                                     "learning, family or other")] = ""
    title: Annotated[str, msgspec.Meta(max_length=40, description="the wish in one line")] = ""
    description: Annotated[str, msgspec.Meta(max_length=500)] = ""
    needed_by: Annotated[str, msgspec.Meta(max_length=20, description="YYYY-MM-DD, not in the past")] = ""
    idempotency_key: Annotated[str, msgspec.Meta(max_length=64, description="8–64 characters made by the phone")] = ""
    rider_name: Annotated[str, msgspec.Meta(max_length=50, description="staff only: the rider's name")] = ""
    rider_phone: Annotated[str, msgspec.Meta(max_length=20, description="staff only: a registered rider's phone")] = ""
    source: Annotated[str, msgspec.Meta(max_length=20, description="staff only: talk_session or listening_point")] = ""
    photo: bytes | None = None


class FulfilForm(msgspec.Struct):
    """The claimer's word that the wish came true: a note and, if they like, a photo."""

    note: Annotated[str, msgspec.Meta(max_length=500)] = ""
    photo: bytes | None = None


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    note: str = ""


class ThanksIn(msgspec.Struct, forbid_unknown_fields=True):
    thanks: str = ""


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    phone: str
    kind: str
    consent: bool = False


class ClaimCreated(msgspec.Struct):
    token: str
    link: str
    wish: WishCard


class ClaimView(msgspec.Struct):
    """The claimer's private page: the wish, their claim, and whom to call."""

    wish: WishCard
    status: str
    expires_at: datetime
    note: str
    place_phone: str | None
    place_address: str
    # Active and ending within a day: the page asks to finish or give it up.
    expires_soon: bool = False


class StatsRow(msgspec.Struct):
    community_id: int
    community_name: str
    category: str
    collected: int
    published: int
    claimed: int
    fulfilled: int
    median_days_to_claim: float | None
