"""The home screen's counts: per role, the same rows the linked screens list."""

from datetime import timedelta

import pytest

from server.core.clock import now
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.reports.models import Report
from tests.api.test_reports_triage import do, report_by


def counts(body: dict) -> dict[str, int]:
    return {w["key"]: w["count"] for w in body["waiting"]}


@pytest.fixture
async def code(world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id,
                                                  station_id=world.station.id))
    return code


async def test_a_workers_home_counts_new_then_overdue_then_nothing(as_role, world, code):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    home = await worker.get("/api/v1/home")
    assert home.status_code == 200
    assert counts(home.json()) == {"reports_new": 0, "reports_overdue": 0, "reports_due_soon": 0,
                                   "wishes_to_review": 0, "redemptions_waiting": 0}
    report_id = await report_by(rider, code)
    assert counts((await worker.get("/api/v1/home")).json())["reports_new"] == 1
    # Within two hours of its deadline: due soon; past it: overdue (and urgent).
    await Report.filter(id=report_id).update(deadline_at=now() + timedelta(minutes=90))
    assert counts((await worker.get("/api/v1/home")).json())["reports_due_soon"] == 1
    await Report.filter(id=report_id).update(deadline_at=now() - timedelta(minutes=1))
    body = (await worker.get("/api/v1/home")).json()
    assert counts(body)["reports_overdue"] == 1 and counts(body)["reports_due_soon"] == 0
    overdue = next(w for w in body["waiting"] if w["key"] == "reports_overdue")
    assert overdue["urgent"] is True and overdue["href"] == "/reports?filter=overdue"
    # The number is what the linked queue lists.
    listed = (await worker.get("/api/v1/reports", params={"overdue": "true"})).json()["items"]
    assert [r["id"] for r in listed] == [report_id]
    # Another district's admin counts none of it.
    other = await as_role("other_admin")
    assert counts((await other.get("/api/v1/home")).json())["reports_overdue"] == 0
    await do(worker, report_id, "reject", note="不属实")
    assert counts((await worker.get("/api/v1/home")).json())["reports_overdue"] == 0


async def test_the_fixer_counts_what_to_accept_and_the_station_head_his_riders_reports(as_role, world, code):
    worker, rider, staff, head = (await as_role("community_worker"), await as_role("rider"),
                                  await as_role("property_staff"), await as_role("station_head"))
    report_id = await report_by(rider, code)
    assert counts((await head.get("/api/v1/home")).json())["riders_open_reports"] == 1
    await do(worker, report_id, "verify")
    await do(worker, report_id, "assign", company_id=world.company.id)
    body = (await staff.get("/api/v1/home")).json()
    assert counts(body) == {"reports_to_accept": 1, "reports_overdue": 0, "reports_due_soon": 0}
    await do(staff, report_id, "accept")
    assert counts((await staff.get("/api/v1/home")).json())["reports_to_accept"] == 0


async def test_a_rider_sees_his_unread_replies_and_points(as_role, world, code):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    report_id = await report_by(rider, code)
    assert counts((await rider.get("/api/v1/home")).json()) == {"replies": 0, "points": 0}
    await do(worker, report_id, "verify")  # a reply to his report, and 10 points
    assert counts((await rider.get("/api/v1/home")).json()) == {"replies": 1, "points": 10}


async def test_home_needs_a_sign_in(client):
    answer = await client.get("/api/v1/home")
    assert answer.status_code == 401 and answer.json()["code"] == "not_signed_in"


async def test_the_station_head_counts_wishes_to_review_and_hand_overs_waiting(as_role, world, code):
    from tests.api.test_rewards import give, new_reward
    from tests.api.test_wishes import wish_by

    head, rider, other = await as_role("station_head"), await as_role("rider"), await as_role("other_admin")
    assert counts((await head.get("/api/v1/home")).json()) == {
        "wishes_to_review": 0, "redemptions_waiting": 0, "riders_open_reports": 0}
    await wish_by(rider, code)
    reward = await new_reward(head, cost=20, stock=3)
    await give(world.accounts["rider"], 50)
    asked = await rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={})
    assert asked.status_code == 201
    body = (await head.get("/api/v1/home")).json()
    assert counts(body)["wishes_to_review"] == 1 and counts(body)["redemptions_waiting"] == 1
    assert {w["key"]: w["href"] for w in body["waiting"]}["redemptions_waiting"] == "/handover"
    assert counts((await other.get("/api/v1/home")).json())["redemptions_waiting"] == 0  # not his district
    handed = await head.post(f"/api/v1/redemptions/{asked.json()['code']}/confirm")
    assert handed.status_code == 200, handed.text
    assert counts((await head.get("/api/v1/home")).json())["redemptions_waiting"] == 0
