"""Departments as organisations: 城管, 路灯所 … under the district or a street, with fixer
accounts (role property_staff scoped to the department) who see, accept and resolve what is
assigned to their department like a property company's staff; a category may name its
default department, and verified reports of that category go to it by themselves."""

import json

import pytest

from server.accounts.service import create_account
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import NodeKind
from server.org.service import create_node
from tests.conftest import make_client
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report
from tests.support.world import PASSWORD, sign_in

SMALL = camera_jpeg(320, 240)


@pytest.fixture
async def lights(world):
    return await create_node(None, kind=NodeKind.DEPARTMENT, name="市政路灯所", parent_id=world.street.id)


@pytest.fixture
async def lights_staff(app, lights):
    await create_account(None, role=Role.PROPERTY_STAFF, name="路灯所小王", password=PASSWORD, phone="13900000066",
                         scope_id=lights.id)
    async with make_client(app) as client:
        await sign_in(client, "13900000066")
        yield client


async def report_at(client, code, category):
    return (await send_report(client, code, category))["id"]


async def test_departments_hang_under_a_district_or_a_street_only(as_role, world):
    admin = await as_role("admin")
    for parent, ok in ((world.district, True), (world.street, True), (world.community, False)):
        r = await admin.post("/api/v1/org/nodes", json={"kind": "department", "name": f"城管{parent.id}",
                                                        "parent_id": parent.id})
        assert (r.status_code == 201) is ok, (parent.kind, r.text)


async def test_a_category_routes_verified_reports_to_its_department(as_role, world, lights, lights_staff):
    admin, rider, worker = await as_role("admin"), await as_role("rider"), await as_role("community_worker")
    edited = await admin.patch("/api/v1/report-categories/street_light", json={"default_department_id": lights.id})
    assert edited.status_code == 200 and edited.json()["default_department_id"] == lights.id
    bad = await admin.patch("/api/v1/report-categories/street_light", json={"default_department_id": world.company.id})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "default_department_id"
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    report_id = await report_at(rider, code, "street_light")
    verified = (await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})).json()
    assert verified["status"] == "assigned" and verified["assigned_company_id"] == lights.id
    queue = (await lights_staff.get("/api/v1/reports")).json()["items"]
    assert [r["id"] for r in queue] == [report_id]
    assert (await lights_staff.post(f"/api/v1/reports/{report_id}/actions/accept", json={})).status_code == 200
    resolved = await lights_staff.post(f"/api/v1/reports/{report_id}/actions/resolve", json={"note": "已换灯泡"})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    # Department staff, like a company's, never learn who reported.
    detail = (await lights_staff.get(f"/api/v1/reports/{report_id}")).json()
    text = json.dumps(detail, ensure_ascii=False)
    assert "测试rider" not in text and "13900000005" not in text and "139****0005" not in text
    assert detail["reporter_kind"] == "rider"


async def test_assigning_to_a_department_elsewhere_is_refused(as_role, world, lights):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    report_id = await report_at(rider, code, "traffic")
    await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
    far = await create_node(None, kind=NodeKind.DEPARTMENT, name="别区交警", parent_id=world.other_district.id)
    refused = await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"company_id": far.id})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "company_id"
    other_company = await create_node(None, kind=NodeKind.PROPERTY_COMPANY, name="二社区物业",
                                      parent_id=world.community_b.id)
    refused = await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"company_id": other_company.id})
    assert refused.status_code == 422
    given = await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"company_id": lights.id})
    assert given.status_code == 200 and given.json()["assigned_company_id"] == lights.id
    # A free-text department still works and is shown as written.
    named = await worker.post(f"/api/v1/reports/{report_id}/actions/assign", json={"department": "街道城管科"})
    assert named.json()["assigned_department"] == "街道城管科" and named.json()["assigned_company_id"] is None
