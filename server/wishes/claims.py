"""Claims: someone's promise to fulfil a wish, held through a private link. One active claim
a wish (a conditional update on the wish: of fifty people claiming at once, one wins),
fulfilment by the claimer or by staff, giving up, the reminder before a claim runs out,
expiry after seven days, and forgetting claimers' phones after the retention period."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.clock import now
from server.core.errors import AppError, conflict, invalid
from server.core.media import new_photos
from server.core.phones import normalise_phone
from server.core.security import Principal
from server.core.stores import CounterStore, limit_rate
from server.points.service import award
from server.wishes.models import (
    ClaimerKind,
    ClaimStatus,
    Wish,
    WishClaim,
    WishStatus,
)
from server.wishes.service import (
    HOUR,
    can_review,
    claimer_label,
    clean_text,
    closed_for,
    get_wish,
    move,
    record_event,
    tell_about,
    tell_claim_news,
)

CLAIM_DAYS = 7


# How long before a claim ends its claimer is reminded.
CLAIM_WARNING = timedelta(hours=24)


CLAIMS_PER_HOUR_PER_IP = 5


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class ClaimInput:
    name: str
    phone: str
    kind: str
    consent: bool


async def claim(wish_id: int, data: ClaimInput, *, actor: Principal | None, client_ip: str,
                counters: CounterStore) -> tuple[WishClaim, str]:
    """Promise to make a wish come true. Returns the claim and its secret token (shown once,
    in the private link). Exactly one active claim per wish; the others get 409."""
    wish = await get_wish(wish_id)
    name = clean_text(data.name, "name", required=True)
    phone = normalise_phone(data.phone or "")
    if phone is None:
        raise invalid("phone", "invalid_phone")
    try:
        kind = ClaimerKind(data.kind)
    except ValueError:
        raise invalid("kind", "invalid") from None
    if data.consent is not True:
        raise invalid("consent", "consent_required")
    if wish.status != WishStatus.PUBLISHED:
        raise closed_for(wish)
    if await _is_the_riders_own(wish, actor, phone):
        raise conflict("own_wish")
    await limit_rate(counters, f"claims:ip:{client_ip}", CLAIMS_PER_HOUR_PER_IP, HOUR)
    token = secrets.token_urlsafe(24)
    moment = now()
    async with in_transaction():
        if not await move(wish, {WishStatus.PUBLISHED}, WishStatus.CLAIMED, claimed_at=moment):
            raise closed_for(await get_wish(wish.id))
        created = await WishClaim.create(
            wish_id=wish.id, token_hash=token_hash(token), name=name, phone=phone, kind=kind, consent_at=moment,
            account_id=actor.account_id if actor else None, expires_at=moment + timedelta(days=CLAIM_DAYS))
        await record_event(wish, "claim", WishStatus.PUBLISHED, WishStatus.CLAIMED, actor=actor, label=claimer_label(name))
        await tell_claim_news(wish, WishStatus.CLAIMED, ClaimStatus.ACTIVE)
    return created, token


async def _is_the_riders_own(wish: Wish, actor: Principal | None, phone: str) -> bool:
    """The rider (or another account of his phone) may not claim his own wish and be paid
    for it."""
    if wish.rider_id is None:
        return False
    if actor is not None and actor.account_id == wish.rider_id:
        return True
    rider_phone = await Account.filter(id=wish.rider_id).first().values_list("phone", flat=True)
    return bool(rider_phone) and phone == rider_phone


async def claim_by_token(token: str) -> WishClaim:
    found = await WishClaim.get_or_none(token_hash=token_hash(token or "")) if 20 <= len(token or "") <= 64 else None
    if found is None:
        raise AppError(404, "unknown_claim")
    if found.status == ClaimStatus.ACTIVE and found.expires_at <= now():
        try:
            await _release(found, ClaimStatus.EXPIRED, "claim_expired")
        except AppError:
            pass  # closed a moment ago by someone else
        found = await WishClaim.get(id=found.id)
    return found


async def _finish(claim_row: WishClaim, *, note: str = "", stored=None, actor: Principal | None = None) -> Wish:
    """Mark the wish fulfilled through its active claim; points to the claimer's account."""
    wish = await get_wish(claim_row.wish_id)
    moment = now()
    async with in_transaction():
        closed = await WishClaim.filter(id=claim_row.id, status=ClaimStatus.ACTIVE).update(
            status=ClaimStatus.FULFILLED, closed_at=moment, note=note,
            photo=stored.name if stored else None, thumb=stored.thumb if stored else None)
        if not closed or not await move(wish, {WishStatus.CLAIMED}, WishStatus.FULFILLED, fulfilled_at=moment):
            raise conflict("claim_closed")
        await record_event(wish, "fulfil", WishStatus.CLAIMED, WishStatus.FULFILLED, actor=actor,
                     label="" if actor else claimer_label(claim_row.name), note=note)
        await tell_claim_news(wish, WishStatus.FULFILLED, ClaimStatus.FULFILLED)
    # A claimer's own "done" pays nothing yet: the rider's thanks does (``thank``), or the
    # station head's or community worker's confirmation, which is this call with ``actor``.
    if claim_row.account_id is not None and actor is not None:
        await award(claim_row.account_id, "wish_fulfilled", "wish", wish.id, caused_by=actor.account_id)
    return await get_wish(wish.id)


