"""Reports reach the right fixer by themselves: a place records the property company that
manages it (form, CSV), and verifying a report there assigns it to that company at once with
the category's default deadline — unless the category's fixer is not the company, the place
has none, or the community switched routing off."""

from datetime import UTC, datetime, timedelta

import pytest

from server.locations.models import Place
from server.notifications.models import Notification
from server.org.models import NodeKind
from server.org.service import create_node
from server.reports.models import Report, ReportEvent
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report

SMALL = camera_jpeg(320, 240)


@pytest.fixture
async def compound(as_role, world):
    worker = await as_role("community_worker")
    r = await worker.post("/api/v1/places", json={"kind": "compound", "name": "红桥小区",
                                                  "community_id": world.community.id,
                                                  "property_company_id": world.company.id})
    assert r.status_code == 201, r.text
    assert r.json()["property_company_id"] == world.company.id
    return r.json()


async def report_at(client, code, category="sanitation"):
    return (await send_report(client, code, category))["id"]


async def test_verifying_routes_the_report_to_the_places_company(as_role, world, compound):
    rider, worker, staff = await as_role("rider"), await as_role("community_worker"), await as_role("property_staff")
    report_id = await report_at(rider, compound["code"])
    verified = await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
    body = verified.json()
    assert body["status"] == "assigned" and body["assigned_company_id"] == world.company.id
    left = datetime.fromisoformat(body["deadline_at"]) - datetime.now(UTC)
    assert timedelta(hours=23, minutes=59) < left <= timedelta(hours=24)  # sanitation: 24 h
    events = await ReportEvent.filter(report_id=report_id).order_by("id").values_list("action", "note")
    assert events[-2:] == [("verify", ""), ("assign", "auto")]
    assert [r["id"] for r in (await staff.get("/api/v1/reports")).json()["items"]] == [report_id]
    assert await Notification.filter(account_id=world.accounts["property_staff"].id, kind="report_assigned").count() == 1
    # The worker can still send it elsewhere.
    other = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name="第二物业", parent_id=world.community.id)
    moved = await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"company_id": other.id})
    assert moved.json()["assigned_company_id"] == other.id


async def test_no_routing_without_a_company_a_company_fixer_or_the_communitys_wish(as_role, world, compound):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    # The category's fixer is a department (street lights): verified, not assigned.
    light = await report_at(rider, compound["code"], category="street_light")
    assert (await worker.post(f"/api/v1/reports/{light}/actions/verify", json={})).json()["status"] == "verified"
    # A place without a company.
    plain = (await worker.post("/api/v1/places", json={"kind": "building", "name": "无物业楼",
                                                        "community_id": world.community.id})).json()
    loose = await report_at(rider, plain["code"])
    assert (await worker.post(f"/api/v1/reports/{loose}/actions/verify", json={})).json()["status"] == "verified"
    # The community switched routing off.
    assert (await worker.get(f"/api/v1/report-settings/{world.community.id}")).json()["auto_assign"] is True
    off = await worker.patch(f"/api/v1/report-settings/{world.community.id}", json={"auto_assign": False})
    assert off.status_code == 200 and off.json() == {"community_id": world.community.id, "auto_assign": False}
    manual = await report_at(rider, compound["code"])
    assert (await worker.post(f"/api/v1/reports/{manual}/actions/verify", json={})).json()["status"] == "verified"
    # Only the community's own workers (and the admin) decide it.
    head = await as_role("station_head")
    assert (await head.patch(f"/api/v1/report-settings/{world.community.id}", json={"auto_assign": True})).status_code == 403
    assert (await worker.patch(f"/api/v1/report-settings/{world.community_b.id}",
                               json={"auto_assign": True})).status_code == 404


async def test_a_place_takes_only_a_company_of_its_community_and_only_from_workers(as_role, world, compound):
    worker, head = await as_role("community_worker"), await as_role("station_head")
    stranger = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name="别处物业", parent_id=world.community_b.id)
    refused = await worker.patch(f"/api/v1/places/{compound['place']['id']}", json={"property_company_id": stranger.id})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "property_company_id"
    assert (await Place.get(id=compound["place"]["id"])).property_company_id == world.company.id
    own = (await head.post("/api/v1/places", json={"kind": "building", "name": "站旁楼"})).json()
    assert (await head.patch(f"/api/v1/places/{own['place']['id']}",
                             json={"property_company_id": world.company.id})).status_code == 403
    cleared = await worker.patch(f"/api/v1/places/{compound['place']['id']}", json={"property_company_id": None})
    assert cleared.status_code == 200 and cleared.json()["property_company_id"] is None


async def test_the_csv_names_the_company_and_refuses_an_unknown_one(as_role, world):
    admin = await as_role("admin")
    header = "名称,类型,社区,物业公司"
    good = f"{header}\r\n红桥小区,小区,红桥社区,{world.company.name}\r\n".encode("utf-8-sig")
    r = await admin.post("/api/v1/places/import", content=good, headers={"Content-Type": "text/csv"})
    assert r.status_code == 201, r.text
    assert (await Place.get(name="红桥小区")).property_company_id == world.company.id
    exported = (await admin.get("/api/v1/places/export.csv")).content.decode("utf-8-sig")
    assert "物业公司" in exported.splitlines()[0] and world.company.name in exported
    bad = f"{header}\r\n新小区,小区,红桥社区,没有这家物业\r\n".encode("utf-8-sig")
    r = await admin.post("/api/v1/places/import", content=bad, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422 and r.json()["errors"] == [
        {"field": "property_company", "code": "unknown_node", "message": r.json()["errors"][0]["message"], "line": 2,
         "column": "D 物业公司"}]
    assert not await Place.filter(name="新小区").exists()
    assert await Report.all().count() == 0


async def test_routing_gives_the_categorys_own_default_deadline(as_role, world, compound):
    """The deadline of an automatic assignment is the category's default, not a fixed 24 h."""
    admin, rider, worker = await as_role("admin"), await as_role("rider"), await as_role("community_worker")
    r = await admin.patch("/api/v1/report-categories/sanitation", json={"default_deadline_hours": 72})
    assert r.status_code == 200 and r.json()["default_deadline_hours"] == 72
    report_id = await report_at(rider, compound["code"])
    body = (await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})).json()
    assert body["status"] == "assigned"
    stored = await Report.get(id=report_id)
    assert stored.deadline_at - stored.assigned_at == timedelta(hours=72)
    left = datetime.fromisoformat(body["deadline_at"]) - datetime.now(UTC)
    assert timedelta(hours=71, minutes=59) < left <= timedelta(hours=72)
