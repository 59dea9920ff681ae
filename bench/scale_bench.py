"""Latency against table size, on PostgreSQL: the pages people wait for, with 1,000 reports and
1,000 wishes, then with 1,000,000 of each (seeded with generate_series straight into the
migrated tables). Every kept hot answer is made stale before each request, so the database
work is what is measured.

    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/scale_bench.py
    ... --rows 1000000 --explain      # also print EXPLAIN ANALYZE of the queries behind them

Pages: the triage queue (a big community's and a small one's: 10 reports of all), a place's
wall and a community's wall, "my reports", the figures of a community for this month. Prints
p50 at each size and the ratio, and the SQL statements one queue page costs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bench_app, communities  # noqa: E402
from tortoise import Tortoise  # noqa: E402

from server.accounts.service import create_account  # noqa: E402
from server.core import hot  # noqa: E402
from server.core.roles import Role  # noqa: E402
from server.locations.models import PlaceKind  # noqa: E402
from server.locations.service import PlaceInput, create_place  # noqa: E402
from server.org.models import NodeKind  # noqa: E402
from server.org.service import create_node  # noqa: E402

PASSWORD = "bench-password-1"
RUNS = 15

REPORTS_SQL = """
INSERT INTO report (description, spot, guest_name, guest_phone, scope_path, station_path, status, idempotency_key,
                    assigned_department, created_at, updated_at, category_id, place_id, reporter_id, deadline_at)
SELECT '楼道堆物', '', '', '', $1, $2,
       (ARRAY['submitted','verified','assigned','resolved','closed','rejected'])[1 + n % 6],
       md5($5 || n::text), '', now() - $8 * interval '1 day' - n * interval '1 minute', now(), $3, $4, $6,
       now() + ((n % 96) - 48) * interval '1 hour'
FROM generate_series(1, $7) AS n
"""
# The first 1,000 of each are from this month; the rest from before it: a million reports
# gathered over the years, while a month brings about as many as before.

WISHES_SQL = """
INSERT INTO wish (category, title, description, scope_path, rider_name, source, status, reject_reason, thanks,
                  created_at, updated_at, community_id, place_id, published_at, thanked_at)
SELECT (ARRAY['charging','resting','eating','goods'])[1 + n % 4], '想要一个充电的地方', '', $1, '骑手', 'app',
       (ARRAY['published','claimed','thanked','submitted','fulfilled'])[1 + n % 5], '', '谢谢',
       now() - $5 * interval '1 day' - n * interval '1 minute', now(), $2, $3,
       now() - $5 * interval '1 day' - n * interval '1 minute',
       CASE WHEN n % 5 = 2 THEN now() - $5 * interval '1 day' - n * interval '1 minute' END
