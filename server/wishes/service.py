"""The rules of a wish: who may write, review, follow, thank and withdraw it (``allowed_actions``
says what each viewer may do now), writing one (photo, idempotency, the hourly limit),
review, and what each step tells whom. Claims live in ``claims.py``, the screens' reads in
``reading.py``. Plain async functions; no HTTP objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core import hot
from server.core.clock import now, today
from server.core.errors import AppError, conflict, invalid
from server.core.hot import wishes_topic
from server.core.media import new_photos
from server.core.phones import normalise_phone
from server.core.roles import MANAGERS, WISH_WRITERS, Role
from server.core.security import Principal
from server.core.stores import CounterStore, limit_rate
from server.locations.models import Place
from server.locations.service import active_place_for_code
from server.notifications.audiences import WHO_IS_TOLD, Audience
from server.notifications.service import Message, Recipient, RoleInScope, tell
from server.org.models import OrgNode
from server.points.service import award
from server.wishes.models import (
    ClaimStatus,
    Wish,
    WishCategory,
    WishClaim,
    WishEvent,
    WishSource,
    WishStatus,
)

HOUR = 3600


WISHES_PER_HOUR = 10


LIMITS = {"title": 40, "description": 500, "rider_name": 50, "note": 500, "thanks": 200, "name": 50}


def clean_text(value: str, field_name: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise invalid(field_name, "required")
    if len(value) > LIMITS[field_name]:
        raise invalid(field_name, "too_long")
    return value


def can_review(principal: Principal, wish: Wish) -> bool:
    """The station head of the place's station, or the community's worker (or an admin)."""
    return principal.role in MANAGERS and principal.covers(wish.scope_path)


def is_author(principal: Principal, wish: Wish) -> bool:
    return wish.rider_id is not None and wish.rider_id == principal.account_id


def can_follow(principal: Principal | None, wish: Wish) -> bool:
    """Its rider and the staff of its place see the claimer's contact and the history."""
    return principal is not None and (can_review(principal, wish) or is_author(principal, wish))


def may_thank(principal: Principal, wish: Wish) -> bool:
    """The rider; for a wish written down without a rider account, the staff who hold it."""
    return is_author(principal, wish) or (wish.rider_id is None and can_review(principal, wish))


def allowed_actions(principal: Principal | None, wish: Wish) -> list[str]:
    """What the viewer may do with the wish now (the screens show these buttons)."""
    status = wish.status
    if principal is None:
        return ["claim"] if status == WishStatus.PUBLISHED else []
    reviewer, author = can_review(principal, wish), is_author(principal, wish)
    can = []
    if reviewer and status == WishStatus.SUBMITTED:
        can += ["publish", "reject"]
    if author and status in (WishStatus.SUBMITTED, WishStatus.PUBLISHED, WishStatus.CLAIMED):
        can.append("withdraw")
    if reviewer and status == WishStatus.CLAIMED:
        can.append("fulfil")
    if status == WishStatus.FULFILLED and may_thank(principal, wish):
        can.append("thank")
    if status == WishStatus.PUBLISHED and not author:
        can.append("claim")
    return can


def claimer_label(name: str) -> str:
    """A claimer in a wish's history (seen by its rider and the staff only) as he gave his
    name — 刘阿姨, 李大姐, 王先生 — not as a rider (surname + 师傅)."""
    return name.strip()[:50]


async def record_event(wish: Wish, action: str, from_status: str, to_status: str, *, actor: Principal | None = None,
                 label: str = "", note: str = "") -> None:
    await WishEvent.create(wish_id=wish.id, actor_id=actor.account_id if actor else None, actor_label=label,
                           action=action, from_status=from_status, to_status=to_status, note=note[:500])
    hot.touch(wishes_topic(wish.community_id))  # the walls and the TV show it once committed


async def _audience(wish: Wish, audience: Audience, claim_row: WishClaim | None) -> Recipient:
    if audience == Audience.RIDER:
        return wish.rider_id
    if audience == Audience.CLAIMER:
        return claim_row.account_id if claim_row else None
    if audience == Audience.PLACE_STATION_HEAD:
        station_id = await Place.get(id=wish.place_id).values_list("station_id", flat=True)
        return RoleInScope(Role.STATION_HEAD, wish.scope_path, exact=True) if station_id else None
    if audience == Audience.COMMUNITY_WORKERS:
        community = await OrgNode.get(id=wish.community_id)
        return RoleInScope(Role.COMMUNITY_WORKER, community.path, exact=True)
    return None


