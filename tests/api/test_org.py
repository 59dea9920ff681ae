"""The organisation tree through the API."""

from server.org.models import OrgNode


async def test_admin_builds_a_branch(as_role, world):
    admin = await as_role("admin")
    street = (await admin.post("/api/v1/org/nodes", json={
        "kind": "street", "name": "新华南路街道", "name_ug": "شىنخۇا", "parent_id": world.district.id})).json()
    community = (await admin.post("/api/v1/org/nodes", json={
        "kind": "community", "name": "西河坝后街社区", "parent_id": street["id"]})).json()
    r = await admin.post("/api/v1/org/nodes", json={
        "kind": "delivery_station", "name": "西河坝站", "platform": "sf", "parent_id": community["id"]})
    assert r.status_code == 201
    station = await OrgNode.get(id=r.json()["id"])
    assert station.path == f"{world.district.path}{street['id']}/{community['id']}/{station.id}/"
    listed = (await admin.get("/api/v1/org/nodes", params={"parent_id": community["id"]})).json()
    assert [n["name"] for n in listed] == ["西河坝站"]


async def test_tree_shape_is_enforced(as_role, world):
    admin = await as_role("admin")
    bad = [
        ({"kind": "community", "name": "x", "parent_id": world.district.id}, "parent_id", "invalid_parent"),
        ({"kind": "street", "name": "x"}, "parent_id", "invalid_parent"),
        ({"kind": "delivery_station", "name": "x", "parent_id": world.community.id}, "platform", "platform_required"),
        ({"kind": "street", "name": "x", "parent_id": 999999}, "parent_id", "unknown_node"),
    ]
    before = await OrgNode.all().count()
    for body, field, code in bad:
        r = await admin.post("/api/v1/org/nodes", json=body)
        assert r.status_code == 422, body
        assert (r.json()["errors"][0]["field"], r.json()["errors"][0]["code"]) == (field, code)
    assert await OrgNode.all().count() == before


async def test_same_name_under_same_parent_is_a_conflict(as_role, world):
    admin = await as_role("admin")
    r = await admin.post("/api/v1/org/nodes", json={
        "kind": "community", "name": "红桥社区", "parent_id": world.street.id})
    assert r.status_code == 409 and r.json()["code"] == "name_taken"
    r = await admin.patch(f"/api/v1/org/nodes/{world.community_b.id}", json={"name": "红桥社区"})
    assert r.status_code == 409
    assert (await OrgNode.get(id=world.community_b.id)).name == "碱泉二社区"


async def test_deactivated_nodes_leave_public_lists_and_take_no_new_accounts(as_role, client, world):
    admin = await as_role("admin")
    r = await admin.patch(f"/api/v1/org/nodes/{world.station_b.id}", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    names = [n["name"] for n in (await client.get("/api/v1/org/nodes", params={"kind": "delivery_station"})).json()]
    assert "二社区站" not in names and "日月星光站" in names
    r = await admin.post("/api/v1/accounts", json={
        "role": "rider", "name": "x", "phone": "13712345678", "password": "work-hard-8",
        "scope_id": world.station_b.id})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "node_inactive"


async def test_unknown_node_is_404(client):
    r = await client.get("/api/v1/org/nodes/424242")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
