"""Benchmark: render a batch of 500 posters (HTML and ZIP of PNGs) and the nearby search
over 10,000 places, through the real app on a temporary database.

    python bench/places_bench.py                      # SQLite in a temporary folder
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/places_bench.py

The PostgreSQL database is wiped first: never point it at real data.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import bench_app, sign_in, timed  # noqa: E402
from harness import communities as make_communities  # noqa: E402

from server.locations.codes import new_code  # noqa: E402
from server.locations.models import STATION_KINDS, Amenity, Place, PlaceCode, PlaceKind  # noqa: E402
from server.org.models import NodeKind, Platform  # noqa: E402
from server.org.service import create_node  # noqa: E402

POSTERS = 500
PLACES = 10_000
QUERIES = 300
# Urumqi, roughly: where the places are scattered.
LAT, LNG, SPREAD = 43.80, 87.62, 0.15


async def seed(rng: random.Random) -> tuple[int, int]:
    _, communities = await make_communities(20)
    await create_node(None, kind=NodeKind.DELIVERY_STATION, name="日月星光站", parent_id=communities[0].id,
                      platform=Platform.MEITUAN)
    kinds = list(PlaceKind)
    amenities = [a.value for a in Amenity]
    places = []
    for i in range(PLACES):
        community = communities[0] if i < POSTERS else rng.choice(communities[1:])
        hours = None if rng.random() < 0.1 else [[f"{rng.randint(6, 9):02d}:00", f"{rng.randint(18, 23):02d}:00"]] * 7
        places.append(Place(
            kind=rng.choice(kinds), name=f"地点{i}", community_id=community.id, scope_path=community.path,
            latitude=LAT + rng.uniform(-SPREAD, SPREAD), longitude=LNG + rng.uniform(-SPREAD, SPREAD),
            amenities=rng.sample(amenities, rng.randint(0, 8)), hours=hours, name_ug=f"ئورۇن {i}"))
    await Place.bulk_create(places, batch_size=1000)
    ids = await Place.all().order_by("id").values_list("id", flat=True)
    await PlaceCode.bulk_create([PlaceCode(code=new_code(), place_id=pid) for pid in ids], batch_size=1000)
    return communities[0].id, sum(1 for p in places if p.kind in STATION_KINDS)


async def main() -> None:
    rng = random.Random(20261129)
    async with bench_app() as (app, client, database):
        started = time.perf_counter()
        community_id, stations = await seed(rng)
        print(f"database: {database}; seeded {PLACES} places ({stations} stations) "
              f"in {time.perf_counter() - started:.1f} s")
        from server.accounts.service import create_account
        from server.core.roles import Role

        await create_account(None, role=Role.ADMIN, name="bench", username="bench", password="bench-password-1")
        await sign_in(client, "bench", "bench-password-1")

        samples = []
        for _ in range(3):  # the first run draws the codes, later ones reuse them
            t0 = time.perf_counter()
            r = await client.get("/api/v1/posters", params={"community_id": community_id})
            samples.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.text
        count = r.text.count('<section class="poster"')
        print(f"posters HTML, {count} posters, {len(r.content) / 1e6:.1f} MB: first {samples[0]:.2f} s, "
              f"again {min(samples[1:]):.2f} s")

        t0 = time.perf_counter()
        r = await client.get("/api/v1/posters/codes.zip", params={"community_id": community_id})
        print(f"posters ZIP of {count} PNG codes, {len(r.content) / 1e6:.1f} MB: "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")

        samples, found = [], []
        for i in range(QUERIES):
            params = {"lat": LAT + rng.uniform(-SPREAD, SPREAD), "lng": LNG + rng.uniform(-SPREAD, SPREAD),
                      "open_now": "false" if i % 2 else "true"}
            if i % 3 == 0:
                params["amenity"] = rng.choice(["microwave", "phone_charging", "drinking_water"])
            t0 = time.perf_counter()
            r = await client.get("/api/v1/places/nearby", params=params)
            samples.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text
            found.append(len(r.json()))
        print(f"nearby over {PLACES} places (HTTP, in-process, open now at the time of the run): "
              f"{timed(samples)}; {statistics.mean(found):.1f} results on average")

        # The same search at a set hour of the day, without HTTP: busy noon and a night when
        # almost nothing is open (the search then widens to its largest box).
        from datetime import datetime

        from server.core.clock import BEIJING
        from server.locations.service import nearby

        for label, moment in (("12:00", datetime(2026, 11, 30, 12, tzinfo=BEIJING)),
                              ("03:00", datetime(2026, 11, 30, 3, tzinfo=BEIJING))):
            samples = []
            for i in range(QUERIES):
                amenities = [rng.choice(["microwave", "phone_charging", "drinking_water"])] if i % 3 == 0 else []
                t0 = time.perf_counter()
                await nearby(LAT + rng.uniform(-SPREAD, SPREAD), LNG + rng.uniform(-SPREAD, SPREAD),
                             amenities=amenities, open_now=True, at=moment)
                samples.append(time.perf_counter() - t0)
            print(f"nearby open now at {label} Beijing time (service call): {timed(samples)}")


if __name__ == "__main__":
    asyncio.run(main())
