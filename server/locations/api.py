from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Annotated

from litestar import Controller, Request, Response, Router, get, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from qr.codes import qr_png, qr_svg
from server.core import hot, offload
from server.core.clock import now
from server.core.context import app_context
from server.core.errors import AppError, not_found
from server.core.pagination import Page, Paging, keyset_page
from server.core.roles import MANAGERS
from server.core.security import current_principal, require_roles
from server.locations import csv_io, service
from server.locations.mini_codes import mini_code_images
from server.locations.models import Amenity, Place
from server.locations.posters import place_url, png_zip, poster_places, posters_document, select_places
from server.locations.schemas import (
    ImportResult,
    NearbyOut,
    PlaceCreate,
    PlaceOut,
    PlaceUpdate,
    PublicPlace,
    ResolvedCode,
)

manage_places = require_roles(*MANAGERS)
MAX_CSV_BYTES = 2_000_000



async def place_out(request: Request, place: Place, code: str | None = None) -> PlaceOut:
    code = code or await service.current_code(place.id)
    public_url = app_context(request).settings.public_url
    return PlaceOut(place=PublicPlace.of(place, now()), code=code, community_id=place.community_id,
                    station_id=place.station_id, landing_url=place_url(public_url, code) if code else None,
                    property_company_id=place.property_company_id)


