"""Database wiring: the Tortoise configuration, the app lifespan and migrations.

All models live in one Tortoise app, ``yizhan``; each slice contributes its ``models``
module. Migrations are Tortoise's built-in ones, kept in ``server/migrations``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.executor import MigrationExecutor

from server.settings import Settings

APP_LABEL = "yizhan"
MODEL_MODULES = [
    "server.org.models",
    "server.accounts.models",
    "server.locations.models",
    "server.points.models",
    "server.rewards.models",
    "server.events.models",
    "server.volunteering.models",
    "server.reports.models",
    "server.wishes.models",
    "server.notifications.models",
]
MIGRATIONS_MODULE = "server.migrations"
SQLITE_BUSY_TIMEOUT_MS = 5000


def tortoise_config(database_url: str, *, connect_timeout: float = 5.0, command_timeout: float = 15.0) -> dict[str, Any]:
    connection = expand_db_url(database_url)
    if connection["engine"].endswith("sqlite"):
        # WAL and foreign keys are Tortoise's defaults; say them anyway, with a busy timeout
        # so a writer waits for another instead of failing with "database is locked".
        connection["credentials"].setdefault("journal_mode", "WAL")
        connection["credentials"].setdefault("foreign_keys", "ON")
        connection["credentials"].setdefault("busy_timeout", SQLITE_BUSY_TIMEOUT_MS)
    else:
        connection["credentials"].setdefault("minsize", 1)
        connection["credentials"].setdefault("maxsize", 10)
        # A database that stops answering must not hold a request for a minute.
        connection["credentials"].setdefault("timeout", connect_timeout)
        connection["credentials"].setdefault("command_timeout", command_timeout)
    return {
        "connections": {"default": connection},
        "apps": {
            APP_LABEL: {
                "models": list(MODEL_MODULES),
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(settings: Settings, *, for_the_app: bool = True) -> None:
    # Litestar runs its lifespan in another task than the requests; the global fallback
    # lets every request see this context (see DESIGN: known pitfalls). A command runs in
    # one task and must not take the fallback: ``serve`` checks the database, then starts
    # the app in the same process, which takes it (only one may, per process).
    config = tortoise_config(settings.database_url, connect_timeout=settings.db_connect_timeout,
                             command_timeout=settings.db_command_timeout)
    await Tortoise.init(config=config, _enable_global_fallback=for_the_app)


async def close_db() -> None:
    await connections.close_all()


@contextlib.asynccontextmanager
async def db_lifespan(settings: Settings) -> AsyncIterator[None]:
    await init_db(settings)
    try:
        yield
    finally:
        await close_db()


async def migrate(settings: Settings) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    applied: list[str] = []

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            applied.append(f"{app_label}.{name}")

    try:
        await run_migrations(config=tortoise_config(settings.database_url), progress=progress)
    finally:
        # The migration API opens its own connections; an open SQLite connection's thread
        # would keep the process alive.
        await close_db()
    return applied


async def pending_migrations() -> list[str]:
    """Names of migrations not yet applied (Tortoise must be initialised)."""
    config = tortoise_config("sqlite://:memory:")["apps"]
    executor = MigrationExecutor(connections.get("default"), config)
    plan = await executor.plan(None)
    return [f"{step.migration.app_label}.{step.migration.name}" for step in plan if not step.backward]


async def ping() -> None:
    """A real round trip to the database; raises if it is unreachable."""
    await connections.get("default").execute_query("SELECT 1")


class ReadOnlyDatabase(Exception):
    """The database answers reads but would refuse every write."""


def is_read_only_error(exc: BaseException) -> bool:
    """A write refused because the database is read-only: a SQLite file or folder the
    server may not write, a PostgreSQL standby or read-only default."""
    text = str(exc)
    return "readonly database" in text or "read-only transaction" in text


async def check_writable() -> None:
    """Raise ``ReadOnlyDatabase`` unless a write would be accepted. Changes nothing."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite":
        try:
            # Matches no row, yet SQLite refuses it on a file it opened read-only.
            await conn.execute_query("UPDATE tortoise_migrations SET id = id WHERE 0")
        except Exception as exc:
            if is_read_only_error(exc):
                raise ReadOnlyDatabase("the SQLite file or its folder is read-only for this server") from None
            if "no such table" not in str(exc):  # before the first migration there is nothing to try
                raise
    else:
        _, rows = await conn.execute_query("SELECT current_setting('transaction_read_only') AS read_only")
        if rows[0]["read_only"] == "on":
            raise ReadOnlyDatabase("the database accepts reads only (a standby, or default_transaction_read_only)")


def _migration_config() -> dict[str, Any]:
    """For ``yizhan makemigrations`` (Tortoise's CLI reads a dotted config path)."""
    import os

    return tortoise_config(os.environ.get("YIZHAN_MIGRATION_DB", "sqlite://:memory:"))


def __getattr__(name: str) -> Any:
    if name == "MIGRATION_CONFIG":
        return _migration_config()
    raise AttributeError(name)
