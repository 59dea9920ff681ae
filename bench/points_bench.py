"""Points at scale: a ledger of 200,000 lines over 2,000 riders — the leaderboard, the
wallet, the CSV export — and redemptions racing for one balance.

    python bench/points_bench.py                      # SQLite
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/points_bench.py
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid

from harness import bench_app, communities, sign_in, timed

from server.accounts.models import Account
from server.accounts.service import create_account
from server.core.roles import Role
from server.org.models import NodeKind, Platform
from server.org.service import create_node
from server.points.models import Balance, LedgerEntry
from server.points.service import adjust
from server.rewards.models import Reward

RIDERS = 2_000
LINES = 200_000
RACERS = 50


async def main() -> None:
    async with bench_app() as (app, client, database):
        print(f"database: {database}")
        district, (community,) = await communities(1)
        stations = [await create_node(None, kind=NodeKind.DELIVERY_STATION, name=f"站{n}", parent_id=community.id,
                                      platform=Platform.MEITUAN) for n in range(10)]
        await create_account(None, role=Role.ADMIN, name="管理员", username="admin", password="bench-password-1",
                             scope_id=district.id)
        rider = await create_account(None, role=Role.RIDER, name="王建国", phone="13700000000",
                                     password="bench-password-1", scope_id=stations[0].id)
        t0 = time.perf_counter()
        accounts = [Account(role=Role.RIDER, name=f"骑手{n}", phone=f"135{n:08d}", password_hash="x",
                            scope_id=stations[n % 10].id, on_leaderboard=n % 3 == 0) for n in range(RIDERS)]
        await Account.bulk_create(accounts, batch_size=1000)
        ids = [a.id for a in await Account.filter(phone__startswith="135").only("id")]
        rng = random.Random(3)
        reasons = ["report_verified", "report_resolved", "wish_fulfilled", "training_attended"]
        lines = [LedgerEntry(account_id=rng.choice(ids), amount=rng.choice((5, 10)), reason=rng.choice(reasons),
                             object_type="report", object_id=n) for n in range(LINES)]
        await LedgerEntry.bulk_create(lines, batch_size=2000)
        totals: dict[int, int] = {}
        for line in lines:
            totals[line.account_id] = totals.get(line.account_id, 0) + line.amount
        await Balance.bulk_create([Balance(account_id=a, points=p) for a, p in totals.items()], batch_size=1000)
        print(f"seeded {RIDERS} riders and {LINES} ledger lines in {time.perf_counter() - t0:.1f} s")

        await adjust(rider.id, 100, "bench", made_by=None)
        await sign_in(client, "13700000000", "bench-password-1")
        for label, path, params in (
            ("a station's leaderboard this month", "/api/v1/points/leaderboard", {"node_id": stations[3].id}),
            ("the community's leaderboard this month", "/api/v1/points/leaderboard", {"node_id": community.id}),
            ("the wallet", "/api/v1/points/me", {}),
        ):
            samples = []
            for _ in range(20):
                t0 = time.perf_counter()
                r = await client.get(path, params=params)
                samples.append(time.perf_counter() - t0)
                assert r.status_code == 200, r.text
            print(f"{label} ({LINES} lines): {timed(samples)}")

        reward = await Reward.create(owner_id=stations[0].id, owner_path=stations[0].path, name="雨衣", cost=30,
                                     stock=1000)
        t0 = time.perf_counter()
        results = await asyncio.gather(*(client.post(f"/api/v1/rewards/{reward.id}/redeem",
                                                     json={"idempotency_key": uuid.uuid4().hex})
                                         for _ in range(RACERS)))
        elapsed = time.perf_counter() - t0
        won = sum(1 for r in results if r.status_code == 201)
        balance = (await Balance.get(account_id=rider.id)).points
        print(f"{RACERS} redemptions at once against a balance of 100 (cost 30): {won} held, balance {balance}, "
              f"all answered in {elapsed * 1000:.0f} ms")

        await sign_in(client, "admin", "bench-password-1")
        t0 = time.perf_counter()
        size = 0
        async with client.stream("GET", "/api/v1/points/ledger.csv") as response:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
        print(f"ledger CSV export of {LINES + 4} lines: {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
