from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.core.clock import Instant
from server.core.media import photo_url
from server.core.names import public_name, public_short
from server.rewards.models import Redemption, RedemptionStatus, Reward

# A reward costs at least one point and not more than anyone could earn in years.
Cost = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
Stock = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
RewardName = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
OtherName = Annotated[str, msgspec.Meta(max_length=100)]
Description = Annotated[str, msgspec.Meta(max_length=300)]



class RewardIn(msgspec.Struct, forbid_unknown_fields=True):
    name: RewardName
    cost: Cost
    stock: Stock
    owner_id: int | None = None
    name_ug: OtherName | None = None
    name_en: OtherName | None = None
    description: Description = ""
    available_from: Instant | None = None
    available_until: Instant | None = None

    def fields(self) -> dict:
        """The reward's own fields (the owner is chosen apart), names and text trimmed."""
        return {"name": self.name.strip(), "name_ug": self.name_ug, "name_en": self.name_en,
                "description": self.description.strip(), "cost": self.cost, "stock": self.stock,
                "available_from": self.available_from, "available_until": self.available_until}


class RewardEdit(msgspec.Struct, forbid_unknown_fields=True):
    name: RewardName | msgspec.UnsetType = msgspec.UNSET
    name_ug: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    name_en: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    cost: Cost | msgspec.UnsetType = msgspec.UNSET
    stock: Stock | msgspec.UnsetType = msgspec.UNSET
    available_from: Instant | None | msgspec.UnsetType = msgspec.UNSET
    available_until: Instant | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class RewardOut(msgspec.Struct):
    id: int
    owner_id: int
    owner_name: str
    name: str
    name_ug: str | None
    name_en: str | None
    description: str
    cost: int
    stock: int
    photo_url: str | None
    thumb_url: str | None
    available_from: datetime | None
    available_until: datetime | None
    is_active: bool
    available: bool
    affordable: bool | None = None
    owner_name_ug: str | None = None
    owner_name_en: str | None = None

    @classmethod
    def of(cls, r: Reward, owner: tuple[str, str | None, str | None], *, available: bool,
           balance: int | None = None) -> RewardOut:
        """``owner``: the owning station's or community's name in Chinese, Uyghur, English."""
        return cls(id=r.id, owner_id=r.owner_id, owner_name=owner[0], owner_name_ug=owner[1], owner_name_en=owner[2],
                   name=r.name, name_ug=r.name_ug,
                   name_en=r.name_en, description=r.description, cost=r.cost, stock=r.stock,
                   photo_url=photo_url(r.photo), thumb_url=photo_url(r.thumb), available_from=r.available_from,
                   available_until=r.available_until, is_active=r.is_active, available=available,
                   affordable=None if balance is None else balance >= r.cost)


class RedeemIn(msgspec.Struct, forbid_unknown_fields=True):
    idempotency_key: Annotated[str, msgspec.Meta(min_length=8, max_length=64)] | None = None


class RedemptionOut(msgspec.Struct):
    code: str
    status: RedemptionStatus
    cost: int
    reward_id: int
    reward_name: str
    reward_name_ug: str | None
    reward_name_en: str | None
    reward_thumb_url: str | None
    collect_at: str
    rider: str
    created_at: datetime
    expires_at: datetime
    closed_at: datetime | None
    qr_url: str
    collect_at_ug: str | None = None
    collect_at_en: str | None = None
    rider_short: str = ""

    @classmethod
    def of(cls, r: Redemption) -> RedemptionOut:
        # Needs reward__owner and account fetched.
        reward = r.reward
        return cls(code=r.code, status=r.status, cost=r.cost, reward_id=reward.id, reward_name=reward.name,
                   reward_name_ug=reward.name_ug, reward_name_en=reward.name_en,
                   reward_thumb_url=photo_url(reward.thumb), collect_at=reward.owner.name,
                   collect_at_ug=reward.owner.name_ug, collect_at_en=reward.owner.name_en,
                   rider=public_name(r.account.name), rider_short=public_short(r.account.name),
                   created_at=r.created_at, expires_at=r.expires_at,
                   closed_at=r.closed_at, qr_url=f"/api/v1/redemptions/{r.code}/qr.svg")


