"""Rewards and redemptions over HTTP."""
from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from qr.codes import qr_svg
from server.core.context import app_context
from server.core.errors import forbidden
from server.core.forms import form_photo
from server.core.media import MAX_UPLOAD_BYTES
from server.core.patching import changes_of
from server.core.roles import MANAGERS, REDEEMERS
from server.core.security import Principal, current_principal, require_roles, signed_in
from server.org.models import OrgNode
from server.points import rewards
from server.points.models import Redemption, RedemptionStatus, Reward
from server.points.schemas import RedeemIn, RedemptionOut, RewardEdit, RewardIn, RewardOut
from server.points.service import balance_of

manage_rewards = require_roles(*MANAGERS)


async def rewards_out(items: list[Reward], *, balance: int | None = None) -> list[RewardOut]:
    owners = dict(await OrgNode.filter(id__in={r.owner_id for r in items}).values_list("id", "name"))
    moment = rewards.now()
    return [RewardOut.of(r, owners.get(r.owner_id, ""), available=rewards.is_available(r, moment), balance=balance)
            for r in items]


async def redemption_out(redemption: Redemption) -> RedemptionOut:
    await redemption.fetch_related("reward__owner", "account")
    return RedemptionOut.of(redemption)


class RewardController(Controller):
    path = "/api/v1/rewards"
    tags = ["rewards"]

    @get("/", guards=[signed_in])
    async def catalogue(self, request: Request,
                        include_inactive: Annotated[bool, QueryParameter()] = False) -> list[RewardOut]:
        """Staff: the rewards of their scope (retired ones too with ``include_inactive``).
        Riders and residents: what they can get at their station and community now, each
        with ``affordable`` against their balance."""
        principal = current_principal(request)
        items = await rewards.catalogue_for(principal, include_inactive=include_inactive)
        if principal.role in MANAGERS:
            return await rewards_out(items)
        return await rewards_out(items, balance=await balance_of(principal.account_id))

    @post("/", guards=[manage_rewards], status_code=HTTP_201_CREATED)
    async def create(self, request: Request, data: JSONBody[RewardIn]) -> RewardOut:
        """Add a reward to a station's (or a community's) catalogue."""
        reward = await rewards.add_reward(current_principal(request), data.owner_id, data.fields())
        return (await rewards_out([reward]))[0]

    @patch("/{reward_id:int}", guards=[manage_rewards])
    async def edit(self, request: Request, reward_id: FromPath[int], data: JSONBody[RewardEdit]) -> RewardOut:
        """Change a reward; ``stock`` is the count on the shelf now; ``is_active: false``
        retires it (open requests for it can still be handed over)."""
        reward = await rewards.edit_reward(current_principal(request), reward_id, changes_of(data))
        return (await rewards_out([reward]))[0]

    @post("/{reward_id:int}/picture", guards=[manage_rewards], status_code=HTTP_200_OK,
          request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000)
    async def picture(self, request: Request, reward_id: FromPath[int]) -> RewardOut:
        """The reward's picture (multipart field ``photo``), through the photo pipeline."""
        raw = await form_photo(await request.form(), required=True)
        reward = await rewards.set_picture(current_principal(request), reward_id, raw,
                                           app_context(request).settings.media_dir)
        return (await rewards_out([reward]))[0]

    @post("/{reward_id:int}/redeem", guards=[signed_in], status_code=HTTP_201_CREATED)
    async def redeem(self, request: Request, reward_id: FromPath[int],
                     data: JSONBody[RedeemIn | None] = None) -> Response[RedemptionOut]:
        """Ask for a reward: its cost is held and a code comes back to show at the station.
        Not enough points → 409 ``not_enough_points``; the same ``idempotency_key`` again
        returns the first request (200)."""
        principal = current_principal(request)
        redemption, created = await rewards.redeem(principal, reward_id, data.idempotency_key if data else None,
                                                   app_context(request).settings.redemption_hours)
        return Response(await redemption_out(redemption), status_code=HTTP_201_CREATED if created else HTTP_200_OK)


def _own_or_staff(principal: Principal) -> None:
    if principal.role not in MANAGERS | REDEEMERS:
        raise forbidden()


class RedemptionController(Controller):
    path = "/api/v1/redemptions"
    tags = ["rewards"]

    @get("/mine", guards=[signed_in])
    async def mine(self, request: Request) -> list[RedemptionOut]:
        """The caller's open requests first, then the last closed ones."""
        principal = current_principal(request)
        await rewards.expire_due(principal.account_id)
        open_ = await Redemption.filter(account_id=principal.account_id, status=RedemptionStatus.HELD).order_by("-id")
        closed = await Redemption.filter(account_id=principal.account_id).exclude(status=RedemptionStatus.HELD) \
            .order_by("-id").limit(10)
        return [await redemption_out(r) for r in [*open_, *closed]]

    @get("/{code:str}", guards=[signed_in])
    async def show(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """What a code is for: its rider, or the station that can hand it over, may look."""
        principal = current_principal(request)
        _own_or_staff(principal)
        redemption = await rewards.redemption_for(principal, code)
        await rewards.expire_due(redemption.account_id)
        return await redemption_out(await Redemption.get(id=redemption.id))

    @get("/{code:str}/qr.svg", guards=[signed_in], media_type="image/svg+xml")
    async def qr(self, request: Request, code: FromPath[str]) -> Response[bytes]:
        """The code as a QR for the station head to scan off the rider's phone."""
        principal = current_principal(request)
        redemption = await rewards.redemption_for(principal, code)
        svg = await asyncio.to_thread(qr_svg, redemption.code, redemption.code)
        return Response(svg.encode(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=86400"})

    @post("/{code:str}/confirm", guards=[manage_rewards], status_code=HTTP_200_OK)
    async def confirm(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """The station hands the reward over: stock -1, the points stay spent. Twice → 409
        ``already_handed_over``; expired → 409 ``redemption_expired``; another station's
        code → 403 ``redemption_other_station``."""
        return await redemption_out(await rewards.hand_over(current_principal(request), code))

    @post("/{code:str}/cancel", guards=[signed_in], status_code=HTTP_200_OK)
    async def cancel(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """The rider or the station cancels an open request; its points go back."""
        principal = current_principal(request)
        _own_or_staff(principal)
        return await redemption_out(await rewards.cancel(principal, code))