async def tell_about(wish: Wish, kind: str, status: str, *, claim_row: WishClaim | None = None,
                     skip: int | None = None) -> int:
    """Tell those the table ``WHO_IS_TOLD`` names for ``kind`` about ``wish``."""
    audiences = {a: await _audience(wish, a, claim_row) for a in WHO_IS_TOLD[kind]}
    # A claimer without an account hears of the claim's end by SMS (and on the private page).
    sms_to = claim_row.phone if claim_row and Audience.CLAIMER in WHO_IS_TOLD[kind] else ""
    return await tell(audiences, Message(kind, "wish", wish.id, status=status, params={"title": wish.title}),
                      skip=skip, community_id=wish.community_id, sms_to=sms_to)


async def tell_claim_news(wish: Wish, wish_status: str, claim_status: str, claim_row: WishClaim | None = None) -> None:
    """A claim changed: the rider hears how his wish stands, the station head what happened."""
    await tell_about(wish, "wish_status", wish_status)
    await tell_about(wish, "wish_claim_news", claim_status, claim_row=claim_row)


@dataclass
class WishInput:
    code: str
    category: str
    title: str
    description: str = ""
    needed_by: str = ""
    idempotency_key: str = ""
    photo: bytes | None = None
    # Staff writing a wish down for a rider:
    rider_name: str = ""
    rider_phone: str = ""
    source: str = ""


async def submit_wish(actor: Principal, data: WishInput, *, media_dir: Path, counters: CounterStore) -> tuple[Wish, bool]:
    """A rider's wish (waits for review), or one staff recorded on a rider's behalf at a
    talk session (published at once: they reviewed it as they wrote it). Returns (wish,
    created); the same idempotency key again returns the first wish."""
    if actor.role not in WISH_WRITERS:
        raise AppError(403, "forbidden")
    key = data.idempotency_key or None
    if key is not None:
        existing = await Wish.get_or_none(idempotency_key=key)
        if existing is not None:
            if existing.recorded_by_id != actor.account_id and existing.rider_id != actor.account_id:
                raise conflict("idempotency_conflict")
            return existing, False
    place = await active_place_for_code(data.code)
    try:
        category = WishCategory(data.category)
    except ValueError:
        raise invalid("category", "unknown_category") from None
    title = clean_text(data.title, "title", required=True)
    description = clean_text(data.description, "description")
    needed_by = _needed_by(data.needed_by)
    on_behalf = actor.role != Role.RIDER
    rider_id, rider_name, source = actor.account_id, actor.name, WishSource.APP
    if on_behalf:
        if not actor.covers(place.scope_path):
            raise AppError(403, "wish_other_place")
        rider_id, rider_name = await _rider_for(actor, data)
        try:
            source = WishSource(data.source or WishSource.TALK_SESSION)
        except ValueError:
            raise invalid("source", "invalid") from None
    if not on_behalf:  # staff writing down a whole talk session are not limited
        await limit_rate(counters, f"wishes:account:{actor.account_id}", WISHES_PER_HOUR, HOUR)
    moment = now()
    status = WishStatus.PUBLISHED if on_behalf else WishStatus.SUBMITTED
    async with new_photos(media_dir) as written:
        stored = await written.store(data.photo) if data.photo else None
        try:
            async with in_transaction():
                wish = await Wish.create(
                    category=category, title=title, description=description, place_id=place.id,
                    community_id=place.community_id, scope_path=place.scope_path, rider_id=rider_id,
                    rider_name=rider_name, recorded_by_id=actor.account_id if on_behalf else None, source=source,
                    needed_by=needed_by, status=status, idempotency_key=key,
                    photo=stored.name if stored else None, thumb=stored.thumb if stored else None,
                    published_at=moment if on_behalf else None)
                await record_event(wish, "submit", "", WishStatus.SUBMITTED, actor=actor)
                if on_behalf:
                    await record_event(wish, "publish", WishStatus.SUBMITTED, WishStatus.PUBLISHED, actor=actor,
                                 note=source.value)
                else:  # the reviewers hear of it, with the wish (kept or lost together)
                    await tell_about(wish, "wish_submitted", status, skip=actor.account_id)
        except IntegrityError:
            written.discard()  # the same key won a race: keep its wish, drop our picture
            existing = await Wish.get_or_none(idempotency_key=key) if key else None
            if existing is None:
                raise
            return existing, False
    return wish, True


def _needed_by(raw: str) -> date | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise invalid("needed_by", "invalid") from None
    if day < today():
        raise invalid("needed_by", "in_the_past")
    return day


