"""The fixer's side of an assignment: sign for it (签收, the clock shows how long it took),
send it back (退单) with a reason — back in the worker's queue, the fixer's clock stopped —
and ask once for more time, which the worker grants (the deadline moves) or refuses."""

import asyncio
from datetime import datetime, timedelta

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Notification
from server.reports.models import Report, ReportEvent
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report

SMALL = camera_jpeg(320, 240)


@pytest.fixture
async def assigned(as_role, world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    rider, worker = await as_role("rider"), await as_role("community_worker")
    report_id = (await send_report(rider, code))["id"]
    await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
    body = (await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"company_id": world.company.id})).json()
    assert body["status"] == "assigned" and body["assigned_at"] and body["accepted_at"] is None
    return report_id, worker, await as_role("property_staff")


async def act(client, report_id, action, **body):
    return await client.post(f"/api/v1/reports/{report_id}/actions/{action}", json=body)


async def test_accept_once_and_the_clock_shows_it(assigned):
    report_id, worker, staff = assigned
    accepted = await act(staff, report_id, "accept")
    assert accepted.status_code == 200 and accepted.json()["accepted_at"] and accepted.json()["minutes_to_acceptance"] == 0
    again = await act(staff, report_id, "accept")
    assert again.status_code == 409 and again.json()["code"] == "already_accepted"
    assert (await act(worker, report_id, "accept")).status_code == 403  # only the fixer signs
    assert await ReportEvent.filter(report_id=report_id, action="accept").count() == 1


async def test_two_fixers_accepting_at_once_one_wins(assigned, world, app):
    report_id, _, staff = assigned
    from server.accounts.service import create_account
    from server.core.roles import Role
    from tests.conftest import make_client
    from tests.support.world import PASSWORD, sign_in

    await create_account(None, role=Role.PROPERTY_STAFF, name="第二位", password=PASSWORD, phone="13900000088",
                         scope_id=world.company.id)
    async with make_client(app) as second:
        await sign_in(second, "13900000088")
        answers = await asyncio.gather(act(staff, report_id, "accept"), act(second, report_id, "accept"))
    assert sorted(a.status_code for a in answers) == [200, 409]


async def test_return_needs_a_reason_and_goes_back_to_the_worker(assigned, world):
    report_id, worker, staff = assigned
    refused = await act(staff, report_id, "return")
    assert refused.status_code == 422 and refused.json()["errors"][0] == {
        "field": "note", "code": "reason_required", "message": refused.json()["errors"][0]["message"]}
    back = await act(staff, report_id, "return", note="不是我们小区的,属于市政")
    body = back.json()
    assert back.status_code == 200 and body["status"] == "returned"
    assert body["assigned_company_id"] is None and body["deadline_at"] is None and not body["overdue"]
    queue = (await worker.get("/api/v1/reports", params={"status": "returned"})).json()["items"]
    assert [r["id"] for r in queue] == [report_id]
    assert [e["note"] for e in body["events"] if e["action"] == "return"] == ["不是我们小区的,属于市政"]
    assert await Notification.filter(account_id=world.accounts["community_worker"].id, kind="report_came_back",
                                     status="returned").count() == 1
    # Gone from the company: its queue is empty, the report is no longer theirs to act on.
    assert (await staff.get("/api/v1/reports")).json()["items"] == []
    assert (await act(staff, report_id, "accept")).status_code == 404
    # The worker gives it to someone else; the new assignment starts its own clock.
    again = await act(worker, report_id, "assign", department="市政路灯所")
    assert again.json()["status"] == "assigned" and again.json()["accepted_at"] is None


async def test_accepting_a_report_returned_meanwhile_is_refused(assigned):
    report_id, _, staff = assigned
    await Report.filter(id=report_id).update(status="returned")
    late = await act(staff, report_id, "accept")
    assert late.status_code == 409 and late.json()["code"] == "illegal_transition"


async def test_more_time_once_granted_moves_the_deadline(assigned, world):
    report_id, worker, staff = assigned
    before = datetime.fromisoformat((await worker.get(f"/api/v1/reports/{report_id}")).json()["deadline_at"])
    assert (await act(staff, report_id, "ask_more_time", deadline_hours=12)).status_code == 422  # no reason
    assert (await act(staff, report_id, "ask_more_time", deadline_hours=500, note="x")).status_code == 422
    asked = await act(staff, report_id, "ask_more_time", deadline_hours=12, note="需要等配件")
    assert asked.json()["more_time"] == "asked" and asked.json()["more_time_hours"] == 12
    assert await Notification.filter(account_id=world.accounts["community_worker"].id, kind="report_more_time").count() == 1
    twice = await act(staff, report_id, "ask_more_time", deadline_hours=6, note="再等等")
    assert twice.status_code == 409 and twice.json()["code"] == "more_time_once"
    assert (await act(staff, report_id, "grant_more_time")).status_code == 403  # the worker decides
    granted = await act(worker, report_id, "grant_more_time", note="同意")
    after = datetime.fromisoformat(granted.json()["deadline_at"])
    assert granted.json()["more_time"] == "granted" and after - before == timedelta(hours=12)
    assert (await act(worker, report_id, "refuse_more_time")).status_code == 409  # already answered
    assert await Notification.filter(account_id=world.accounts["property_staff"].id,
                                     kind="report_more_time_answer").count() == 1


async def test_more_time_refused_keeps_the_deadline(assigned):
    report_id, worker, staff = assigned
    await act(staff, report_id, "ask_more_time", deadline_hours=24, note="人手不够")
    before = (await worker.get(f"/api/v1/reports/{report_id}")).json()["deadline_at"]
    refused = await act(worker, report_id, "refuse_more_time", note="今天必须处理")
    assert refused.json()["more_time"] == "refused" and refused.json()["deadline_at"] == before