class CodeController(Controller):
    path = "/api/v1/codes"
    tags = ["places"]

    @get("/{code:str}", opt={hot.SKIP_COMPRESSION: True}, responses={200: ResponseSpec(ResolvedCode)})
    async def resolve(self, request: Request, code: FromPath[str]) -> Response[bytes]:
        """What a poster's code points at. Case and separators do not matter. A code of a
        deactivated place, or one replaced by a new poster, still answers (state
        ``inactive`` / ``retired``) so that old posters fail gracefully; 404 only for
        codes that never existed. Kept until a place changes (``ETag``, 304)."""
        async def build() -> ResolvedCode:
            normalised, state, place = await service.resolve_code_kept(code)
            return ResolvedCode(code=normalised, state=state, place=PublicPlace.of(place, now()))

        return await hot.answer(request, request.scope["path"], (hot.PLACES,), build, max_age=hot.to_next_minute())

    @get("/{code:str}/qr.svg", media_type="image/svg+xml")
    async def wall_qr(self, request: Request, code: FromPath[str]) -> Response[bytes]:
        """The QR of a place's wish wall, for the wall's TV screen (the code is on the
        poster anyway). Only for a place's current code."""
        normalised, state, _ = await service.resolve_code(code)
        if state != service.CodeState.ACTIVE:
            raise not_found()
        url = place_url(app_context(request).settings.public_url, normalised, "wall")
        return Response((await asyncio.to_thread(qr_svg, url, url)).encode(), media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=3600"})


class PlaceController(Controller):
    path = "/api/v1/places"
    tags = ["places"]

    @get("/", guards=[manage_places])
    async def list_places(
        self, request: Request, paging: Paging,
        community_id: Annotated[int | None, QueryParameter()] = None,
        station_id: Annotated[int | None, QueryParameter()] = None,
        include_inactive: Annotated[bool, QueryParameter()] = False,
    ) -> Page[PlaceOut]:
        """Places the caller manages, newest first."""
        query = service.places_managed_by(current_principal(request), community_id=community_id,
                                          station_id=station_id, include_inactive=include_inactive)
        page = await keyset_page(query, paging, lambda p: p)
        codes = await service.current_codes([p.id for p in page.items])
        items = [await place_out(request, p, codes.get(p.id)) for p in page.items]
        return Page(items=items, next_cursor=page.next_cursor)

    @post("/", guards=[manage_places], status_code=HTTP_201_CREATED)
    async def create_place(self, request: Request, data: JSONBody[PlaceCreate]) -> PlaceOut:
        """A station head's places always belong to his station."""
        place, code = await service.create_place(current_principal(request), data.to_input())
        return await place_out(request, place, code)

    @get("/{place_id:int}", guards=[manage_places])
    async def get_place(self, request: Request, place_id: FromPath[int]) -> PlaceOut:
        place = await service.get_place_in_scope(current_principal(request), place_id)
        return await place_out(request, place)

    @patch("/{place_id:int}", guards=[manage_places])
    async def update_place(self, request: Request, place_id: FromPath[int], data: JSONBody[PlaceUpdate]) -> PlaceOut:
        """Edit; ``is_active: false`` deactivates (its posters then say so)."""
        place = await service.update_place(current_principal(request), place_id, data.changes())
        return await place_out(request, place)

    @post("/{place_id:int}/regenerate-code", guards=[manage_places], status_code=HTTP_200_OK)
    async def regenerate_code(self, request: Request, place_id: FromPath[int]) -> PlaceOut:
        """A new code for a vandalised or leaked poster; the old code is retired."""
        place, code = await service.regenerate_code(current_principal(request), place_id)
        return await place_out(request, place, code)

    @get("/{place_id:int}/qr", guards=[manage_places])
    async def qr(
        self, request: Request, place_id: FromPath[int],
        format: Annotated[str, QueryParameter(pattern="^(png|svg)$")] = "png",
        target: Annotated[str, QueryParameter(pattern="^(|report|wish|wall)$")] = "",
    ) -> Response[bytes]:
        """The QR code of the place's landing page (or of ``/report``, ``/wish``, ``/wall``)."""
        place = await service.get_place_in_scope(current_principal(request), place_id)
        code = await service.current_code(place.id)
        url = place_url(app_context(request).settings.public_url, code, target)
        if format == "svg":
            return Response((await asyncio.to_thread(qr_svg, url, url)).encode(), media_type="image/svg+xml")
        return Response(await asyncio.to_thread(qr_png, url), media_type="image/png")

    @get("/nearby")
    async def nearby(
        self,
        lat: Annotated[float | None, QueryParameter(ge=-90, le=90)] = None,
        lng: Annotated[float | None, QueryParameter(ge=-180, le=180)] = None,
        community_id: Annotated[int | None, QueryParameter()] = None,
        amenity: Annotated[list[Amenity] | None, QueryParameter()] = None,
        open_now: Annotated[bool, QueryParameter()] = True,
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> list[NearbyOut]:
        """The nearest active stations with every ``amenity`` asked for, from the phone's
        location (``lat``, ``lng``) or else the middle of a community; open now by default."""
        if lat is None or lng is None:
            if community_id is None:
                raise AppError(422, "location_required")
            lat, lng = await service.community_centre(community_id)
        moment = now()
        found = await service.nearby(lat, lng, amenities=[str(a) for a in amenity or []], open_now=open_now,
                                     at=moment, limit=limit)
        codes = await service.current_codes([item.place.id for item in found])
        return [NearbyOut(place=PublicPlace.of(item.place, moment), distance_km=round(item.distance_km, 3),
                          code=codes.get(item.place.id)) for item in found]

    @post("/import", guards=[manage_places], status_code=HTTP_201_CREATED, request_max_body_size=MAX_CSV_BYTES)
    async def import_csv(self, request: Request) -> ImportResult:
        """Upload a CSV (the body itself, as Excel saved it). Every row is checked first;
        then all are written or none. A row whose 编码 (code) is a place's current code
        updates that place; the others are new places. Errors list each bad row's line and
        column; an Excel workbook → 422 ``csv_is_workbook``."""
        raw = await request.body()
        done = await csv_io.import_places(current_principal(request), raw, app_context(request).settings.pwa_dir)
        return ImportResult(created=len(done.created), place_ids=[p.id for p in done.created],
                            updated=len(done.updated), updated_ids=[p.id for p in done.updated])

    @get("/export.csv", guards=[manage_places])
    async def export_csv(
        self, request: Request,
        community_id: Annotated[int | None, QueryParameter()] = None,
        station_id: Annotated[int | None, QueryParameter()] = None,
    ) -> Response[bytes]:
        places = await select_places(current_principal(request), community_id=community_id,
                                     station_id=station_id, include_inactive=True)
        body = await csv_io.export_places(places, app_context(request).settings.pwa_dir)
        return Response(body, media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="places.csv"'})


class PosterController(Controller):
    path = "/api/v1/posters"
    tags = ["posters"]
    guards = [manage_places]

    async def _posters(self, request: Request, community_id, station_id, place_id, target):
        ctx = app_context(request)
        settings = ctx.settings
        places = await select_places(current_principal(request), community_id=community_id,
                                     station_id=station_id, place_ids=place_id)
        posters = await poster_places(places, settings.public_url, settings.pwa_dir, target)
        if settings.wechat_poster_codes and ctx.wechat is not None and not target:
            images = await mini_code_images(ctx.wechat, [p.code for p in posters], settings.media_dir,
                                            settings.wechat_page, settings.wechat_env)
            posters = [replace(p, mini_code=images.get(p.code)) for p in posters]
        return posters

    @get("/", opt={hot.SKIP_COMPRESSION: True})
    async def posters(
        self, request: Request,
        community_id: Annotated[int | None, QueryParameter()] = None,
        station_id: Annotated[int | None, QueryParameter()] = None,
        place_id: Annotated[list[int] | None, QueryParameter()] = None,
        size: Annotated[str, QueryParameter(pattern="^(A4|A5|A6)$")] = "A4",
        english: Annotated[bool, QueryParameter()] = False,
        target: Annotated[str, QueryParameter(pattern="^(|report|wish|wall)$")] = "",
        print_now: Annotated[bool, QueryParameter(name="print")] = False,
    ) -> Response[bytes]:
        """A printable HTML document, one poster a page: the places of a community, of a
        station, or those listed (``place_id`` repeated); all in scope when none is given."""
        posters = await self._posters(request, community_id, station_id, place_id, target)
        # Drawing hundreds of codes holds the interpreter: in the helper process.
        gzipped = "gzip" in request.headers.get("accept-encoding", "")
        document = await offload.in_process(posters_document, posters, size, english, print_now, gzipped)
        return Response(document, media_type="text/html",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"} if gzipped else {})

    @get("/codes.zip")
    async def codes_zip(
        self, request: Request,
        community_id: Annotated[int | None, QueryParameter()] = None,
        station_id: Annotated[int | None, QueryParameter()] = None,
        place_id: Annotated[list[int] | None, QueryParameter()] = None,
        target: Annotated[str, QueryParameter(pattern="^(|report|wish|wall)$")] = "",
    ) -> Response[bytes]:
        """The QR codes as PNG files named by place, in one ZIP."""
        posters = await self._posters(request, community_id, station_id, place_id, target)
        return Response(await offload.in_process(png_zip, posters), media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="qr-codes.zip"'})




router = Router(path="/", route_handlers=[CodeController, PlaceController, PosterController])
