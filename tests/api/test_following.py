"""Every report can be followed through its private link, without an account: the guest sees
its status, the community's replies and photos, says "fixed" or "not fixed" once it is
resolved, and — signed in later — takes it into his account. A forged or guessed link is 404."""

import uuid

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.reports.models import Report, ReportEvent
from tests.support.photos import camera_jpeg

SMALL = camera_jpeg(320, 240)


@pytest.fixture
async def code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    return made


async def guest_report(client, code, key=None):
    r = await client.post("/api/v1/reports", data={
        "code": code, "category": "sanitation", "description": "楼道堆物", "idempotency_key": key or uuid.uuid4().hex,
        "guest_name": "马先生", "guest_phone": "13912345678"}, files=[("photos", ("a.jpg", SMALL, "image/jpeg"))])
    assert r.status_code in (200, 201), r.text
    return r.json()


def ref_of(report: dict) -> str:
    return report["follow_url"].rsplit("/", 1)[1]


async def test_a_guest_follows_his_report_to_the_end(client, as_role, world, code):
    sent = await guest_report(client, code, key="guest-key-0001")
    assert sent["follow_url"].startswith("https://yizhan.test/follow/" + str(sent["id"]) + "-")
    again = await guest_report(client, code, key="guest-key-0001")  # the phone sends it again
    assert again["id"] == sent["id"] and again["follow_url"] == sent["follow_url"]
    ref = ref_of(sent)
    seen = (await client.get(f"/api/v1/follow/{ref}")).json()
    assert (seen["id"], seen["status"], seen["can"], seen["reporter"], seen["reporter_phone"]) == (
        sent["id"], "submitted", [], None, None)
    assert "马先生" not in str(seen) and "13912345678" not in str(seen) and len(seen["photos"]) == 1

    worker = await as_role("community_worker")
    for action, body in (("verify", {}), ("assign", {"department": "街道城管科", "note": "已交给城管"}),
                         ("resolve", {"note": "已清理干净"})):
        assert (await worker.post(f"/api/v1/reports/{sent['id']}/actions/{action}", json=body)).status_code == 200
    seen = (await client.get(f"/api/v1/follow/{ref}")).json()
    assert seen["status"] == "resolved" and seen["can"] == ["fixed", "not_fixed"]
    assert [e["note"] for e in seen["events"] if e["note"]] == ["已交给城管", "已清理干净"]

    not_yet = await client.post(f"/api/v1/follow/{ref}/answer", json={"fixed": False, "note": "还有垃圾"})
    assert not_yet.status_code == 200 and not_yet.json()["status"] == "reopened"
    reopened = await Report.get(id=sent["id"])
    assert reopened.deadline_at is not None and reopened.reopened_at is not None  # back on the clock
    twice = await client.post(f"/api/v1/follow/{ref}/answer", json={"fixed": True})
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_transition"
    await worker.post(f"/api/v1/reports/{sent['id']}/actions/assign", json={"department": "街道城管科"})
    await worker.post(f"/api/v1/reports/{sent['id']}/actions/resolve", json={})
    done = await client.post(f"/api/v1/follow/{ref}/answer", json={"fixed": True})
    assert done.status_code == 200 and done.json()["status"] == "closed"
    actions = await ReportEvent.filter(report_id=sent["id"]).order_by("id").values_list("action", "actor_id")
    assert ("not_fixed", None) in actions and actions[-1] == ("fixed", None)
    qr = await client.get(f"/api/v1/follow/{ref}/qr.svg")
    assert qr.status_code == 200 and qr.content.startswith(b"<svg")


async def test_forged_or_guessed_links_are_unknown(client, code):
    first, second = await guest_report(client, code), await guest_report(client, code)
    ref = ref_of(first)
    number, token = ref.split("-")
    flipped = token[:-1] + ("a" if token[-1] != "a" else "b")
    for wrong in (f"{number}-{flipped}", f"{second['id']}-{token}", f"999999-{token}", number, "x" * 30,
                  f"{number}-{token}x"):
        answer = await client.get(f"/api/v1/follow/{wrong}")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", wrong
        assert (await client.post(f"/api/v1/follow/{wrong}/answer", json={"fixed": True})).status_code == 404
    assert (await client.get(f"/api/v1/follow/{ref.upper()}")).status_code == 200  # case does not matter


async def test_a_guest_report_joins_the_account_that_holds_its_link(client, as_role, code):
    sent = await guest_report(client, code)
    ref = ref_of(sent)
    assert (await client.post(f"/api/v1/follow/{ref}/adopt")).status_code == 401
    rider = await as_role("rider")
    adopted = await rider.post(f"/api/v1/follow/{ref}/adopt")
    assert adopted.status_code == 200 and adopted.json()["is_mine"] is True
    mine = (await rider.get("/api/v1/reports/mine")).json()["items"]
    assert [r["id"] for r in mine] == [sent["id"]]
    stored = await Report.get(id=sent["id"])
    assert (stored.guest_name, stored.guest_phone) == ("", "")  # his account speaks for him now
    assert await ReportEvent.filter(report_id=sent["id"], action="adopted").values_list("actor_id", flat=True) == [
        stored.reporter_id]
    again = await rider.post(f"/api/v1/follow/{ref}/adopt")
    assert again.status_code == 200  # his already: nothing changes
    other = await (await as_role("rider_b")).post(f"/api/v1/follow/{ref}/adopt")
    assert other.status_code == 409 and other.json()["code"] == "already_followed"
    assert (await Report.get(id=sent["id"])).reporter_id == stored.reporter_id
