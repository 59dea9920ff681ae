"""Who is told what (server/notifications/audiences.py): staff hear of new reports,
assignments, reports coming back, deadlines passing and escalations, new wishes, claims and
rewards waiting; the 24-hour clock's alarms sound once per deadline (time-travel: the
sweeper is given the moment it runs at)."""

import asyncio
import uuid
from datetime import timedelta

import pytest

from server.accounts.service import create_account
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.audiences import WHO_IS_TOLD
from server.notifications.models import Notification
from server.points.service import adjust
from server.reports.models import Report
from server.reports.telling import ESCALATE_AFTER, watch_deadlines
from server.wishes.claims import CLAIM_WARNING, warn_expiring_claims
from server.wishes.models import WishClaim
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report
from tests.support.world import PASSWORD

SMALL = camera_jpeg(640, 480)


@pytest.fixture
async def codes(world):
    _, building = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼",
                                                      community_id=world.community.id))
    _, station = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站",
                                                     community_id=world.community.id, station_id=world.station.id))
    return {"building": building, "station": station}


@pytest.fixture
async def street_worker(world):
    return await create_account(None, role=Role.COMMUNITY_WORKER, name="街道督办", password=PASSWORD,
                                phone="13900000077", scope_id=world.street.id)


async def kinds_of(account) -> list[tuple[str, int, str]]:
    rows = await Notification.filter(account_id=account.id).order_by("id")
    return [(n.kind, n.object_id, n.status) for n in rows]


async def report_by(client, code):
    return (await send_report(client, code))["id"]


