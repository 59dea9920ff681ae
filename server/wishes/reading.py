"""What the wish screens read: one wish with its history and claim, the review queue, a
rider's wishes and a claimer's claims, the walls of a place and of a community."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.queryset import QuerySet

from server.core.errors import AppError, invalid
from server.core.security import Principal, scope_filter
from server.org.models import NodeKind, OrgNode
from server.wishes.models import (
    Wish,
    WishCategory,
    WishClaim,
    WishEvent,
    WishStatus,
)
from server.wishes.service import allowed_actions, can_follow


@dataclass
class WishRecord:
    """A wish with what its viewer may see: its rider and staff of its place also get the
    claimer's contact (the claimer agreed to it), the history and the reject reason."""

    wish: Wish
    privileged: bool
    claim: WishClaim | None
    events: list[WishEvent]
    can: list[str]


async def record_of(principal: Principal | None, wish: Wish) -> WishRecord:
    await wish.fetch_related("place")
    privileged = can_follow(principal, wish)
    latest, events = None, []
    if privileged:
        latest = await WishClaim.filter(wish_id=wish.id).order_by("-id").first()
        events = await WishEvent.filter(wish_id=wish.id).select_related("actor").order_by("id")
    return WishRecord(wish, privileged, latest, events, allowed_actions(principal, wish))


def category_of(raw: str | None) -> WishCategory | None:
    if not raw:
        return None
    try:
        return WishCategory(raw)
    except ValueError:
        raise invalid("category", "unknown_category") from None


def review_queue(principal: Principal, status: WishStatus | None, category: str | None) -> QuerySet[Wish]:
    """Wishes of the caller's places (default: those waiting for review)."""
    query = Wish.filter(scope_filter(principal, "scope_path"), status=status or WishStatus.SUBMITTED) \
        .select_related("place")
    if (chosen := category_of(category)) is not None:
        query = query.filter(category=chosen)
    return query


async def wishes_of(principal: Principal, limit: int = 50) -> list[Wish]:
    """The rider's own wishes, newest first."""
    return await Wish.filter(rider_id=principal.account_id).order_by("-id").limit(limit)


async def claims_of(principal: Principal, limit: int = 50) -> list[WishClaim]:
    """The signed-in claimer's claims, newest first."""
    return await WishClaim.filter(account_id=principal.account_id).order_by("-id").limit(limit)


@dataclass
class WallView:
    open: QuerySet[Wish]    # published, newest first (paged by the caller)
    lit: list[Wish]         # recently thanked


async def wall(wishes: QuerySet[Wish], category: str | None, lit_count: int) -> WallView:
    """A wall shows published wishes to claim and the latest lit ones, optionally of one kind."""
    chosen = category_of(category)
    open_query = wishes.filter(status=WishStatus.PUBLISHED).select_related("place")
    lit_query = wishes.filter(status=WishStatus.THANKED).select_related("place")
    if chosen is not None:
        open_query, lit_query = open_query.filter(category=chosen), lit_query.filter(category=chosen)
    return WallView(open_query, await lit_query.order_by("-thanked_at").limit(lit_count))


def wishes_at_place(place_id: int) -> QuerySet[Wish]:
    return Wish.filter(place_id=place_id)


async def wishes_in_community(community_id: int) -> tuple[OrgNode, QuerySet[Wish]]:
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise AppError(404, "not_found")
    return community, Wish.filter(community_id=community.id)
