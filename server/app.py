"""``create_app(settings)``: wires the slices, the database and the middleware."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

from server import __version__
from server.accounts.api import AccountController, AuthController
from server.accounts.sessions import SessionMiddleware
from server.core import db
from server.core.context import AppContext
from server.core.errors import EXCEPTION_HANDLERS
from server.core.health import healthz
from server.core.stores import make_counter_store
from server.org.api import OrgController
from server.settings import Settings


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        counters = make_counter_store(settings.redis_url)
        app.state.context = AppContext(settings=settings, counters=counters)
        async with db.db_lifespan(settings):
            try:
                yield
            finally:
                await counters.close()

    return Litestar(
        route_handlers=[
            healthz, AuthController, AccountController, OrgController,
            create_static_files_router(path="/", directories=[settings.pwa_dir], html_mode=True, name="pwa"),
        ],
        lifespan=[lifespan],
        middleware=[SessionMiddleware(settings)],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Yizhan (驿站) API",
            version=__version__,
            path="/api/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
    )


def create_app_from_env() -> Litestar:
    """Factory for ``uvicorn --factory`` (each worker reads the same YIZHAN_* settings)."""
    return create_app(Settings.from_env())
