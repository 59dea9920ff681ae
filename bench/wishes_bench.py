"""Wish walls under load: the public wall API of a place and of a community with 100,000
wishes in the database, the staff counts, and fifty people claiming one wish at once.

    python bench/wishes_bench.py                      # SQLite
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/wishes_bench.py

The wall page's transfer size is measured in a real browser by
``scripts/test -m browser -s -k cold_load``.
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta

import httpx
from harness import bench_app, sign_in, timed
from harness import communities as make_communities

from server.accounts.service import create_account
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.wishes.models import Wish, WishCategory, WishStatus

WISHES = 100_000
COMMUNITIES = 10
PLACES_PER_COMMUNITY = 20
CLAIMERS = 50


async def main() -> None:
    async with bench_app() as (app, client, database):
        print(f"database: {database}")
        _, communities = await make_communities(COMMUNITIES)
        places = []
        for c, community in enumerate(communities):
            for p in range(PLACES_PER_COMMUNITY):
                place, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name=f"{c}-{p}号楼",
                                                                  community_id=community.id))
                places.append((place, code))
        await create_account(None, role=Role.COMMUNITY_WORKER, name="社工", username="worker",
                             password="bench-password-1", scope_id=communities[0].id)

        rng = random.Random(11)
        statuses = [WishStatus.PUBLISHED] * 3 + [WishStatus.CLAIMED, WishStatus.THANKED, WishStatus.SUBMITTED,
                                                 WishStatus.FULFILLED, WishStatus.WITHDRAWN]
        now = datetime.now(UTC)
        t0 = time.perf_counter()
        rows = []
        for n in range(WISHES):
            place, _ = rng.choice(places)
            status = rng.choice(statuses)
            published = now - timedelta(days=rng.randint(1, 300))
            rows.append(Wish(
                category=rng.choice(list(WishCategory)), title=f"心愿{n}", description="冬天想要一副手套" * 3,
                place_id=place.id, community_id=place.community_id, scope_path=place.scope_path,
                rider_name="王建国", status=status,
                published_at=None if status == WishStatus.SUBMITTED else published,
                claimed_at=published + timedelta(hours=rng.randint(1, 200))
                if status in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.THANKED) else None,
                thanked_at=now - timedelta(hours=n % 500) if status == WishStatus.THANKED else None,
                thanks="谢谢!" if status == WishStatus.THANKED else ""))
        await Wish.bulk_create(rows, batch_size=2000)
        print(f"seeded {WISHES} wishes over {len(places)} places in {time.perf_counter() - t0:.1f} s")

        _, code = places[0]
        cases = [
            ("a place's wall", f"/api/v1/walls/places/{code}", {}),
            ("a place's wall, one category", f"/api/v1/walls/places/{code}", {"category": "charging"}),
            ("a community's wall", f"/api/v1/walls/communities/{communities[0].id}", {}),
            ("a community's wall, one category", f"/api/v1/walls/communities/{communities[0].id}",
             {"category": "eating"}),
        ]
        for label, path, params in cases:
            samples = []
            for _ in range(30):
                t0 = time.perf_counter()
                r = await client.get(path, params=params)
                samples.append(time.perf_counter() - t0)
                assert r.status_code == 200 and r.json()["open"], r.text
            print(f"wall API with {WISHES} wishes — {label}: {timed(samples)}")
        cursor = (await client.get(f"/api/v1/walls/communities/{communities[0].id}")).json()["next_cursor"]
        samples = []
        for _ in range(30):
            t0 = time.perf_counter()
            r = await client.get(f"/api/v1/walls/communities/{communities[0].id}", params={"cursor": cursor})
            samples.append(time.perf_counter() - t0)
        print(f"wall API with {WISHES} wishes — a community's wall, page 2: {timed(samples)}")

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as staff:
            await sign_in(staff, "worker", "bench-password-1")
            samples = []
            for _ in range(5):
                t0 = time.perf_counter()
                r = await staff.get("/api/v1/wishes/stats")
                samples.append(time.perf_counter() - t0)
                assert r.status_code == 200 and r.json()
            print(f"counts per community and category ({WISHES // COMMUNITIES} wishes in scope): {timed(samples)}")

        target = await Wish.filter(place_id=places[0][0].id, status=WishStatus.PUBLISHED).first()
        claimers = [httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(f"10.1.0.{n + 1}", 5000)),
                                      base_url="http://bench") for n in range(CLAIMERS)]
        body = {"name": "李大姐", "phone": "13912345678", "kind": "resident", "consent": True}
        t0 = time.perf_counter()
        results = await asyncio.gather(*(c.post(f"/api/v1/wishes/{target.id}/claims", json=body) for c in claimers))
        elapsed = time.perf_counter() - t0
        for c in claimers:
            await c.aclose()
        codes = sorted(r.status_code for r in results)
        print(f"{CLAIMERS} people claiming one wish at once: {codes.count(201)} won, {codes.count(409)} told "
              f"'already claimed', all answered in {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
