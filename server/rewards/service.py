"""Rewards and their redemption: a rider asks, the points are held, the station hands the
reward over (stock -1) or cancels; a request nobody collects expires and gives the points
back. Every change is a conditional update, so racing requests cannot overdraw a balance
or hand out more than the stock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from server.core.clock import now
from server.core.errors import AppError, conflict, forbidden, invalid, not_found
from server.core.media import media_path, new_photos, remove_quietly
from server.core.roles import MANAGERS, REDEEMERS, Role
from server.core.security import Principal, ensure_in_scope, scope_filter
from server.locations.codes import new_code, normalise_code
from server.notifications.audiences import Audience
from server.notifications.service import Message, RoleInScope, tell
from server.org.models import NodeKind, OrgNode
from server.points.service import History, balance_of, ensure_balance, history, post_entry
from server.rewards.models import Redemption, RedemptionStatus, Reward

HELD_REASON = "reward_held"
RELEASED_REASON = "reward_released"
OWNER_KINDS = (NodeKind.DELIVERY_STATION, NodeKind.COMMUNITY)



def is_available(reward: Reward, at: datetime) -> bool:
    return (reward.is_active and (reward.available_from is None or reward.available_from <= at)
            and (reward.available_until is None or at < reward.available_until))


def can_reach(principal: Principal, reward: Reward) -> bool:
    """A rider gets the rewards of their station and of its community."""
    return bool(principal.scope_path) and principal.scope_path.startswith(reward.owner_path)


def can_manage(principal: Principal, reward: Reward) -> bool:
    return principal.role in MANAGERS and principal.covers(reward.owner_path)


def can_hand_over(principal: Principal, reward: Reward) -> bool:
    """The station that owns it; for a community's reward, any station of the community too."""
    return can_manage(principal, reward) or (principal.role == Role.STATION_HEAD and can_reach(principal, reward))


# --- the catalogue ---------------------------------------------------------------------


async def owner_for(principal: Principal, owner_id: int | None) -> OrgNode:
    """The station or community a new reward belongs to (a station head: his station)."""
    if owner_id is None:
        if principal.role != Role.STATION_HEAD or principal.scope_id is None:
            raise invalid("owner_id", "required")
        owner_id = principal.scope_id
    owner = await OrgNode.get_or_none(id=owner_id, kind__in=list(OWNER_KINDS), is_active=True)
    if owner is None or not principal.covers(owner.path):
        raise invalid("owner_id", "unknown_node")
    return owner


def check_window(available_from: datetime | None, available_until: datetime | None) -> None:
    if available_from and available_until and available_until <= available_from:
        raise invalid("available_until", "window_order")


async def add_reward(principal: Principal, owner_id: int | None, fields: dict) -> Reward:
    """A new reward in a station's (or a community's) catalogue."""
    owner = await owner_for(principal, owner_id)
    check_window(fields.get("available_from"), fields.get("available_until"))
    return await Reward.create(owner_id=owner.id, owner_path=owner.path, **fields)


async def edit_reward(principal: Principal, reward_id: int, changes: dict) -> Reward:
    """Apply the changes a manager sent; the availability window stays in order."""
    reward = await managed_reward(principal, reward_id)
    check_window(changes.get("available_from", reward.available_from),
                 changes.get("available_until", reward.available_until))
    if changes:
        await reward.update_from_dict(changes).save()
    return reward


async def managed_reward(principal: Principal, reward_id: int) -> Reward:
    reward = await Reward.get_or_none(id=reward_id)
    if reward is None:
        raise not_found()
    ensure_in_scope(principal, reward.owner_path)
    if not can_manage(principal, reward):
        raise forbidden()
    return reward


async def set_picture(principal: Principal, reward_id: int, raw: bytes, media_dir: Path) -> Reward:
    reward = await managed_reward(principal, reward_id)
    async with new_photos(media_dir) as written:
        stored = await written.store(raw)
        if not await Reward.filter(id=reward.id).update(photo=stored.name, thumb=stored.thumb):
            raise not_found()
    # The new picture is committed: the old one and its thumbnail are nobody's now.
    remove_quietly([path for name in (reward.photo, reward.thumb) if name and (path := media_path(media_dir, name))])
    return await Reward.get(id=reward.id)


