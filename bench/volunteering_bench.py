""""Tasks near me": a rider asks for the tasks he may take, nearest first, and for the help
offered to him, with 10,000 open tasks and 10,000 open help requests in his district.

    python bench/volunteering_bench.py                      # SQLite
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/volunteering_bench.py
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

from harness import bench_app, communities, sign_in, timed

from server.accounts.service import create_account
from server.core.roles import Role
from server.org.models import NodeKind, Platform
from server.org.service import create_node
from server.volunteering.models import Beneficiary, HelpRequest, Task

OPEN_TASKS = 10_000
OPEN_HELP = 10_000
ROUNDS = 40


async def main() -> None:
    async with bench_app() as (_, client, database):
        print(f"database: {database}")
        district, made = await communities(10)
        stations = [await create_node(None, kind=NodeKind.DELIVERY_STATION, name=f"站{i}", parent_id=c.id,
                                      platform=Platform.MEITUAN) for i, c in enumerate(made)]
        await create_account(None, role=Role.RIDER, name="骑手", phone="13900000001", password="bench-password-1",
                             scope_id=stations[0].id)
        chance = random.Random(7)
        ends = datetime.now(UTC) + timedelta(days=3)
        # Tasks of the district, the street, every community and station: all in his district.
        scopes = [district.path, *(c.path for c in made), *(s.path for s in stations)]
        await Task.bulk_create([Task(
            kind="publicity", title=f"任务{n}", scope_path=chance.choice(scopes), starts_at=datetime.now(UTC),
            ends_at=ends, quota=10, points=10, latitude=43.7 + chance.random() * 0.2 if n % 4 else None,
            longitude=87.5 + chance.random() * 0.2 if n % 4 else None) for n in range(OPEN_TASKS)], batch_size=1000)
        people = [await Beneficiary.create(name=f"老人{i}", address="x", phone="13900000000", kind="elderly",
                                           community_id=c.id, scope_path=c.path, consent_at=datetime.now(UTC))
                  for i, c in enumerate(made)]
        await HelpRequest.bulk_create([HelpRequest(beneficiary_id=people[n % 10].id, kind="pickup",
                                                   scope_path=people[n % 10].scope_path) for n in range(OPEN_HELP)],
                                      batch_size=1000)
        await sign_in(client, "13900000001", "bench-password-1")
        # Free, and offered help even at his station's peak times: the request is asked whatever the hour.
        await client.put("/api/v1/me/availability", json={"minutes": 60, "peak_ok": True})
        for label, path, params in [("tasks near me (lat/lng)", "/api/v1/tasks", {"lat": 43.8, "lng": 87.6}),
                                    ("tasks, no position", "/api/v1/tasks", {}),
                                    ("help offered to a free rider", "/api/v1/help-requests/offered", {})]:
            await client.get(path, params=params)
            samples = []
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                r = await client.get(path, params=params)
                samples.append(time.perf_counter() - t0)
                assert r.status_code == 200 and len(r.json()) == 50, r.text[:300]
            print(f"{label:<32} {timed(samples)} (goal: p50 ≤ 50 ms)")


if __name__ == "__main__":
    asyncio.run(main())
