"""``create_app(settings)``: wires the slices, the database and the middleware."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from server import __version__
from server.accounts.api import AccountController, AuthController
from server.accounts.sessions import SessionMiddleware
from server.core import db
from server.core.context import AppContext
from server.core.errors import EXCEPTION_HANDLERS
from server.core.health import healthz
from server.core.media import media_router
from server.core.pagination import PAGING_DEPENDENCY
from server.core.stores import make_counter_store
from server.core.sweeper import Housekeeping
from server.locations.api import CodeController, PlaceController, PosterController
from server.notifications.api import router as notifications_router
from server.org.api import OrgController
from server.points.api import (
    add_adjustment,
    edit_my_points,
    edit_rule,
    export_ledger,
    list_trainings,
    month_leaderboard,
    my_points,
    record_training,
    rules,
)
from server.points.rewards import expire_due
from server.points.rewards_api import RedemptionController, RewardController
from server.points.service import ensure_default_rules
from server.reports.api import (
    ReportController,
    add_category,
    categories,
    edit_category,
)
from server.reports.service import ensure_default_categories
from server.settings import Settings
from server.webapp.api import not_found_handler, verification_file_router, webapp_router
from server.webapp.assets import AppAssets
from server.wishes.api import ClaimController, WallController, WishController
from server.wishes.service import expire_claims


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        counters = make_counter_store(settings.redis_url)
        app.state.context = AppContext(settings=settings, counters=counters)
        async with db.db_lifespan(settings):
            await ensure_default_categories()
            await ensure_default_rules()
            housekeeping = Housekeeping([expire_due, expire_claims])
            app.state.housekeeping = housekeeping
            housekeeping.start()
            try:
                yield
            finally:
                await housekeeping.stop()
                await counters.close()

    app = Litestar(
        route_handlers=[
            healthz, AuthController, AccountController, OrgController, CodeController, PlaceController,
            PosterController, ReportController, categories, add_category, edit_category, media_router, notifications_router,
            my_points, edit_my_points, rules, edit_rule, month_leaderboard, add_adjustment, export_ledger,
            record_training, list_trainings,
            RewardController, RedemptionController, WishController, WallController, ClaimController,
            webapp_router,
            *([verification_file_router(settings.wechat_verify_file, settings.wechat_verify_content)]
              if settings.wechat_verify_file else []),
        ],
        lifespan=[lifespan],
        dependencies=PAGING_DEPENDENCY,
        middleware=[SessionMiddleware(settings)],
        exception_handlers={**EXCEPTION_HANDLERS, 404: not_found_handler},
        compression_config=CompressionConfig(backend="gzip", minimum_size=512, gzip_compress_level=9),
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Yizhan (驿站) API",
            version=__version__,
            path="/api/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
    )
    app.state.assets = AppAssets(settings.pwa_dir)
    return app


def create_app_from_env() -> Litestar:
    """Factory for ``uvicorn --factory`` (each worker reads the same YIZHAN_* settings)."""
    return create_app(Settings.from_env())