def reachable_rewards(principal: Principal) -> Q:
    """Rewards whose owner lies on the path from the root to the caller's node."""
    path = principal.scope_path or ""
    prefixes = [path[: i + 1] for i, char in enumerate(path) if char == "/" and i > 0]
    return Q(owner_path__in=prefixes) if prefixes else Q(id__in=[])


async def catalogue_for(principal: Principal, *, include_inactive: bool = False) -> list[Reward]:
    """Staff: the rewards they manage. Riders and residents: what their station and
    community offer now."""
    if principal.role in MANAGERS:
        query = Reward.filter(scope_filter(principal, "owner_path"))
        if not include_inactive:
            query = query.filter(is_active=True)
        return await query.order_by("cost", "id")
    moment = now()
    return [r for r in await Reward.filter(reachable_rewards(principal), is_active=True).order_by("cost", "id")
            if is_available(r, moment)]


# --- redemption ------------------------------------------------------------------------


async def redeem(principal: Principal, reward_id: int, request_key: str | None, hold_hours: int) -> tuple[Redemption, bool]:
    """Hold the reward's cost and hand out a code. Returns (redemption, created); the same
    ``request_key`` again returns the first one."""
    if principal.role not in REDEEMERS:
        raise forbidden()
    if request_key:
        existing = await Redemption.get_or_none(account_id=principal.account_id, request_key=request_key)
        if existing is not None:
            return existing, False
    reward = await Reward.get_or_none(id=reward_id)
    if reward is None or not can_reach(principal, reward):
        raise not_found()
    moment = now()
    if not is_available(reward, moment):
        raise conflict("reward_unavailable")
    if reward.stock < 1:
        raise conflict("out_of_stock")
    await ensure_balance(principal.account_id)
    try:
        async with in_transaction():
            redemption = await Redemption.create(
                code=new_code(), reward_id=reward.id, account_id=principal.account_id, cost=reward.cost,
                request_key=request_key or None, expires_at=moment + timedelta(hours=hold_hours))
            # The conditional debit: of many requests at once, only those the balance covers pass.
            await post_entry(principal.account_id, -reward.cost, HELD_REASON, "redemption", redemption.id,
                             caused_by=principal.account_id, note=reward.name)
    except IntegrityError:
        existing = await Redemption.get_or_none(account_id=principal.account_id, request_key=request_key) \
            if request_key else None
        if existing is None:
            raise
        return existing, False
    # The station that hands it over: the rider's own; a resident's, the reward's owner's.
    station_path = principal.scope_path if principal.role == Role.RIDER else reward.owner_path
    await tell({Audience.COLLECTING_STATION_HEAD: RoleInScope(Role.STATION_HEAD, station_path or "-")},
               Message("redemption_waiting", "redemption", redemption.id, status=RedemptionStatus.HELD,
                       params={"reward": reward.name, "code": redemption.code}))
    return redemption, True


async def find_redemption(raw_code: str) -> Redemption:
    code = normalise_code(raw_code)
    redemption = await Redemption.get_or_none(code=code) if code else None
    if redemption is None:
        raise AppError(404, "unknown_redemption")
    return redemption


async def redemption_for(principal: Principal, raw_code: str) -> Redemption:
    """The redemption behind a code, for its rider or for staff who may hand it over.
    Another rider's code is unknown to the caller; another station's says so."""
    redemption = await find_redemption(raw_code)
    if redemption.account_id == principal.account_id:
        return redemption
    reward = await Reward.get(id=redemption.reward_id)
    if principal.role not in MANAGERS:
        raise AppError(404, "unknown_redemption")
    if not can_hand_over(principal, reward):
        raise AppError(403, "redemption_other_station")
    return redemption


def _closed_error(redemption: Redemption) -> AppError:
    return conflict({
        RedemptionStatus.HANDED_OVER: "already_handed_over",
        RedemptionStatus.CANCELLED: "redemption_cancelled",
        RedemptionStatus.EXPIRED: "redemption_expired",
    }.get(redemption.status, "illegal_transition"))


