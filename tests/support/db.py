"""Test database selection and cleaning, for SQLite (default) and PostgreSQL.

``YIZHAN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`` runs the suite on
PostgreSQL; ``YIZHAN_TEST_REDIS_URL=redis://127.0.0.1:6379/15`` puts the counters in Redis.
The test database is wiped at the start: never point these at real data.
"""

from __future__ import annotations

import asyncio
import os

import asyncpg
from tortoise import Tortoise, connections

TEST_DATABASE_URL = os.environ.get("YIZHAN_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("YIZHAN_TEST_REDIS_URL") or None
MIGRATIONS_TABLE = "tortoise_migrations"


def database_url(tmp_dir: str) -> str:
    return TEST_DATABASE_URL or f"sqlite://{tmp_dir}/test.sqlite3"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


async def reset_postgres(url: str) -> None:
    """Drop everything in the test database, so migrations run from scratch."""
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


async def _on_the_given_database(statement: str) -> None:
    conn = await asyncpg.connect(TEST_DATABASE_URL.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def sibling_database(suffix: str) -> str:
    """A new, empty database beside the one the tests were given, named after it (two test
    runs on one server do not meet); returns its URL. Drop it with ``drop_sibling``."""
    name = f"{TEST_DATABASE_URL.rsplit('/', 1)[1]}_{suffix}"[:63]
    asyncio.run(_on_the_given_database(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(_on_the_given_database(f'CREATE DATABASE "{name}"'))
    return TEST_DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_sibling(url: str) -> None:
    asyncio.run(_on_the_given_database(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))


def _tables() -> list[str]:
    return [model._meta.db_table for app in Tortoise.apps.values() for model in app.values()]


async def clean_tables() -> None:
    """Empty every model table between tests (the schema and migrations stay)."""
    conn = connections.get("default")
    tables = _tables()
    if conn.capabilities.dialect == "postgres":
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        statements = ";".join(f"DELETE FROM {t}" for t in tables)
        await conn.execute_script(f"PRAGMA foreign_keys=OFF;{statements};PRAGMA foreign_keys=ON;")