async def do(client, report_id, action, **body):
    r = await client.post(f"/api/v1/reports/{report_id}/actions/{action}", json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_new_report_reaches_its_community_workers_and_the_riders_station_head(as_role, world, codes,
                                                                                       street_worker):
    rider = await as_role("rider")
    report_id = await report_by(rider, codes["building"])
    a = world.accounts
    assert await kinds_of(a["community_worker"]) == [("report_submitted", report_id, "submitted")]
    assert await kinds_of(a["station_head"]) == [("report_submitted", report_id, "submitted")]
    for key in ("property_staff", "rider", "rider_b", "resident"):
        assert await kinds_of(a[key]) == [], key
    assert await kinds_of(street_worker) == []  # the street hears only of escalations

    worker = await as_role("community_worker")
    listed = (await worker.get("/api/v1/notifications")).json()
    assert listed[0]["link"] == f"/reports/{report_id}" and listed[0]["text"] == f"新随手拍 #{report_id}:3号楼"


async def test_assignment_reaches_the_company_and_the_way_back_reaches_the_assigning_worker(as_role, world, codes):
    rider, worker, staff = await as_role("rider"), await as_role("community_worker"), await as_role("property_staff")
    report_id = await report_by(rider, codes["building"])
    await Notification.all().delete()
    await do(worker, report_id, "verify")
    await do(worker, report_id, "assign", company_id=world.company.id)
    a = world.accounts
    assert await kinds_of(a["property_staff"]) == [("report_assigned", report_id, "assigned")]
    await do(staff, report_id, "resolve", note="已清理")
    assert await kinds_of(a["community_worker"]) == [("report_came_back", report_id, "resolved")]
    assert [k for k, _, s in await kinds_of(a["rider"])] == ["report_status"] * 3  # verified, assigned, resolved
    await do(rider, report_id, "not_fixed")
    assert (await kinds_of(a["community_worker"]))[-1] == ("report_came_back", report_id, "reopened")
    text = (await worker.get("/api/v1/notifications", headers={"Accept-Language": "en"})).json()[0]["text"]
    assert text == f"Report #{report_id} you assigned (3号楼): Reopened"


async def test_deadlines_sound_once_then_escalate_once_and_never_for_a_resolved_report(
        as_role, world, codes, street_worker):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    report_id = await report_by(rider, codes["building"])
    await do(worker, report_id, "verify")
    await do(worker, report_id, "assign", company_id=world.company.id, deadline_hours=2)
    await Notification.all().delete()
    deadline = (await Report.get(id=report_id)).deadline_at
    a = world.accounts

    assert await watch_deadlines(at=deadline - timedelta(minutes=1)) == 0
    assert await watch_deadlines(at=deadline + timedelta(minutes=1)) == 2  # worker + company staff
    assert await kinds_of(a["community_worker"]) == [("report_overdue", report_id, "assigned")]
    assert await kinds_of(a["property_staff"]) == [("report_overdue", report_id, "assigned")]
    assert await watch_deadlines(at=deadline + timedelta(hours=3)) == 0  # once per deadline
    assert await kinds_of(street_worker) == []

    assert await watch_deadlines(at=deadline + ESCALATE_AFTER - timedelta(minutes=1)) == 0
    assert await watch_deadlines(at=deadline + ESCALATE_AFTER + timedelta(minutes=1)) == 1
    assert await kinds_of(street_worker) == [("report_escalated", report_id, "assigned")]
    assert await watch_deadlines(at=deadline + ESCALATE_AFTER * 3) == 0
    assert ESCALATE_AFTER == timedelta(hours=24)

    # Resolved: nothing more sounds for it, however late.
    other = await report_by(rider, codes["building"])
    await do(worker, other, "verify")
    await do(worker, other, "assign", company_id=world.company.id, deadline_hours=1)
    await do(await as_role("property_staff"), other, "resolve", note="好了")
    await Notification.all().delete()
    assert await watch_deadlines(at=deadline + ESCALATE_AFTER * 5) == 0


async def test_a_reopened_report_sounds_again_after_its_new_deadline(as_role, world, codes, street_worker):
    rider, worker, staff = await as_role("rider"), await as_role("community_worker"), await as_role("property_staff")
    report_id = await report_by(rider, codes["building"])
    await do(worker, report_id, "verify")
    await do(worker, report_id, "assign", company_id=world.company.id, deadline_hours=1)
    first = (await Report.get(id=report_id)).deadline_at
    # The clock runs while the sweeper looks at the report (the deadline passed long ago).
    await Report.filter(id=report_id).update(deadline_at=first - timedelta(hours=30))
    assert await watch_deadlines() == 3  # overdue (worker, company) and escalated (street)
    await do(staff, report_id, "resolve", note="修好了")
    reopened = await do(rider, report_id, "not_fixed", note="又坏了")
    new_deadline = reopened["deadline_at"]
    await Notification.all().delete()
    report = await Report.get(id=report_id)
    assert await watch_deadlines(at=report.deadline_at - timedelta(minutes=1)) == 0
    assert await watch_deadlines(at=report.deadline_at + timedelta(minutes=1)) == 1  # the worker; no company now
    assert await kinds_of(world.accounts["community_worker"]) == [("report_overdue", report_id, "reopened")]
    assert new_deadline


async def test_two_sweepers_at_once_announce_each_deadline_once(as_role, world, codes):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    ids = [await report_by(rider, codes["building"]) for _ in range(3)]
    for report_id in ids:
        await do(worker, report_id, "verify")
        await do(worker, report_id, "assign", company_id=world.company.id, deadline_hours=1)
    await Notification.all().delete()
    later = (await Report.get(id=ids[-1])).deadline_at + timedelta(minutes=5)
    told = await asyncio.gather(*(watch_deadlines(at=later) for _ in range(4)))
    assert sum(told) == 6  # three reports × (worker + company staff)
    assert await Notification.filter(kind="report_overdue").count() == 6


async def test_wishes_tell_the_station_head_and_the_community(as_role, world, codes, client):
    rider, head = await as_role("rider"), await as_role("station_head")
    sent = await rider.post("/api/v1/wishes", data={"code": codes["station"], "category": "charging",
                                                    "title": "想要充电", "idempotency_key": uuid.uuid4().hex})
    wish_id = sent.json()["wish"]["id"]
    a = world.accounts
    assert await kinds_of(a["station_head"]) == [("wish_submitted", wish_id, "submitted")]
    assert await kinds_of(a["community_worker"]) == [("wish_submitted", wish_id, "submitted")]
    await head.post(f"/api/v1/wishes/{wish_id}/review/publish")
    await Notification.all().delete()
    claimed = await client.post(f"/api/v1/wishes/{wish_id}/claims", json={
        "name": "李大姐", "phone": "13912345678", "kind": "resident", "consent": True})
    assert await kinds_of(a["rider"]) == [("wish_status", wish_id, "claimed")]
    assert await kinds_of(a["station_head"]) == [("wish_claim_news", wish_id, "active")]
    await client.post(f"/api/v1/claims/{claimed.json()['token']}/give-up")
    assert (await kinds_of(a["station_head"]))[-1] == ("wish_claim_news", wish_id, "given_up")
    news = (await head.get("/api/v1/notifications")).json()[0]
    assert news["text"] == "心愿「想要充电」的认领:已放弃" and news["link"] == f"/wishes/{wish_id}"


async def test_a_claimer_is_reminded_a_day_before_the_claim_ends(as_role, world, codes):
    rider, head = await as_role("rider"), await as_role("station_head")
    sent = await rider.post("/api/v1/wishes", data={"code": codes["station"], "category": "eating",
                                                    "title": "一顿热饭", "idempotency_key": uuid.uuid4().hex})
    wish_id = sent.json()["wish"]["id"]
    await head.post(f"/api/v1/wishes/{wish_id}/review/publish")
    resident = await as_role("resident")
    token = (await resident.post(f"/api/v1/wishes/{wish_id}/claims", json={
        "name": "测试resident", "phone": "13900000006", "kind": "resident", "consent": True})).json()["token"]
    claim_row = await WishClaim.get(wish_id=wish_id)
    assert (await resident.get(f"/api/v1/claims/{token}")).json()["expires_soon"] is False
    assert await warn_expiring_claims(at=claim_row.expires_at - CLAIM_WARNING - timedelta(minutes=1)) == 0
    assert await warn_expiring_claims(at=claim_row.expires_at - CLAIM_WARNING + timedelta(minutes=1)) == 1
    assert await warn_expiring_claims(at=claim_row.expires_at - timedelta(minutes=5)) == 0  # once
    assert await kinds_of(world.accounts["resident"]) == [("claim_expiring", wish_id, "claim_expiring")]
    assert CLAIM_WARNING == timedelta(hours=24)
    await WishClaim.filter(id=claim_row.id).update(expires_at=claim_row.expires_at - timedelta(days=6, hours=12))
    assert (await resident.get(f"/api/v1/claims/{token}")).json()["expires_soon"] is True


async def test_a_reward_asked_for_tells_the_station_that_hands_it_over(as_role, world):
    head, rider = await as_role("station_head"), await as_role("rider")
    reward = (await head.post("/api/v1/rewards", json={"name": "雨衣", "cost": 10, "stock": 3})).json()
    await adjust(world.accounts["rider"].id, 20, "起始积分", made_by=None)
    asked = await rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={})
    assert asked.status_code == 201
    news = await Notification.get(account_id=world.accounts["station_head"].id)
    assert news.kind == "redemption_waiting" and news.params["code"] == asked.json()["code"]
    assert await Notification.filter(account_id=world.accounts["community_worker"].id).count() == 0