async def hand_over(principal: Principal, raw_code: str) -> Redemption:
    """The station head confirms the reward went to the rider: stock -1, points stay spent."""
    redemption = await redemption_for(principal, raw_code)
    reward = await Reward.get(id=redemption.reward_id)
    if principal.role not in MANAGERS:
        raise forbidden()
    if not can_hand_over(principal, reward):
        raise AppError(403, "redemption_other_station")
    moment = now()
    if redemption.status == RedemptionStatus.HELD and redemption.expires_at <= moment:
        await _release(redemption, RedemptionStatus.EXPIRED, None)
        raise conflict("redemption_expired")
    async with in_transaction():
        closed = await Redemption.filter(id=redemption.id, status=RedemptionStatus.HELD, expires_at__gt=moment) \
            .update(status=RedemptionStatus.HANDED_OVER, closed_at=moment, closed_by_id=principal.account_id)
        if not closed:
            raise _closed_error(await Redemption.get(id=redemption.id))
        taken = await Reward.filter(id=reward.id, stock__gte=1).update(stock=F("stock") - 1)
        if not taken:
            raise conflict("out_of_stock")  # rolls the hand-over back; the request stays held
    return await Redemption.get(id=redemption.id)


async def cancel(principal: Principal, raw_code: str) -> Redemption:
    """The rider changes their mind, or the station cannot hand it over: points go back."""
    if principal.role not in MANAGERS | REDEEMERS:
        raise forbidden()
    redemption = await redemption_for(principal, raw_code)
    if not await _release(redemption, RedemptionStatus.CANCELLED, principal.account_id):
        raise _closed_error(await Redemption.get(id=redemption.id))
    return await Redemption.get(id=redemption.id)


async def _release(redemption: Redemption, status: RedemptionStatus, by: int | None) -> bool:
    """Close a held request and credit its points back, once; False if it was not held."""
    async with in_transaction():
        closed = await Redemption.filter(id=redemption.id, status=RedemptionStatus.HELD) \
            .update(status=status, closed_at=now(), closed_by_id=by)
        if not closed:
            return False
        await post_entry(redemption.account_id, redemption.cost, RELEASED_REASON, "redemption", redemption.id,
                         caused_by=by, note=status.value)
    return True


async def expire_due(account_id: int | None = None, limit: int = 500) -> int:
    """Release held requests whose time is up. Safe to run from every worker at once."""
    query = Redemption.filter(status=RedemptionStatus.HELD, expires_at__lte=now())
    if account_id is not None:
        query = query.filter(account_id=account_id)
    released = 0
    for redemption in await query.order_by("id").limit(limit):
        released += await _release(redemption, RedemptionStatus.EXPIRED, None)
    return released


async def held_points(account_id: int) -> int:
    """Points out of the balance for requests not yet handed over."""
    return sum(await Redemption.filter(account_id=account_id, status=RedemptionStatus.HELD)
               .values_list("cost", flat=True))



# --- what riders see ---------------------------------------------------------------------


@dataclass(frozen=True)
class WalletView:
    history: History
    held: int


async def wallet_of(account_id: int, before: int | None = None) -> WalletView:
    """A rider's wallet: requests whose time ran out give their points back first, so the
    balance shown is the one the rider has."""
    await expire_due(account_id)
    return WalletView(history=await history(account_id, before), held=await held_points(account_id))


async def my_redemptions(principal: Principal, closed_limit: int = 10) -> list[Redemption]:
    """The caller's open requests first (newest first), then the last closed ones."""
    await expire_due(principal.account_id)
    open_ = await Redemption.filter(account_id=principal.account_id, status=RedemptionStatus.HELD).order_by("-id")
    closed = await Redemption.filter(account_id=principal.account_id).exclude(status=RedemptionStatus.HELD) \
        .order_by("-id").limit(closed_limit)
    return [*open_, *closed]


async def look_up(principal: Principal, raw_code: str) -> Redemption:
    """A redemption as its rider or a station that may hand it over sees it now (expired
    when its time ran out, even before the sweeper came by)."""
    if principal.role not in MANAGERS | REDEEMERS:
        raise forbidden()
    redemption = await redemption_for(principal, raw_code)
    await expire_due(redemption.account_id)
    return await Redemption.get(id=redemption.id)


async def offer_for(principal: Principal, *, include_inactive: bool = False) -> tuple[list[Reward], int | None]:
    """(rewards, balance): staff get what they manage and no balance; riders and residents
    what they can get now, with their balance to say what they can afford."""
    items = await catalogue_for(principal, include_inactive=include_inactive)
    if principal.role in MANAGERS:
        return items, None
    return items, await balance_of(principal.account_id)
