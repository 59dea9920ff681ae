"""Wishes over HTTP: the form, the review queue, the public walls, claims by private link,
fulfilment, thanks and the "what riders are short of" counts."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, Router, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.core import hot
from server.core.context import app_context, client_ip
from server.core.errors import AppError, invalid
from server.core.media import MAX_UPLOAD_BYTES
from server.core.pagination import Page, Paging, keyset_page
from server.core.roles import MANAGERS
from server.core.security import Principal, current_principal, require_roles, signed_in
from server.core.uploads import multipart_operation, read_form
from server.locations.service import resolve_code_kept
from server.wishes import claims, reading, service
from server.wishes.counts import wish_counts
from server.wishes.models import Wish, WishClaim, WishStatus
from server.wishes.schemas import (
    ClaimCreated,
    ClaimIn,
    ClaimView,
    FulfilForm,
    PlaceOnWall,
    ReviewIn,
    StatsRow,
    ThanksIn,
    Wall,
    WishCard,
    WishDetail,
    WishForm,
)

LIT_ON_WALL = 12
WALL_PAGE = 30
review_roles = require_roles(*MANAGERS)


async def wish_detail(wish: Wish, principal: Principal | None) -> WishDetail:
    return WishDetail.of(await reading.record_of(principal, wish))


async def _wall(wishes, title: tuple[str, str | None, str | None], place: PlaceOnWall | None,
                category: str | None, paging) -> Wall:
    shown = await reading.wall(wishes, category, LIT_ON_WALL)
    page = await keyset_page(shown.open, paging, WishCard.of, default_limit=WALL_PAGE)
    return Wall(title=title[0], title_ug=title[1], title_en=title[2], place=place, open=page.items,
                next_cursor=page.next_cursor, lit=[WishCard.of(w) for w in shown.lit])


class WallController(Controller):
    path = "/api/v1/walls"
    tags = ["wishes"]

    @get("/places/{code:str}", opt={hot.SKIP_COMPRESSION: True}, responses={200: ResponseSpec(Wall)})
    async def place_wall(self, request: Request, code: FromPath[str], paging: Paging,
                         category: Annotated[str | None, QueryParameter(max_length=20)] = None) -> Response[bytes]:
        """A place's wall (no sign-in): open wishes newest first (keyset-paged, optional
        ``category``) and the recently lit ones with their thank-you. Kept until a wish of
        the community changes (``ETag``, 304)."""
        normalised, state, place = await resolve_code_kept(code)

        async def build() -> Wall:
            on_wall = PlaceOnWall(code=normalised, name=place.name, name_ug=place.name_ug, name_en=place.name_en,
                                  state=state.value)
            return await _wall(reading.wishes_at_place(place.id), (place.name, place.name_ug, place.name_en),
                               on_wall, category, paging)

        return await hot.answer(request, hot.query_key(request), (hot.PLACES, hot.wishes_topic(place.community_id)),
                                build)

    @get("/communities/{community_id:int}", opt={hot.SKIP_COMPRESSION: True}, responses={200: ResponseSpec(Wall)})
    async def community_wall(self, request: Request, community_id: FromPath[int], paging: Paging,
                             category: Annotated[str | None, QueryParameter(max_length=20)] = None) -> Response[bytes]:
        """Every wall of a community on one page (kept like a place's wall)."""
        async def build() -> Wall:
            community, wishes = await reading.wishes_in_community(community_id)
            return await _wall(wishes, (community.name, community.name_ug, community.name_en), None, category, paging)

        return await hot.answer(request, hot.query_key(request), (hot.PLACES, hot.wishes_topic(community_id)), build)


class WishController(Controller):
    path = "/api/v1/wishes"
    tags = ["wishes"]

    @post("/", guards=[signed_in], status_code=HTTP_201_CREATED, request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000,
          operation_class=multipart_operation(WishForm))
    async def submit(self, request: Request) -> Response[WishDetail]:
        """A wish (multipart): ``code`` of the place, ``category``, ``title`` (≤ 40),
        ``description`` (≤ 500), ``needed_by`` (YYYY-MM-DD), ``idempotency_key``, optional
        ``photo``. Staff writing for a rider add ``rider_name`` or ``rider_phone`` and
        ``source`` (talk_session, listening_point); theirs are published at once."""
        principal = current_principal(request)
        form: WishForm = await read_form(request, WishForm)
        if form.idempotency_key and not 8 <= len(form.idempotency_key) <= 64:
            raise invalid("idempotency_key", "invalid")
        ctx = app_context(request)
        wish, created = await service.submit_wish(principal, service.WishInput(
            code=form.code, category=form.category, title=form.title, description=form.description,
            needed_by=form.needed_by, idempotency_key=form.idempotency_key, photo=form.photo,
            rider_name=form.rider_name, rider_phone=form.rider_phone, source=form.source,
        ), media_dir=ctx.settings.media_dir, counters=ctx.counters)
        return Response(await wish_detail(wish, principal), status_code=HTTP_201_CREATED if created else HTTP_200_OK)

    @get("/", guards=[review_roles])
    async def queue(self, request: Request, paging: Paging,
                    status: Annotated[WishStatus | None, QueryParameter()] = None,
                    category: Annotated[str | None, QueryParameter(max_length=20)] = None) -> Page[WishCard]:
        """Wishes of the caller's places (default: waiting for review), newest first."""
        return await keyset_page(reading.review_queue(current_principal(request), status, category), paging,
                                 WishCard.of)

    @get("/mine", guards=[signed_in])
    async def mine(self, request: Request) -> list[WishDetail]:
        """The rider's own wishes, newest first."""
        principal = current_principal(request)
        return [await wish_detail(w, principal) for w in await reading.wishes_of(principal)]

    @get("/stats", guards=[review_roles])
    async def stats(self, request: Request) -> list[StatsRow]:
        """What riders are short of: per community and category, how many wishes were
        collected, published, claimed and fulfilled, and the median days to a claim."""
        return await wish_counts(current_principal(request))

    @get("/{wish_id:int}")
    async def show(self, request: Request, wish_id: FromPath[int]) -> WishDetail:
        """A wish. Anyone sees what the wall shows; its rider and the staff of its place
        also see the claimer's contact and the history."""
        principal = request.scope.get("user")
        return await wish_detail(await service.visible_wish(principal, wish_id), principal)

    @post("/{wish_id:int}/review/{action:str}", guards=[review_roles], status_code=HTTP_200_OK)
    async def review(self, request: Request, wish_id: FromPath[int], action: FromPath[str],
                     data: JSONBody[ReviewIn | None] = None) -> WishDetail:
        """``publish`` it on the wall, or ``reject`` it with a ``note`` saying why."""
        if action not in ("publish", "reject"):
            raise AppError(404, "not_found")
        principal = current_principal(request)
        wish = await service.review(principal, wish_id, action, data.note if data else "")
        return await wish_detail(wish, principal)

    @post("/{wish_id:int}/withdraw", guards=[signed_in], status_code=HTTP_200_OK)
    async def withdraw(self, request: Request, wish_id: FromPath[int]) -> WishDetail:
        principal = current_principal(request)
        return await wish_detail(await service.withdraw(principal, wish_id), principal)

    @post("/{wish_id:int}/thank", guards=[signed_in], status_code=HTTP_200_OK)
    async def thank(self, request: Request, wish_id: FromPath[int], data: JSONBody[ThanksIn | None] = None) -> WishDetail:
        """The rider confirms it came true, with an optional thank-you for the wall."""
        principal = current_principal(request)
        return await wish_detail(await service.thank(principal, wish_id, data.thanks if data else ""), principal)

    @post("/{wish_id:int}/fulfil", guards=[review_roles], status_code=HTTP_200_OK)
    async def fulfil(self, request: Request, wish_id: FromPath[int], data: JSONBody[ReviewIn | None] = None) -> WishDetail:
        """The station head marks a claimed wish fulfilled (the claimer's points follow)."""
        principal = current_principal(request)
        return await wish_detail(await claims.fulfil_by_staff(principal, wish_id, data.note if data else ""), principal)

    @post("/{wish_id:int}/claims", status_code=HTTP_201_CREATED)
    async def claim(self, request: Request, wish_id: FromPath[int], data: JSONBody[ClaimIn]) -> ClaimCreated:
        """Claim a wish, no account needed: ``name``, ``phone``, ``kind`` (resident,
        party_member, merchant, partner_unit), ``consent: true`` to share the phone with the
        rider and the station head. Returns the secret private link, shown only now.
        Already claimed → 409 ``already_claimed``."""
        ctx = app_context(request)
        created, token = await claims.claim(wish_id, claims.ClaimInput(data.name, data.phone, data.kind, data.consent),
                                             actor=request.scope.get("user"), client_ip=client_ip(request),
                                             counters=ctx.counters)
        wish = await Wish.get(id=created.wish_id).select_related("place")
        return ClaimCreated(token=token, link=f"{ctx.settings.public_url}/claim/{token}", wish=WishCard.of(wish))


async def claim_view(claim_row: WishClaim) -> ClaimView:
    wish = await Wish.get(id=claim_row.wish_id).select_related("place")
    return ClaimView(wish=WishCard.of(wish), status=claim_row.status, expires_at=claim_row.expires_at,
                     note=claim_row.note, place_phone=wish.place.phone or None, place_address=wish.place.address,
                     expires_soon=claims.expires_soon(claim_row))


class ClaimController(Controller):
    path = "/api/v1/claims"
    tags = ["wishes"]

    @get("/mine", guards=[signed_in])
    async def mine(self, request: Request) -> list[ClaimView]:
        """The signed-in resident's claims, newest first."""
        return [await claim_view(row) for row in await reading.claims_of(current_principal(request))]

    @get("/{token:str}")
    async def show(self, token: FromPath[str]) -> ClaimView:
        """The claimer's private page. A forged token → 404 ``unknown_claim``."""
        return await claim_view(await claims.claim_by_token(token))

    @post("/{token:str}/fulfil", status_code=HTTP_200_OK, request_max_body_size=MAX_UPLOAD_BYTES + 1_000_000,
          operation_class=multipart_operation(FulfilForm))
    async def fulfil(self, request: Request, token: FromPath[str]) -> ClaimView:
        """Done (multipart: optional ``note`` and ``photo``). A used link → 409 ``claim_closed``."""
        form: FulfilForm = await read_form(request, FulfilForm)
        await claims.fulfil_by_claimer(token, form.note, form.photo, app_context(request).settings.media_dir)
        return await claim_view(await claims.claim_by_token(token))

    @post("/{token:str}/give-up", status_code=HTTP_200_OK)
    async def give_up(self, token: FromPath[str]) -> ClaimView:
        """Cannot do it after all: the wish goes back on the wall."""
        await claims.give_up(token)
        return await claim_view(await claims.claim_by_token(token))


router = Router(path="/", route_handlers=[WallController, WishController, ClaimController])
