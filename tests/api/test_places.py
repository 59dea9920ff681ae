"""Places through the API: who manages which, deactivation, code regeneration."""

import pytest

from server.locations.models import Place, PlaceCode

STATION_BODY = {"kind": "rider_station", "name": "测试驿站", "address": "碱泉一街 1 号",
                "latitude": 43.80, "longitude": 87.64, "phone": "0991-1234567",
                "amenities": ["phone_charging", "microwave", "drinking_water"],
                "hours": [["08:00", "22:00"]] * 5 + [None, ["10:00", "18:00"]]}


async def test_community_worker_creates_a_place_with_everything(as_role, world, client):
    worker = await as_role("community_worker")
    r = await worker.post("/api/v1/places", json={**STATION_BODY, "community_id": world.community.id})
    assert r.status_code == 201, r.text
    body = r.json()
    code = body["code"]
    assert body["landing_url"] == f"https://yizhan.test/q/{code}"
    place = await Place.get(id=body["place"]["id"])
    assert (place.community_id, place.station_id, place.scope_path) == (world.community.id, None, world.community.path)
    assert place.amenities == ["phone_charging", "drinking_water", "microwave"]  # canonical order
    assert place.hours[5] is None and place.hours[6] == ["10:00", "18:00"]
    public = (await client.get(f"/api/v1/codes/{code}")).json()["place"]
    assert public["phone"] == "0991-1234567" and public["open_now"] in (True, False)


async def test_station_head_places_belong_to_his_station(as_role, world):
    head = await as_role("station_head")
    r = await head.post("/api/v1/places", json={"kind": "building", "name": "红桥小区5号楼"})
    assert r.status_code == 201, r.text
    place = await Place.get(id=r.json()["place"]["id"])
    assert (place.community_id, place.station_id) == (world.community.id, world.station.id)
    assert place.scope_path == world.station.path
    r = await head.post("/api/v1/places", json={"kind": "building", "name": "别站的楼", "station_id": world.station_b.id})
    assert r.status_code == 403
    r = await head.post("/api/v1/places", json={"kind": "building", "name": "别社区的楼",
                                                 "community_id": world.community_b.id})
    assert r.status_code == 403
    assert not await Place.filter(name__in=["别站的楼", "别社区的楼"]).exists()


@pytest.mark.parametrize(("role", "status"), [("rider", 403), ("resident", 403), ("property_staff", 403)])
async def test_others_cannot_manage_places(as_role, world, role, status):
    caller = await as_role(role)
    r = await caller.post("/api/v1/places", json={"kind": "building", "name": "x", "community_id": world.community.id})
    assert r.status_code == status
    assert (await caller.get("/api/v1/places")).status_code == status


async def test_scope_of_lists_and_edits(as_role, world):
    admin = await as_role("admin")
    ids = {}
    for name, community, station in (("站内", world.community, world.station), ("社区内", world.community, None),
                                     ("二社区", world.community_b, None)):
        r = await admin.post("/api/v1/places", json={"kind": "building", "name": name, "community_id": community.id,
                                                      **({"station_id": station.id} if station else {})})
        ids[name] = r.json()["place"]["id"]
    head = await as_role("station_head")
    worker = await as_role("community_worker")
    listed = lambda r: {item["place"]["name"] for item in r.json()["items"]}  # noqa: E731
    assert listed(await head.get("/api/v1/places")) == {"站内"}
    assert listed(await worker.get("/api/v1/places")) == {"站内", "社区内"}
    assert listed(await admin.get("/api/v1/places")) == {"站内", "社区内", "二社区"}
    assert (await head.patch(f"/api/v1/places/{ids['社区内']}", json={"name": "改"})).status_code == 404
    assert (await worker.patch(f"/api/v1/places/{ids['二社区']}", json={"name": "改"})).status_code == 404
    r = await head.patch(f"/api/v1/places/{ids['站内']}", json={"name": "站内新名", "amenities": ["wifi"]})
    assert r.status_code == 200 and r.json()["place"]["amenities"] == ["wifi"]


async def test_deactivated_place_and_regenerated_code_fail_gracefully(as_role, world, client):
    worker = await as_role("community_worker")
    created = (await worker.post("/api/v1/places", json={"kind": "compound", "name": "红桥小区",
                                                         "community_id": world.community.id})).json()
    old = created["code"]
    r = await worker.post(f"/api/v1/places/{created['place']['id']}/regenerate-code")
    new = r.json()["code"]
    assert r.status_code == 200 and new != old
    assert (await client.get(f"/api/v1/codes/{old}")).json()["state"] == "retired"
    assert (await client.get(f"/api/v1/codes/{new}")).json()["state"] == "active"
    assert await PlaceCode.filter(place_id=created["place"]["id"]).count() == 2
    await worker.patch(f"/api/v1/places/{created['place']['id']}", json={"is_active": False})
    assert (await client.get(f"/api/v1/codes/{new}")).json()["state"] == "inactive"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"latitude": 43.8}, "latitude", "coordinates_pair"),
        ({"latitude": 91, "longitude": 87}, "latitude", "invalid"),
        ({"amenities": ["jacuzzi"]}, "amenities", "invalid"),
        ({"hours": [["08:00", "22:00"]] * 6}, "hours", "invalid"),
        ({"hours": [["08:00", "08:00"]] * 7}, "hours", "invalid_hours"),
        ({"hours": [["8:00", "22:00"]] * 7}, "hours", "invalid"),
        ({"phone": "call me"}, "phone", "invalid_contact_phone"),
        ({"kind": "castle"}, "kind", "invalid"),
        ({"community_id": 999999}, "community_id", "unknown_node"),
    ],
)
async def test_bad_places_are_refused(as_role, world, changes, field, code):
    admin = await as_role("admin")
    body = {"kind": "building", "name": "坏数据", "community_id": world.community.id, **changes}
    r = await admin.post("/api/v1/places", json=body)
    assert r.status_code == 422, r.text
    error = r.json()["errors"][0]
    assert (error["field"].split(".")[0].split("[")[0], error["code"]) == (field, code)
    assert not await Place.filter(name="坏数据").exists()


async def test_same_name_in_a_community_is_a_conflict(as_role, world):
    admin = await as_role("admin")
    body = {"kind": "building", "name": "1号楼", "community_id": world.community.id}
    assert (await admin.post("/api/v1/places", json=body)).status_code == 201
    r = await admin.post("/api/v1/places", json=body)
    assert r.status_code == 409 and r.json()["code"] == "place_name_taken"
    assert (await admin.post("/api/v1/places", json={**body, "community_id": world.community_b.id})).status_code == 201
    assert await Place.filter(name="1号楼").count() == 2
