"""Routing and redaction: what automatic assignment adds to verifying a report, and how
long blurring boxes on a 1,600 px photo takes.

    python bench/routing_bench.py                      # SQLite
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/routing_bench.py
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

from harness import bench_app, communities, sign_in, timed

from server.accounts.service import create_account
from server.core.media import blurred, process_photo
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import NodeKind
from server.org.service import create_node
from tests.support.photos import camera_jpeg

ROUNDS = 40


async def main() -> None:
    photo = process_photo(camera_jpeg(4000, 3000)).full  # as stored: 1,600 px
    samples = []
    for _ in range(10):
        t0 = time.perf_counter()
        blurred(photo, [(100, 100, 300, 200), (800, 400, 200, 120)])
        samples.append(time.perf_counter() - t0)
    print(f"blurring two boxes on a stored 1,600 px photo (decode, blur, re-encode, thumbnail): {timed(samples)} "
          f"(goal: under 150 ms)")

    async with bench_app() as (app, client, database):
        print(f"database: {database}")
        _, (community,) = await communities(1)
        company = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name="物业", parent_id=community.id)
        _, routed_code = await create_place(None, PlaceInput(kind=PlaceKind.COMPOUND, name="有物业小区",
                                                             community_id=community.id, property_company_id=company.id))
        _, plain_code = await create_place(None, PlaceInput(kind=PlaceKind.COMPOUND, name="无物业小区",
                                                            community_id=community.id))
        await create_account(None, role=Role.COMMUNITY_WORKER, name="社工", username="worker",
                             password="bench-password-1", scope_id=community.id)
        app.state.context.counters.hit = _no_limit
        small = camera_jpeg(320, 240)

        async def new_report(code: str) -> int:
            r = await client.post("/api/v1/reports", data={"code": code, "category": "sanitation",
                                                           "idempotency_key": uuid.uuid4().hex},
                                  files=[("photos", ("p.jpg", small, "image/jpeg"))])
            return r.json()["id"]

        ids = [(await new_report(plain_code), await new_report(routed_code)) for _ in range(ROUNDS)]
        await sign_in(client, "worker", "bench-password-1")
        plain, routed = [], []
        for plain_id, routed_id in ids:  # interleaved: both see the same machine
            for report_id, into in ((plain_id, plain), (routed_id, routed)):
                t0 = time.perf_counter()
                r = await client.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
                into.append(time.perf_counter() - t0)
                assert r.status_code == 200
            assert r.json()["status"] == "assigned"
        print(f"verify, no company at the place: {timed(plain)}")
        print(f"verify and route to the place's company: {timed(routed)}")
        print(f"  routing adds {(statistics.median(routed) - statistics.median(plain)) * 1000:.1f} ms "
              f"(median; goal: under 10 ms)")


async def _no_limit(key: str, window: int) -> tuple[int, int]:
    return 1, window


if __name__ == "__main__":
    asyncio.run(main())