async def _rider_for(actor: Principal, data: WishInput) -> tuple[int | None, str]:
    """The rider a staff member speaks for: a registered rider by phone, else a name."""
    if data.rider_phone.strip():
        phone = normalise_phone(data.rider_phone)
        if phone is None:
            raise invalid("rider_phone", "invalid_phone")
        rider = await Account.get_or_none(phone=phone, role=Role.RIDER).select_related("scope")
        # Only riders in the speaker's scope; one outside it is "unknown", as a number nobody
        # has: the answer (with the rider's full name) must not tell who rides where.
        if rider is None or not actor.covers(rider.scope.path if rider.scope else None):
            raise invalid("rider_phone", "unknown_account")
        return rider.id, rider.name
    return None, clean_text(data.rider_name, "rider_name", required=True)


async def get_wish(wish_id: int) -> Wish:
    wish = await Wish.get_or_none(id=wish_id)
    if wish is None:
        raise AppError(404, "unknown_wish")
    return wish


async def visible_wish(principal: Principal | None, wish_id: int) -> Wish:
    """A wish as the viewer may see it: not yet (or no longer) on the wall → only its rider
    and the staff of its place."""
    wish = await get_wish(wish_id)
    hidden = wish.status in (WishStatus.SUBMITTED, WishStatus.REJECTED, WishStatus.WITHDRAWN)
    if hidden and not can_follow(principal, wish):
        raise AppError(404, "unknown_wish")
    return wish


async def move(wish: Wish, sources: set[WishStatus], target: WishStatus, **changes) -> bool:
    """The conditional write every transition goes through: it happens only if the wish is
    still in one of ``sources`` (another person may have acted a moment ago)."""
    return bool(await Wish.filter(id=wish.id, status__in=list(sources)).update(status=target, updated_at=now(),
                                                                                 **changes))


def closed_for(wish: Wish) -> AppError:
    if wish.status in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.THANKED):
        return conflict("already_claimed")
    return conflict("wish_not_open")


async def review(principal: Principal, wish_id: int, action: str, note: str = "") -> Wish:
    wish = await get_wish(wish_id)
    if not can_review(principal, wish):
        raise AppError(403, "wish_other_place")
    note = clean_text(note, "note")
    if action == "reject" and not note:
        raise invalid("note", "reason_required")
    target = WishStatus.PUBLISHED if action == "publish" else WishStatus.REJECTED
    changes = {"published_at": now()} if action == "publish" else {"reject_reason": note[:200]}
    async with in_transaction():
        if not await move(wish, {WishStatus.SUBMITTED}, target, **changes):
            raise conflict("illegal_transition")
        await record_event(wish, action, wish.status, target, actor=principal, note=note)
        await tell_about(wish, "wish_status", target)
    return await get_wish(wish.id)


async def withdraw(principal: Principal, wish_id: int) -> Wish:
    """The rider takes the wish back; an active claim on it ends (its claimer sees why)."""
    wish = await get_wish(wish_id)
    if not is_author(principal, wish):
        raise AppError(403, "forbidden")
    async with in_transaction():
        if not await move(wish, {WishStatus.SUBMITTED, WishStatus.PUBLISHED, WishStatus.CLAIMED}, WishStatus.WITHDRAWN):
            raise conflict("illegal_transition")
        await WishClaim.filter(wish_id=wish.id, status=ClaimStatus.ACTIVE).update(
            status=ClaimStatus.WITHDRAWN, closed_at=now())
        await record_event(wish, "withdraw", wish.status, WishStatus.WITHDRAWN, actor=principal)
    return await get_wish(wish.id)


async def thank(principal: Principal, wish_id: int, thanks: str) -> Wish:
    """The rider confirms the wish came true and may say thank you; the wall lights it."""
    wish = await get_wish(wish_id)
    if not may_thank(principal, wish):
        raise AppError(403, "forbidden")
    thanks = clean_text(thanks, "thanks")
    async with in_transaction():
        if not await move(wish, {WishStatus.FULFILLED}, WishStatus.THANKED, thanks=thanks, thanked_at=now()):
            raise conflict("illegal_transition")
        await record_event(wish, "thank", WishStatus.FULFILLED, WishStatus.THANKED, actor=principal, note=thanks)
    # The rider's word that it came true is what pays the claimer (once: see ``award``).
    fulfilled = await WishClaim.get_or_none(wish_id=wish.id, status=ClaimStatus.FULFILLED)
    if fulfilled is not None and fulfilled.account_id is not None:
        await award(fulfilled.account_id, "wish_fulfilled", "wish", wish.id, caused_by=principal.account_id)
    return await get_wish(wish.id)
