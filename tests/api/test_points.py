"""The points ledger: once per object, monthly caps recorded as "cap reached", rules the
admin edits, and a balance that always equals the sum of its entries."""

import asyncio
from datetime import timedelta

from server.core.clock import month_start, now
from server.points.models import Balance, LedgerEntry, PointRule
from server.points.service import CAP_REACHED, award
from tests.support.ledger import assert_balances_match_ledgers


async def test_the_same_award_twenty_times_at_once_is_one_entry(world):
    rider = world.accounts["rider"].id
    results = await asyncio.gather(*(award(rider, "report_verified", "report", 42) for _ in range(20)))
    assert sum(1 for r in results if r is not None) == 1
    assert await LedgerEntry.filter(account_id=rider).count() == 1
    assert (await Balance.get(account_id=rider)).points == 10
    await assert_balances_match_ledgers()


async def test_past_the_monthly_cap_the_award_is_zero_and_says_why(world):
    rider = world.accounts["rider"].id
    await PointRule.filter(reason="report_verified").update(points=10, monthly_cap=30)
    entries = [await award(rider, "report_verified", "report", n) for n in range(1, 6)]
    assert [e.amount for e in entries] == [10, 10, 10, 0, 0]
    assert [e.note for e in entries[3:]] == [CAP_REACHED, CAP_REACHED]
    assert (await Balance.get(account_id=rider)).points == 30
    # Other reasons have their own cap.
    assert (await award(rider, "report_resolved", "report", 1)).amount == 5
    await assert_balances_match_ledgers()


async def test_concurrent_awards_for_different_objects_respect_the_cap(world):
    rider = world.accounts["rider"].id
    await PointRule.filter(reason="report_verified").update(points=10, monthly_cap=50)
    await asyncio.gather(*(award(rider, "report_verified", "report", n) for n in range(20)))
    assert (await Balance.get(account_id=rider)).points == 50
    assert await LedgerEntry.filter(account_id=rider, amount=10).count() == 5
    assert await LedgerEntry.filter(account_id=rider, amount=0, note=CAP_REACHED).count() == 15
    await assert_balances_match_ledgers()


async def test_admin_edits_rules(as_role, world):
    admin, rider = await as_role("admin"), await as_role("rider")
    r = await admin.patch("/api/v1/points/rules/report_verified", json={"points": 20, "monthly_cap": None})
    assert r.status_code == 200 and r.json() == {"reason": "report_verified", "points": 20, "monthly_cap": None,
                                                 "is_active": True}
    assert (await award(world.accounts["rider"].id, "report_verified", "report", 7)).amount == 20
    assert (await rider.patch("/api/v1/points/rules/report_verified", json={"points": 999})).status_code == 403
    assert (await admin.patch("/api/v1/points/rules/report_verified", json={"points": -5})).status_code == 422
    assert (await admin.patch("/api/v1/points/rules/flying", json={"points": 5})).status_code == 404
    listed = {r["reason"]: r["points"] for r in (await rider.get("/api/v1/points/rules")).json()}
    assert listed["report_verified"] == 20
    wallet = (await rider.get("/api/v1/points/me")).json()
    assert wallet["balance"] == 20 and wallet["recent"][0]["reason"] == "report_verified"


async def test_the_wallet_pages_through_the_history(as_role, world):
    rider = world.accounts["rider"].id
    await PointRule.filter(reason="report_verified").update(monthly_cap=None)
    for n in range(25):
        await award(rider, "report_verified", "report", n)
    client = await as_role("rider")
    first = (await client.get("/api/v1/points/me")).json()
    assert first["balance"] == 250 and len(first["recent"]) == 20 and first["recent"][0]["object_id"] == 24
    rest = (await client.get("/api/v1/points/me", params={"before": first["next_before"]})).json()
    assert [line["object_id"] for line in rest["recent"]] == [4, 3, 2, 1, 0] and rest["next_before"] is None
    assert (await client.get("/api/v1/points/me", params={"before": "x"})).status_code == 422


async def test_the_monthly_cap_counts_the_beijing_month_only(world):
    """Lines of last month do not count against this month's cap; lines made after midnight
    in Beijing on the 1st count even though in UTC it is still the month before."""
    rider = world.accounts["rider"].id
    await PointRule.filter(reason="report_verified").update(points=10, monthly_cap=30)
    start = month_start(now())
    for n, at in ((1, start - timedelta(minutes=1)), (2, start - timedelta(minutes=2)),
                  (3, start - timedelta(days=40)), (4, start + timedelta(minutes=1))):
        entry = await award(rider, "report_verified", "report", n)
        await LedgerEntry.filter(id=entry.id).update(created_at=at)
    assert start.utcoffset() == timedelta(hours=8)  # a Beijing month, not a UTC one
    # This month holds one line (10 points): two more fit under the cap of 30, not three.
    later = [await award(rider, "report_verified", "report", n) for n in (5, 6, 7)]
    assert [e.amount for e in later] == [10, 10, 0]
    await assert_balances_match_ledgers()
