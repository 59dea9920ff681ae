"""Run as a script: migrate a new database to an older migration, fill it with a row, then
migrate to the newest, and print the rows a later migration touched. Its own process,
because migrations open and close Tortoise's global connections."""

import asyncio
import json
import os
import sys

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from server.core.db import close_db, tortoise_config

FILL = (
    "INSERT INTO org_node (kind, name, path, is_active, created_at, updated_at)"
    " VALUES ('district', 'd', '/1/', true, '2026-01-01', '2026-01-01');"
    "INSERT INTO account (role, name, phone, password_hash, is_active, on_leaderboard, created_at, updated_at)"
    " VALUES ('rider', 'r', '13900000001', 'x', true, false, '2026-01-01', '2026-01-01');"
    "INSERT INTO notification (account_id, kind, object_type, object_id, status, created_at)"
    " VALUES (1, 'report_status', 'report', 1, 'verified', '2026-01-01');"
)


async def main(url: str, older: str) -> None:
    config = tortoise_config(url)
    await migrate(config=config, target=f"yizhan.{older}")
    await close_db()
    await Tortoise.init(config=config)
    await connections.get("default").execute_script(FILL)
    await close_db()
    await migrate(config=config)
    await close_db()
    await Tortoise.init(config=config)
    rows = await connections.get("default").execute_query_dict("SELECT id, kind, params FROM notification")
    await close_db()
    print(json.dumps(rows), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
    os._exit(0)  # an SQLite connection's thread must not keep the process alive
