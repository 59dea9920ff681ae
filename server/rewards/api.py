"""Rewards and redemptions over HTTP."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, Request, Response, Router, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from qr.codes import qr_svg
from server.core.clock import now
from server.core.context import app_context
from server.core.media import MAX_UPLOAD_BYTES
from server.core.patching import changes_of
from server.core.roles import MANAGERS
from server.core.security import current_principal, require_roles, signed_in
from server.core.uploads import PhotoForm, multipart_operation, read_form, required_photo
from server.org.models import OrgNode
from server.points.schemas import LedgerLine, Wallet, WalletEdit
from server.points.service import choose_leaderboard
from server.rewards import service
from server.rewards.models import Redemption, Reward
from server.rewards.schemas import RedeemIn, RedemptionOut, RewardEdit, RewardIn, RewardOut

manage_rewards = require_roles(*MANAGERS)


async def rewards_out(items: list[Reward], *, balance: int | None = None) -> list[RewardOut]:
    owners = {node_id: names for node_id, *names in
              await OrgNode.filter(id__in={r.owner_id for r in items}).values_list("id", "name", "name_ug", "name_en")}
    moment = now()
    return [RewardOut.of(r, owners.get(r.owner_id, ("", None, None)), available=service.is_available(r, moment),
                         balance=balance)
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
        items, balance = await service.offer_for(current_principal(request), include_inactive=include_inactive)
        return await rewards_out(items, balance=balance)

    @post("/", guards=[manage_rewards], status_code=HTTP_201_CREATED)
    async def create(self, request: Request, data: JSONBody[RewardIn]) -> RewardOut:
        """Add a reward to a station's (or a community's) catalogue."""
        reward = await service.add_reward(current_principal(request), data.owner_id, data.fields())
        return (await rewards_out([reward]))[0]

    @patch("/{reward_id:int}", guards=[manage_rewards])
    async def edit(self, request: Request, reward_id: FromPath[int], data: JSONBody[RewardEdit]) -> RewardOut:
        """Change a reward; ``stock`` is the count on the shelf now; ``is_active: false``
        retires it (open requests for it can still be handed over)."""
        reward = await service.edit_reward(current_principal(request), reward_id, changes_of(data))
        return (await rewards_out([reward]))[0]

    @post("/{reward_id:int}/picture", guards=[manage_rewards], status_code=HTTP_200_OK,
          request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000, operation_class=multipart_operation(PhotoForm))
    async def picture(self, request: Request, reward_id: FromPath[int]) -> RewardOut:
        """The reward's picture (multipart field ``photo``), through the photo pipeline."""
        raw = required_photo(await read_form(request, PhotoForm))
        reward = await service.set_picture(current_principal(request), reward_id, raw,
                                           app_context(request).settings.media_dir)
        return (await rewards_out([reward]))[0]

    @post("/{reward_id:int}/redeem", guards=[signed_in], status_code=HTTP_201_CREATED)
    async def redeem(self, request: Request, reward_id: FromPath[int],
                     data: JSONBody[RedeemIn | None] = None) -> Response[RedemptionOut]:
        """Ask for a reward: its cost is held and a code comes back to show at the station.
        Not enough points → 409 ``not_enough_points``; the same ``idempotency_key`` again
        returns the first request (200)."""
        principal = current_principal(request)
        redemption, created = await service.redeem(principal, reward_id, data.idempotency_key if data else None,
                                                   app_context(request).settings.redemption_hours)
        return Response(await redemption_out(redemption), status_code=HTTP_201_CREATED if created else HTTP_200_OK)


class RedemptionController(Controller):
    path = "/api/v1/redemptions"
    tags = ["rewards"]
    guards = [signed_in]

    @get("/mine")
    async def mine(self, request: Request) -> list[RedemptionOut]:
        """The caller's open requests first, then the last closed ones."""
        return [await redemption_out(r) for r in await service.my_redemptions(current_principal(request))]

    @get("/{code:str}")
    async def show(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """What a code is for: its rider, or the station that can hand it over, may look."""
        return await redemption_out(await service.look_up(current_principal(request), code))

    @get("/{code:str}/qr.svg", media_type="image/svg+xml")
    async def qr(self, request: Request, code: FromPath[str]) -> Response[bytes]:
        """The code as a QR for the station head to scan off the rider's phone."""
        redemption = await service.redemption_for(current_principal(request), code)
        svg = await asyncio.to_thread(qr_svg, redemption.code, redemption.code)
        return Response(svg.encode(), media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=86400"})

    @post("/{code:str}/confirm", guards=[manage_rewards], status_code=HTTP_200_OK)
    async def confirm(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """The station hands the reward over: stock -1, the points stay spent. Twice → 409
        ``already_handed_over``; expired → 409 ``redemption_expired``; another station's
        code → 403 ``redemption_other_station``."""
        return await redemption_out(await service.hand_over(current_principal(request), code))

    @post("/{code:str}/cancel", status_code=HTTP_200_OK)
    async def cancel(self, request: Request, code: FromPath[str]) -> RedemptionOut:
        """The rider or the station cancels an open request; its points go back."""
        return await redemption_out(await service.cancel(current_principal(request), code))


# The wallet is where points meet rewards: the balance, the points held by open
# requests, the history. Its URL stays under /api/v1/points.
async def wallet(account_id: int, before: int | None = None) -> Wallet:
    found = await service.wallet_of(account_id, before)
    return Wallet(balance=found.history.balance, held=found.held, on_leaderboard=found.history.on_leaderboard,
                  recent=[LedgerLine.of(e) for e in found.history.lines], next_before=found.history.next_before)


@get("/api/v1/points/me", guards=[signed_in], tags=["points"])
async def my_points(request: Request, before: Annotated[int | None, QueryParameter(ge=1)] = None) -> Wallet:
    """The caller's balance, points held by open reward requests, and ledger lines newest
    first (``before``: the ``next_before`` of the previous page)."""
    return await wallet(current_principal(request).account_id, before)


@patch("/api/v1/points/me", guards=[signed_in], tags=["points"])
async def edit_my_points(request: Request, data: JSONBody[WalletEdit]) -> Wallet:
    """Opt in to (or out of) the monthly leaderboard."""
    principal = current_principal(request)
    await choose_leaderboard(principal.account_id, data.on_leaderboard)
    return await wallet(principal.account_id)


router = Router(path="/", route_handlers=[RewardController, RedemptionController, my_points, edit_my_points])