FROM generate_series(1, $4) AS n
"""


class StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def seed(connection, big, small, big_place, small_place, category_id, rider_id, station_path, rows, tag):
    # All but 10 of the reports are the big community's; the small one has 10 in all. The
    # first thousand are this month's (within the last day), the rest from two months back on.
    days_back = 0 if tag == "a" else 60
    await connection.execute_query(REPORTS_SQL, [big.path, station_path, category_id, big_place.id, tag + "b",
                                                 rider_id if rows <= 1000 else None, rows - 10, days_back])
    if tag == "a":
        await connection.execute_query(REPORTS_SQL, [small.path, "", category_id, small_place.id, tag + "s", None, 10,
                                                     days_back])
    await connection.execute_query(WISHES_SQL, [big.path, big.id, big_place.id, rows, days_back])
    await connection.execute_query("ANALYZE")


async def measure(client, pages: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, float]:
    found = {}
    for name, (path, topics) in pages.items():
        samples = []
        for _ in range(RUNS):
            await hot.bump(*topics)
            started = time.perf_counter()
            answer = await client.get(path)
            samples.append(time.perf_counter() - started)
            assert answer.status_code == 200, (path, answer.text[:300])
        found[name] = statistics.median(samples) * 1000
    return found


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    async with bench_app() as (app, client, database):
        assert database.startswith("postgres"), "set YIZHAN_BENCH_DATABASE_URL=postgres://…"
        _, (big, small) = await communities(2)
        station = await create_node(None, kind=NodeKind.DELIVERY_STATION, name="驿站", parent_id=big.id,
                                    platform="meituan")
        big_place, big_code = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="大驿站",
                                                                  community_id=big.id, station_id=station.id))
        small_place, _ = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="小楼",
                                                             community_id=small.id))
        for login, role, scope in (("big-worker", Role.COMMUNITY_WORKER, big), ("small-worker", Role.COMMUNITY_WORKER,
                                                                              small)):
            await create_account(None, role=role, name=login, username=login, password=PASSWORD, scope_id=scope.id)
        rider = await create_account(None, role=Role.RIDER, name="骑手", phone="15799990000", password=PASSWORD,
                                     scope_id=station.id)
        from server.reports.models import Category
        category = await Category.first()
        connection = Tortoise.get_connection("default")
        tokens = {}
        for login in ("big-worker", "small-worker", "15799990000"):
            signed = await client.post("/api/v1/auth/sign-in", json={"login": login, "password": PASSWORD,
                                                                       "bearer": True})
            tokens[login] = signed.json()["token"]

        def as_(login):
            return {"Authorization": f"Bearer {tokens[login]}"}

        wishes = (hot.PLACES, hot.wishes_topic(big.id))
        pages = {
            "triage queue, big community": ("/api/v1/reports", "big-worker", ()),
            "triage queue, small community (10 reports)": ("/api/v1/reports", "small-worker", ()),
            "place wall": (f"/api/v1/walls/places/{big_code}", None, wishes),
            "community wall": (f"/api/v1/walls/communities/{big.id}", None, wishes),
            "my reports": ("/api/v1/reports/mine", "15799990000", ()),
            "figures of a community, this month": ("/api/v1/stats", "big-worker", ()),
        }

        async def run_pages() -> dict[str, float]:
            results = {}
            for name, (path, login, topics) in pages.items():
                client.headers.pop("Authorization", None)
                if login:
                    client.headers.update(as_(login))
                results.update(await measure(client, {name: (path, topics)}))
            client.headers.pop("Authorization", None)
            return results

        await seed(connection, big, small, big_place, small_place, category.id, rider.id, station.path, 1000, "a")
        small_sizes = await run_pages()
        counter = StatementCounter()
        db_log = logging.getLogger("tortoise.db_client")
        db_log.setLevel(logging.DEBUG)
        db_log.addHandler(counter)
        client.headers.update(as_("big-worker"))
        await client.get("/api/v1/reports")
        db_log.removeHandler(counter)
        db_log.setLevel(logging.WARNING)
        print(f"one triage queue page (20 reports): {counter.count} SQL statements (the session's included)")
        started = time.perf_counter()
        await seed(connection, big, small, big_place, small_place, category.id, rider.id, station.path,
                   args.rows - 1000, "b")
        print(f"seeded {args.rows:,} reports and {args.rows:,} wishes in {time.perf_counter() - started:.0f} s")
        large_sizes = await run_pages()
        print(f"{'page':48} {'1,000':>10} {args.rows:>12,}  ratio")
        for name in pages:
            print(f"{name:48} {small_sizes[name]:8.1f} ms {large_sizes[name]:9.1f} ms  "
                  f"{large_sizes[name] / small_sizes[name]:5.2f}×")
        if args.explain:
            for sql in EXPLAINED:
                rows = await connection.execute_query_dict("EXPLAIN ANALYZE " + sql.format(big=big.path,
                                                           small=small.path, community=big.id, place=big_place.id))
                print("\n" + sql.strip().format(big=big.path, small=small.path, community=big.id, place=big_place.id))
                print("\n".join(r["QUERY PLAN"] for r in rows))


EXPLAINED = [
    "SELECT id FROM report WHERE scope_path = '{small}' ORDER BY id DESC LIMIT 21",
    "SELECT id FROM report WHERE scope_path LIKE '{big}%' ORDER BY id DESC LIMIT 21",
    "SELECT id FROM wish WHERE community_id = {community} AND status = 'thanked' ORDER BY thanked_at DESC LIMIT 6",
    "SELECT id FROM wish WHERE community_id = {community} AND status = 'published' ORDER BY id DESC LIMIT 31",
    "SELECT id FROM wish WHERE place_id = {place} AND status = 'thanked' ORDER BY thanked_at DESC LIMIT 6",
    "SELECT count(*) FROM report r WHERE r.created_at >= date_trunc('month', now()) AND r.scope_path LIKE '{big}%'",
]


if __name__ == "__main__":
    asyncio.run(main())
