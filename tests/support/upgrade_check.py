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
    "INSERT INTO place (kind, name, address, scope_path, phone, amenities, is_active, created_at, updated_at,"
    " community_id) VALUES ('building', 'p', '', '/1/', '', '[]', true, '2026-01-01', '2026-01-01', 1);"
    "INSERT INTO report_category (key, name, default_deadline_hours, default_responsible, sort_order, is_active)"
    " VALUES ('sanitation', 's', 24, 'property_company', 0, true);"
    "INSERT INTO report (description, spot, guest_name, guest_phone, scope_path, station_path, status,"
    " idempotency_key, assigned_department, created_at, updated_at, category_id, place_id)"
    " VALUES ('', '', '', '', '/1/', '', 'submitted', 'upgrade-key-1', '', '2026-01-01', '2026-01-01', 1, 1);"
    # Its history: verified, resolved, reopened, resolved again (the milestones come from it).
    "INSERT INTO report_event (report_id, action, from_status, to_status, note, created_at) VALUES"
    " (1, 'verify', 'submitted', 'verified', '', '2026-01-01 01:00:00+00:00'),"
    " (1, 'resolve', 'assigned', 'resolved', '', '2026-01-01 02:00:00+00:00'),"
    " (1, 'not_fixed', 'resolved', 'reopened', '', '2026-01-01 03:00:00+00:00'),"
    " (1, 'resolve', 'assigned', 'resolved', '', '2026-01-01 04:00:00+00:00');"
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
    reports = await connections.get("default").execute_query_dict(
        "SELECT idempotency_key, status, more_time, accepted_at, overdue_notice_for, verified_at, first_resolved_at,"
        " reopened_at FROM report")
    await close_db()
    print(json.dumps({"notifications": rows, "reports": reports}, default=str), flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2]))
    except BaseException:
        import traceback

        traceback.print_exc()
        os._exit(1)
    os._exit(0)  # an SQLite connection's thread must not keep the process alive
