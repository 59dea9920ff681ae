"""Figures over HTTP: ``GET /api/v1/stats`` (totals, groups, the previous period) and the
exports (``GET /api/v1/exports/reports.xlsx`` …)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Request, Response, Router, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from server.core import hot, sheets
from server.core.catalog import namer, text
from server.core.clock import now
from server.core.context import app_context
from server.core.errors import not_found
from server.core.messages import request_language
from server.core.periods import month_period, period_of
from server.core.roles import FIGURE_READERS
from server.core.security import current_principal, require_roles
from server.locations.service import CodeState, resolve_code_kept
from server.stats import exports, monthly, screen, service
from server.stats.schemas import StatsOut
from server.stats.scope import scope_of

figure_readers = require_roles(*FIGURE_READERS)
# The period and scope every figure is asked for with (``from`` is a Python keyword).
From = Annotated[str | None, QueryParameter(name="from", max_length=10)]
To = Annotated[str | None, QueryParameter(max_length=10)]
ScopeAsked = Annotated[str | None, QueryParameter(name="scope", max_length=40)]


def kind_namer(request: Request, language: str):
    """Names of what the screens' catalogs name (wish kinds, platforms), in ``language``."""
    return namer(app_context(request).settings.pwa_dir, language)


@get("/stats", guards=[figure_readers])
async def stats(
    request: Request,
    from_: From = None,
    to: To = None,
    scope_asked: ScopeAsked = None,
    group_by: Annotated[str | None, QueryParameter(max_length=20)] = None,
    compare: Annotated[bool, QueryParameter()] = False,
) -> StatsOut:
    """Figures of a scope (a node id or ``platform:<key>``; default: the caller's own) over
    ``from``–``to`` (Beijing dates, default this month so far), optionally per ``group_by``
    (community, category, station, platform, property_company, month, week, day), and with
    ``compare=true`` the totals of the period before. Definitions: README, "Figures"."""
    language = request_language(request)
    answer = await service.answer(current_principal(request), from_, to, scope_asked, group_by, compare, language,
                                  kind_namer(request, language))
    return msgspec.convert(answer, StatsOut)


@get("/stats/monthly", guards=[figure_readers])
async def monthly_report(
    request: Request,
    month: Annotated[str | None, QueryParameter(max_length=7)] = None,
    scope_asked: ScopeAsked = None,
) -> dict:
    """What the monthly report prints (``YYYY-MM``, default this month; a future month is
    422): the figures, tables per community and category, overdue cases, lit wishes with
    the riders' thanks, before/after photo pairs."""
    period = month_period(month)
    where = await scope_of(current_principal(request), scope_asked)
    language = request_language(request)
    return await monthly.monthly(where, period, language, kind_namer(request, language))


@get("/stats/places", guards=[figure_readers])
async def places_with_reports(
    request: Request,
    from_: From = None,
    to: To = None,
    scope_asked: ScopeAsked = None,
) -> list[dict]:
    """Places with reports in the period (scope and period as ``/stats``): name, position,
    reports received and still open — the dashboard's map."""
    period = period_of(from_, to)
    return await monthly.places_map(await scope_of(current_principal(request), scope_asked), period)


# How old a TV's month figures may be (its wishes are always current).
SCREEN_FIGURES_SECONDS = 30.0


@get("/stats/screen/{code:str}", cache_control=None, opt={hot.SKIP_COMPRESSION: True})
async def station_screen(request: Request, code: FromPath[str]) -> Response[bytes]:
    """What the station's TV shows (public: only what a poster on the wall may show). 404
    for an unknown, replaced or inactive code. Its wishes are current; its month's figures
    may be half a minute old (every TV of a station asks every minute)."""
    _, state, place = await resolve_code_kept(code)
    if state != CodeState.ACTIVE:
        raise not_found()
    return await hot.answer(request, request.scope["path"], (hot.PLACES, hot.wishes_topic(place.community_id)),
                            lambda: screen.station_screen(place), max_age=SCREEN_FIGURES_SECONDS)


@get("/exports/{name:str}", guards=[figure_readers])
async def export(
    request: Request,
    name: FromPath[str],
    from_: From = None,
    to: To = None,
    scope_asked: ScopeAsked = None,
) -> Stream:
    """``reports``, ``wishes``, ``redemptions``, ``ledger`` or ``figures``, as ``.xlsx`` or
    ``.csv`` (UTF-8 with a BOM), for a period and scope like ``/stats``; column names and
    values in the caller's language. Streamed: any length."""
    dataset, _, fmt = name.partition(".")
    if fmt not in sheets.FORMATS or dataset not in exports.DATASETS:
        raise not_found()
    period = period_of(from_, to)
    where = await scope_of(current_principal(request), scope_asked)
    language = request_language(request)
    reader = exports.Reader(current_principal(request), language, kind_namer(request, language))
    batches = exports.rows_of(dataset, where, period, reader, now())
    body = await sheets.sheet_body(fmt, text(f"export.{dataset}", language), exports.header(dataset, language),
                                   batches)
    filename = f"yizhan-{dataset}-{period.first.isoformat()}-{period.last.isoformat()}.{fmt}"
    return Stream(body, media_type=sheets.FORMATS[fmt], headers=sheets.attachment(filename))


router = Router(path="/api/v1", tags=["figures"], route_handlers=[
    stats, monthly_report, places_with_reports, station_screen, export])