async def fulfil_by_claimer(token: str, note: str, photo: bytes | None, media_dir: Path) -> Wish:
    claim_row = await claim_by_token(token)
    note = clean_text(note, "note")
    if claim_row.status != ClaimStatus.ACTIVE:
        raise conflict("claim_closed")
    async with new_photos(media_dir) as written:
        stored = await written.store(photo) if photo else None
        return await _finish(claim_row, note=note, stored=stored)


async def fulfil_by_staff(principal: Principal, wish_id: int, note: str) -> Wish:
    """The station head saw it done (the claimer brought the things to the station)."""
    wish = await get_wish(wish_id)
    if not can_review(principal, wish):
        raise AppError(403, "wish_other_place")
    active = await WishClaim.get_or_none(wish_id=wish.id, status=ClaimStatus.ACTIVE)
    if active is None:
        raise conflict("illegal_transition")
    return await _finish(active, note=clean_text(note, "note"), actor=principal)


async def give_up(token: str) -> Wish:
    """The claimer cannot do it after all: the wish goes back on the wall."""
    claim_row = await claim_by_token(token)
    return await _release(claim_row, ClaimStatus.GIVEN_UP, "give_up")


async def _release(claim_row: WishClaim, status: ClaimStatus, action: str) -> Wish:
    wish = await get_wish(claim_row.wish_id)
    async with in_transaction():
        closed = await WishClaim.filter(id=claim_row.id, status=ClaimStatus.ACTIVE).update(status=status,
                                                                                              closed_at=now())
        if not closed:
            raise conflict("claim_closed")
        await move(wish, {WishStatus.CLAIMED}, WishStatus.PUBLISHED)
        await record_event(wish, action, WishStatus.CLAIMED, WishStatus.PUBLISHED, label=claimer_label(claim_row.name))
        await tell_claim_news(wish, WishStatus.PUBLISHED, status)
        if status == ClaimStatus.EXPIRED:
            await tell_about(wish, "claim_expired", "claim_expired", claim_row=claim_row)
    return await get_wish(wish.id)


async def warn_expiring_claims(at: datetime | None = None, limit: int = 500) -> int:
    """A day before a claim's seven days end, its claimer is reminded (once: the claim
    records the warning by a conditional update only one worker can win)."""
    at = at or now()
    due = await WishClaim.filter(status=ClaimStatus.ACTIVE, warned_at=None, expires_at__lte=at + CLAIM_WARNING,
                                 expires_at__gt=at).order_by("expires_at").limit(limit)
    warned = 0
    for claim_row in due:
        async with in_transaction():
            if await WishClaim.filter(id=claim_row.id, status=ClaimStatus.ACTIVE, warned_at=None).update(warned_at=at):
                wish = await get_wish(claim_row.wish_id)
                await tell_about(wish, "claim_expiring", "claim_expiring", claim_row=claim_row)
                warned += 1
    return warned


def expires_soon(claim_row: WishClaim, at: datetime | None = None) -> bool:
    """What the private claim page says a day before the end."""
    return claim_row.status == ClaimStatus.ACTIVE and claim_row.expires_at - (at or now()) <= CLAIM_WARNING


async def forget_claimer_phones(before: datetime, *, dry_run: bool = False) -> int:
    """Retention: the phone of a claim that ended before ``before`` is removed (the claim,
    the claimer's public name and the wish stay). Returns how many claims (would) lose it."""
    query = WishClaim.filter(status__not=ClaimStatus.ACTIVE, closed_at__lt=before, phone__not="")
    if dry_run:
        return await query.count()
    return await query.update(phone="")


async def expire_claims(limit: int = 500) -> int:
    """Claims not fulfilled within seven days end; their wishes return to the wall."""
    due = await WishClaim.filter(status=ClaimStatus.ACTIVE, expires_at__lte=now()).order_by("id").limit(limit)
    expired = 0
    for claim_row in due:
        try:
            await _release(claim_row, ClaimStatus.EXPIRED, "claim_expired")
            expired += 1
        except AppError:
            pass  # fulfilled or given up a moment ago
    return expired
