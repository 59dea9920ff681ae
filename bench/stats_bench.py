"""Figures at the size of a real district: 1,000,000 reports over three years, 200,000 wishes
with their claims, a ledger of 1,000,000 lines, on PostgreSQL. Measures the statistics API
(a district's month, a year, per community and per week, the monthly report) and the peak
memory of an XLSX export of 100,000 reports.

    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/stats_bench.py
    (YIZHAN_BENCH_REPORTS=200000 for a quicker, smaller run)

The rows are made with PostgreSQL's generate_series (the API would take hours to send a
million reports); the figures are then asked for through the real HTTP API.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from harness import bench_app, sign_in, timed

from server.accounts.service import create_account
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import NodeKind, Platform
from server.org.service import create_node
from server.stats.sql import connection

REPORTS = int(os.environ.get("YIZHAN_BENCH_REPORTS", "1000000"))
WISHES = REPORTS // 5
LEDGER = REPORTS
RIDERS = 4000
STREETS, COMMUNITIES_PER_STREET, PLACES_PER_COMMUNITY = 4, 5, 10
ROUNDS = 15
EXPORT_ROWS = 100_000
PLATFORMS = [Platform.MEITUAN, Platform.ELEME, Platform.SF, Platform.JD]


async def build_district() -> tuple[int, list[int]]:
    district = await create_node(None, kind=NodeKind.DISTRICT, name="天山区", parent_id=None)
    communities = []
    for s in range(STREETS):
        street = await create_node(None, kind=NodeKind.STREET, name=f"街道{s}", parent_id=district.id)
        for c in range(COMMUNITIES_PER_STREET):
            community = await create_node(None, kind=NodeKind.COMMUNITY, name=f"社区{s}-{c}", parent_id=street.id)
            communities.append(community.id)
            company = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name=f"物业{s}-{c}",
                                        parent_id=community.id)
            stations = [await create_node(None, kind=NodeKind.DELIVERY_STATION, name=f"站{s}-{c}-{k}",
                                          parent_id=community.id, platform=PLATFORMS[(s + c + k) % 4])
                        for k in range(2)]
            for p in range(PLACES_PER_COMMUNITY):
                await create_place(None, PlaceInput(
                    kind=PlaceKind.COMPOUND if p % 2 else PlaceKind.RIDER_STATION, name=f"地点{s}-{c}-{p}",
                    community_id=community.id, station_id=stations[p % 2].id if p % 2 == 0 else None,
                    property_company_id=company.id if p % 2 else None,
                    latitude=43.80 + s * 0.01 + p * 0.001, longitude=87.60 + c * 0.01))
    await create_account(None, role=Role.ADMIN, name="管理员", username="admin", password="bench-password-1",
                         scope_id=district.id)
    await create_account(None, role=Role.COMMUNITY_WORKER, name="社工", username="worker",
                         password="bench-password-1", scope_id=communities[0])
    return district.id, communities


# Rows arrive in time order in real life (created_at is the moment of the insert), so a
# month's reports lie together on disk; the n-th of N rows is made at its share of 3 years.
IN_TIME_ORDER = "now() - interval '1095 days' + (g::float8 / {n}) * interval '1095 days' - random() * interval '1 hour'"

FILL = [
    # Riders at the stations, round robin.
    f"""INSERT INTO account (role, name, phone, password_hash, is_active, on_leaderboard, created_at, updated_at,
        scope_id)
        SELECT 'rider', '骑手' || g, '139' || lpad(g::text, 8, '0'), 'x', true, g % 10 = 0, now(), now(),
               s.id
        FROM generate_series(1, {RIDERS}) g
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM org_node
              WHERE kind = 'delivery_station') s ON s.i = g % s.n""",
    # Reports over three years: about 65 % verified, most of those fixed, half within a day.
    f"""INSERT INTO report (category_id, description, place_id, spot, reporter_id, guest_name, guest_phone,
        scope_path, station_path, status, idempotency_key, assigned_department, created_at, updated_at,
        verified_at, first_response_at, first_resolved_at, resolved_at, closed_at, deadline_at,
        assigned_company_id, reopened_at)
        SELECT c.id, '', p.id, '', r.id, '', '', p.cpath, r.spath,
               CASE WHEN u < 0.10 THEN 'rejected' WHEN u < 0.15 THEN 'duplicate' WHEN u < 0.20 THEN 'submitted'
                    WHEN u < 0.25 THEN 'assigned' WHEN u < 0.60 THEN 'resolved' ELSE 'closed' END,
               'bench-' || g, '', t, t,
               CASE WHEN u >= 0.20 THEN t + interval '2 hours' END,
               CASE WHEN u < 0.15 OR u >= 0.20 THEN t + (interval '1 minute' * (10 + (u * 1000)::int % 600)) END,
               CASE WHEN u >= 0.25 THEN t + (interval '1 hour' * (2 + (u * 10000)::int % 70)) END,
               CASE WHEN u >= 0.25 THEN t + (interval '1 hour' * (2 + (u * 10000)::int % 70)) END,
               CASE WHEN u >= 0.60 THEN t + interval '80 hours' END,
               CASE WHEN u >= 0.20 THEN t + interval '24 hours' END,
               CASE WHEN u >= 0.20 THEN p.company END,
               CASE WHEN u >= 0.95 THEN t + interval '30 hours' END
        FROM (SELECT g, random() AS u, {IN_TIME_ORDER.format(n=REPORTS)} AS t
              FROM generate_series(1, {REPORTS}) g) x
        JOIN (SELECT pl.id, o.path AS cpath, pl.property_company_id AS company,
                     row_number() OVER (ORDER BY pl.id) - 1 AS i, count(*) OVER () AS n
              FROM place pl JOIN org_node o ON o.id = pl.community_id) p ON p.i = x.g % p.n
        JOIN (SELECT a.id, o.path AS spath, row_number() OVER (ORDER BY a.id) - 1 AS i, count(*) OVER () AS n
              FROM account a JOIN org_node o ON o.id = a.scope_id WHERE a.role = 'rider') r ON r.i = (x.g * 7) % r.n
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n
              FROM report_category) c ON c.i = (x.g * 3) % c.n""",
    # Wishes: written, mostly published, some claimed, fulfilled and lit.
    f"""INSERT INTO wish (category, title, description, place_id, community_id, scope_path, rider_id, rider_name,
        source, status, reject_reason, thanks, created_at, updated_at, published_at, claimed_at, fulfilled_at,
        thanked_at)
        SELECT (ARRAY['access','charging','resting','eating','goods','learning','family','other'])[1 + x.g % 8],
               '心愿' || x.g, '', p.id, p.community, p.spath, r.id, '骑手', 'app',
               CASE WHEN u < 0.1 THEN 'submitted' WHEN u < 0.4 THEN 'published' WHEN u < 0.6 THEN 'claimed'
                    WHEN u < 0.8 THEN 'fulfilled' ELSE 'thanked' END, '', CASE WHEN u >= 0.8 THEN '谢谢' ELSE '' END,
               t, t, CASE WHEN u >= 0.1 THEN t + interval '1 day' END, CASE WHEN u >= 0.4 THEN t + interval '3 days' END,
               CASE WHEN u >= 0.6 THEN t + interval '6 days' END, CASE WHEN u >= 0.8 THEN t + interval '7 days' END
        FROM (SELECT g, random() AS u, {IN_TIME_ORDER.format(n=WISHES)} AS t
              FROM generate_series(1, {WISHES}) g) x
        JOIN (SELECT pl.id, pl.community_id AS community, pl.scope_path AS spath,
                     row_number() OVER (ORDER BY pl.id) - 1 AS i, count(*) OVER () AS n FROM place pl) p
             ON p.i = x.g % p.n
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM account
              WHERE role = 'rider') r ON r.i = x.g % r.n""",
    """INSERT INTO wish_claim (wish_id, token_hash, name, phone, kind, consent_at, status, expires_at, note, created_at,
        closed_at)
        SELECT w.id, md5(w.id::text) || md5('c' || w.id::text), '认领人', '13900000000',
               (ARRAY['resident','party_member','merchant','partner_unit'])[1 + w.id % 4], w.claimed_at,
               CASE WHEN w.status = 'claimed' THEN 'active' ELSE 'fulfilled' END, w.claimed_at + interval '7 days', '',
               w.claimed_at, w.fulfilled_at
        FROM wish w WHERE w.claimed_at IS NOT NULL""",
    # The ledger: points for verified reports, spread over the riders and the three years.
    f"""INSERT INTO points_ledger (account_id, amount, reason, object_type, object_id, note, created_at)
        SELECT r.id, 10, 'report_verified', 'report', g, '', {IN_TIME_ORDER.format(n=LEDGER)}
        FROM generate_series(1, {LEDGER}) g
        JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM account
              WHERE role = 'rider') r ON r.i = g % r.n""",
    "ANALYZE",
]


async def fill() -> None:
    started = time.perf_counter()
    for statement in FILL:
        await connection().execute_script(statement)
    counts = await connection().execute_query_dict(
        "SELECT (SELECT count(*) FROM report) AS reports, (SELECT count(*) FROM wish) AS wishes,"
        " (SELECT count(*) FROM wish_claim) AS claims, (SELECT count(*) FROM points_ledger) AS ledger")
    print(f"filled in {time.perf_counter() - started:.0f} s: {counts[0]}")


async def measure(client, label: str, path: str, params: dict) -> None:
    await client.get(path, params=params)  # warm
    samples = []
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        r = await client.get(path, params=params)
        samples.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.text
    print(f"{label:<52} {timed(samples)}")


def export_in_child(url: str, first: str, last: str) -> dict:
    """The export in a process of its own, so that its peak memory is its own."""
    done = subprocess.run([sys.executable, __file__, "export", url, first, last], capture_output=True, text=True,
                          timeout=1800, cwd=Path(__file__).parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


async def export_child(url: str, first: str, last: str) -> None:
    from tortoise import Tortoise

    from server.core import sheets
    from server.core.catalog import namer
    from server.core.db import tortoise_config
    from server.core.periods import period_of
    from server.core.security import Principal
    from server.org.models import NodeKind as Kind
    from server.org.models import OrgNode
    from server.settings import DEFAULT_PWA_DIR
    from server.stats import exports
    from server.stats.scope import Scope

    await Tortoise.init(config=tortoise_config(url))
    district = await OrgNode.get(kind=Kind.DISTRICT)
    principal = Principal(0, Role.ADMIN, "admin", district.id, district.path, 0)
    reader = exports.Reader(principal, "zh", namer(DEFAULT_PWA_DIR, "zh"))  # the words the API writes
    period = period_of(first, last)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    batches = exports.rows_of("reports", Scope(district, district.path), period, reader, datetime.now(UTC))
    path = await sheets.xlsx_file("reports", exports.header("reports", "zh"), batches)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = os.path.getsize(path)
    from openpyxl import load_workbook

    rows = load_workbook(path, read_only=True).worksheets[0].max_row - 1
    os.unlink(path)
    await Tortoise.close_connections()
    print(json.dumps({"rows": rows, "seconds": round(seconds, 1), "bytes": size, "peak_rss_mb": round(peak / 1024),
                      "rss_before_mb": round(base / 1024)}), flush=True)


async def main() -> None:
    async with bench_app() as (_, client, database):
        if database != "postgres":
            raise SystemExit("this benchmark needs PostgreSQL: set YIZHAN_BENCH_DATABASE_URL")
        await build_district()
        await fill()
        await sign_in(client, "admin", "bench-password-1")
        today = date.today()
        last_month = (today.replace(day=1) - timedelta(days=1))
        month = {"from": last_month.replace(day=1).isoformat(), "to": last_month.isoformat()}
        year = {"from": today.replace(month=1, day=1).isoformat(), "to": today.isoformat()}
        await measure(client, "district, one month (totals)", "/api/v1/stats", month)
        await measure(client, "district, one month, with the month before", "/api/v1/stats", {**month, "compare": "true"})
        await measure(client, "district, one month per community", "/api/v1/stats", {**month, "group_by": "community"})
        await measure(client, "district, one month per week", "/api/v1/stats", {**month, "group_by": "week"})
        await measure(client, "district, this year (totals)", "/api/v1/stats", year)
        await measure(client, "district, this year per month", "/api/v1/stats", {**year, "group_by": "month"})
        await measure(client, "district, the monthly report's data", "/api/v1/stats/monthly",
                      {"month": month["from"][:7]})
        await sign_in(client, "worker", "bench-password-1")
        await measure(client, "one community, one month (totals)", "/api/v1/stats", month)
        # About 100,000 reports: as many days as that takes.
        per_day = REPORTS / 1095
        days = min(1000, int(EXPORT_ROWS / per_day) + 1)
        first = (today - timedelta(days=days + 1)).isoformat()
        url = os.environ["YIZHAN_BENCH_DATABASE_URL"]
        found = export_in_child(url, first, (today - timedelta(days=1)).isoformat())
        print(f"XLSX export of {found['rows']:,} reports: {found['seconds']} s, {found['bytes'] / 1e6:.1f} MB file, "
              f"peak RSS {found['peak_rss_mb']} MB (the process before: {found['rss_before_mb']} MB; goal: under 200 MB)")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "export":
        asyncio.run(export_child(*sys.argv[2:]))
    else:
        asyncio.run(main())
