"""``create_app(settings)``: mounts each slice's router, and wires the database, the
stores, the housekeeping jobs and the middleware."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator

import httpx
from litestar import Litestar, Response
from litestar.config.compression import CompressionConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from server import __version__
from server.accounts import api as accounts
from server.accounts.sessions import SessionMiddleware
from server.core import db, health, hot, offload
from server.core.context import AppContext
from server.core.errors import EXCEPTION_HANDLERS
from server.core.forgery import guard_request
from server.core.headers import SecurityHeadersMiddleware
from server.core.media import media_router
from server.core.pagination import PAGING_DEPENDENCY
from server.core.stores import make_counter_store
from server.core.sweeper import Housekeeping
from server.core.wechat import WeChat
from server.events import api as events
from server.home import api as home
from server.locations import api as locations
from server.notifications import api as notifications
from server.notifications.channels import TIMEOUT
from server.notifications.outbox import Deliverer
from server.notifications.subscribe import SubscribeSender
from server.org import api as org
from server.points import api as points
from server.points.service import ensure_default_rules
from server.privacy import api as privacy
from server.privacy import service as privacy_service
from server.reports import api as reports
from server.reports.categories import ensure_default_categories
from server.reports.telling import watch_deadlines
from server.rewards import api as rewards
from server.rewards.service import expire_due
from server.settings import Settings
from server.stats import api as stats
from server.volunteering import api as volunteering
from server.webapp import api as webapp
from server.webapp.api import not_found_handler, verification_file_router
from server.webapp.assets import AppAssets
from server.wishes import api as wishes
from server.wishes.claims import expire_claims, warn_expiring_claims

# Each slice's routes; the web app's catch-alls come last.
ROUTERS = [
    health.router, media_router, accounts.router, org.router, locations.router, reports.router,
    wishes.router, points.router, rewards.router, events.router, notifications.router, notifications.wechat_router, privacy.router,
    stats.router, volunteering.router, home.router,
    webapp.router,
]
# Rows every database needs before the first request (safe to run from several workers).
STARTUP = [ensure_default_categories, ensure_default_rules]
# What must happen even when nobody opens the app: requests and claims whose time ran out,
# reminders before a claim ends, the alarms of the 24-hour clock.
HOUSEKEEPING = [expire_due, expire_claims, warn_expiring_claims, watch_deadlines]


async def settle_hot_topics(response: Response) -> Response:
    """The request's transaction is over: what it changed is seen by the next read."""
    await hot.settle()
    return response


def lifespan_of(settings: Settings):
    """A worker's life: its stores, the database, the start-up steps, the WeChat clients,
    and the housekeeping and delivery loops — stopped again, in reverse, at the end."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        counters = make_counter_store(settings.redis_url)
        app.state.context = AppContext(settings=settings, counters=counters)
        await hot.use(hot.RedisVersions(settings.redis_url) if settings.redis_url else hot.MemoryVersions())
        async with db.db_lifespan(settings):
            for step in STARTUP:
                await step()
            http = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
            housekeeping, delivery = _start_loops(app, settings, http, counters)
            # What start-up made lives as long as the worker: out of the collector's way, so
            # that its full collections stay short under load.
            gc.collect()
            gc.freeze()
            try:
                yield
            finally:
                await delivery.stop()
                await housekeeping.stop()
                await http.aclose()
                await counters.close()
                await hot.use_default()
                offload.shutdown()

    return lifespan


def _start_loops(app: Litestar, settings: Settings, http: httpx.AsyncClient, counters) -> tuple[Housekeeping, Housekeeping]:
    """The WeChat clients, then the housekeeping jobs and the outbox's delivery loop, started."""

    async def forget_old_contacts() -> int:
        """Retention, as the setting says (a job takes no arguments)."""
        return sum(await privacy_service.forget_old_contacts(settings.retention_days))

    if settings.wechat_appid:
        app.state.context.wechat = WeChat(settings.wechat_appid, settings.wechat_secret, http, counters,
                                          base_url=settings.wechat_api)
    if settings.wechat_oa_appid:
        app.state.context.wechat_web = WeChat(settings.wechat_oa_appid, settings.wechat_oa_secret, http,
                                              counters, base_url=settings.wechat_api)
    housekeeping = Housekeeping([*HOUSEKEEPING, forget_old_contacts], seconds=settings.sweep_seconds)
    deliverer = Deliverer(http, settings.public_url, allow_loopback=settings.webhooks_allow_loopback,
                          subscribe=SubscribeSender(app.state.context.wechat, settings.wechat_env))
    delivery = Housekeeping([deliverer.deliver_due], seconds=settings.delivery_seconds)
    app.state.housekeeping, app.state.deliverer, app.state.delivery = housekeeping, deliverer, delivery
    housekeeping.start()
    delivery.start()
    return housekeeping, delivery


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    # httpx logs every request's URL at INFO, query included — where WeChat's secret and
    # access token and the robots' keys travel. Its warnings are enough.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    routers = list(ROUTERS)
    if settings.wechat_verify_file:
        routers.append(verification_file_router(settings.wechat_verify_file, settings.wechat_verify_content))
    app = Litestar(
        route_handlers=routers,
        lifespan=[lifespan_of(settings)],
        dependencies=PAGING_DEPENDENCY,
        middleware=[SecurityHeadersMiddleware(), SessionMiddleware(settings)],
        exception_handlers={**EXCEPTION_HANDLERS, 404: not_found_handler},
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=6,
                                             exclude_opt_key=hot.SKIP_COMPRESSION),
        after_request=settle_hot_topics,
        before_request=guard_request,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Yizhan (驿站) API",
            version=__version__,
            path="/api/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
    )
    app.state.assets = AppAssets(settings.pwa_dir, settings.public_url)
    return app


def create_app_from_env() -> Litestar:
    """Factory for ``uvicorn --factory`` (each worker reads the same YIZHAN_* settings)."""
    return create_app(Settings.from_env())