def test_every_kind_has_its_text_in_every_language():
    from server.core.catalog import server_catalogs

    for kind in WHO_IS_TOLD:
        for language, catalog in server_catalogs().items():
            assert f"notification.{kind}" in catalog, (kind, language)


async def test_queue_counts_new_overdue_and_due_within_two_hours(as_role, world, codes):
    rider, worker, staff = await as_role("rider"), await as_role("community_worker"), await as_role("property_staff")
    ids = [await report_by(rider, codes["building"]) for _ in range(4)]
    for report_id, hours in zip(ids[:3], (1, 3, 5), strict=True):
        await do(worker, report_id, "verify")
        await do(worker, report_id, "assign", company_id=world.company.id, deadline_hours=hours)
    await Report.filter(id=ids[2]).update(deadline_at=(await Report.get(id=ids[2])).deadline_at - timedelta(hours=6))
    counts = (await worker.get("/api/v1/reports/counts")).json()
    by_status = counts.pop("by_status")
    assert counts == {"new": 1, "overdue": 1, "due_soon": 1, "open": 4}
    assert (by_status["submitted"], by_status["assigned"], sum(by_status.values())) == (1, 3, 4)
    theirs = (await staff.get("/api/v1/reports/counts")).json()
    assert theirs.pop("by_status")["assigned"] == 3
    assert theirs == {"new": 0, "overdue": 1, "due_soon": 1, "open": 3}
    assert (await rider.get("/api/v1/reports/counts")).status_code == 403
