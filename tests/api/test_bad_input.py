"""Bad input gets the right status and a problem document, and writes nothing."""

import pytest

from server.accounts.models import Account
from server.org.models import OrgNode

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:yizhan:problem:{code}"
    assert body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("raw", [b'{"login": "admin1",', b"not json at all", b'{"login": "\xff"}'])
async def test_malformed_json(client, world, raw):
    r = await client.post("/api/v1/auth/sign-in", content=raw, headers={"content-type": "application/json"})
    assert_problem(r, 400, "malformed_json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"login": 5, "password": "x"}, "login"),
        ({"login": "a", "password": ["x"]}, "password"),
        ({"login": "a"}, "password"),
        ({"login": "a", "password": "x", "remember": True}, "remember"),
        ({"login": "", "password": "x"}, "login"),
        ({"login": "a" * 65, "password": "x"}, "login"),
    ],
)
async def test_field_errors_name_the_field(client, world, body, field):
    r = await client.post("/api/v1/auth/sign-in", json=body)
    problem = assert_problem(r, 422, "validation_failed")
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["errors"][0]["message"]


async def test_a_json_array_is_not_an_object(client, world):
    r = await client.post("/api/v1/auth/sign-in", json=["admin1", "pw"])
    assert_problem(r, 422, "validation_failed")


async def test_oversize_body_is_413_and_writes_nothing(as_role, world, settings):
    admin = await as_role("admin")
    before = await OrgNode.all().count()
    huge_name = "街" * settings.max_body_bytes
    r = await admin.post("/api/v1/org/nodes", json={"kind": "street", "name": huge_name, "parent_id": world.district.id})
    assert_problem(r, 413, "payload_too_large")
    assert await OrgNode.all().count() == before


async def test_wrong_types_in_admin_writes_change_nothing(as_role, world):
    admin = await as_role("admin")
    rider_id = world.accounts["rider"].id
    for body in ({"is_active": "no"}, {"scope_id": "ten"}, {"role": "captain"}, {"name": None}, {"nickname": "x"}):
        r = await admin.patch(f"/api/v1/accounts/{rider_id}", json=body)
        assert_problem(r, 422, "validation_failed")
    account = await Account.get(id=rider_id)
    assert (account.name, account.is_active, account.role) == ("测试rider", True, "rider")


async def test_half_valid_account_creation_leaves_no_row(as_role, world):
    admin = await as_role("admin")
    before = await Account.all().count()
    # Valid shape, but the phone is wrong: refused before anything is written.
    r = await admin.post("/api/v1/accounts", json={
        "role": "rider", "name": "x", "phone": "1380013800", "password": "work-hard-8", "scope_id": world.station.id})
    assert_problem(r, 422, "validation_failed")
    # Valid phone, weak password.
    r = await admin.post("/api/v1/accounts", json={
        "role": "rider", "name": "x", "phone": "13800138000", "password": "1234", "scope_id": world.station.id})
    assert_problem(r, 422, "validation_failed")
    assert await Account.all().count() == before


@pytest.mark.parametrize("path", ["/api/v1/accounts/999999", "/api/v1/org/nodes/999999"])
async def test_unknown_ids_are_404(as_role, world, path):
    admin = await as_role("admin")
    assert_problem(await admin.get(path), 404, "not_found")
    assert_problem(await admin.patch(path, json={"name": "x"}), 404, "not_found")


async def test_unknown_route_and_wrong_method(client):
    assert_problem(await client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_problem(await client.get("/api/v1/accounts/abc"), 404, "not_found")
    assert_problem(await client.delete("/api/v1/org/nodes"), 405, "method_not_allowed")


async def test_not_signed_in_is_401_with_problem(client, world):
    r = await client.post("/api/v1/accounts", json={})
    assert_problem(r, 401, "not_signed_in")
