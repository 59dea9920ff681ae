"""The nearest open station with what a rider needs."""

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place, distance_km

ALWAYS = [["00:00", "24:00"]] * 7
NEVER = [None] * 7
HERE = (43.8000, 87.6000)


@pytest.fixture
async def stations(world):
    specs = [
        ("近站无微波炉", 43.8010, 87.6000, ["phone_charging"], ALWAYS, PlaceKind.RIDER_STATION),
        ("稍远有微波炉", 43.8100, 87.6000, ["phone_charging", "microwave"], ALWAYS, PlaceKind.DRIVERS_HOME),
        ("最远有微波炉", 43.9000, 87.6000, ["microwave"], ALWAYS, PlaceKind.UNION_STATION),
        ("关门的近站", 43.8005, 87.6000, ["microwave", "phone_charging"], NEVER, PlaceKind.RIDER_STATION),
        ("楼栋不算驿站", 43.8001, 87.6000, ["microwave"], ALWAYS, PlaceKind.BUILDING),
        ("时间未知", 43.8002, 87.6000, ["microwave"], None, PlaceKind.OUTDOOR_WORKERS),
    ]
    made = {}
    for name, lat, lng, amenities, hours, kind in specs:
        place, _ = await create_place(None, PlaceInput(kind=kind, name=name, community_id=world.community.id,
                                                       latitude=lat, longitude=lng, amenities=amenities, hours=hours))
        made[name] = place
    return made


async def names(client, **params):
    r = await client.get("/api/v1/places/nearby", params=params)
    assert r.status_code == 200, r.text
    return [item["place"]["name"] for item in r.json()]


async def test_nearest_open_first(client, stations):
    found = await names(client, lat=HERE[0], lng=HERE[1])
    assert found == ["近站无微波炉", "稍远有微波炉", "最远有微波炉"]


async def test_amenities_must_all_be_there(client, stations):
    assert await names(client, lat=HERE[0], lng=HERE[1], amenity="microwave") == ["稍远有微波炉", "最远有微波炉"]
    both = await names(client, lat=HERE[0], lng=HERE[1], amenity=["microwave", "phone_charging"])
    assert both == ["稍远有微波炉"]


async def test_closed_and_unknown_hours_show_when_open_now_is_off(client, stations):
    found = await names(client, lat=HERE[0], lng=HERE[1], open_now="false", amenity="microwave")
    assert found[:3] == ["时间未知", "关门的近站", "稍远有微波炉"]


async def test_distances_are_right_and_sorted(client, stations):
    r = await client.get("/api/v1/places/nearby", params={"lat": HERE[0], "lng": HERE[1]})
    items = r.json()
    assert [i["distance_km"] for i in items] == sorted(i["distance_km"] for i in items)
    expected = distance_km(*HERE, 43.8100, 87.6000)
    assert abs(items[1]["distance_km"] - expected) < 0.001 and 1.0 < expected < 1.2
    assert items[0]["code"] and items[0]["place"]["open_now"] is True


async def test_from_a_community_without_location(client, stations, world):
    found = await names(client, community_id=world.community.id, amenity="microwave")
    assert set(found) == {"稍远有微波炉", "最远有微波炉"}
    r = await client.get("/api/v1/places/nearby", params={"community_id": world.community_b.id})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "community_not_located"


@pytest.mark.parametrize("params", [{}, {"lat": 43.8}, {"lat": 91, "lng": 87}, {"lat": 43.8, "lng": 87.6, "amenity": "spa"},
                                    {"lat": "north", "lng": 87}])
async def test_bad_nearby_questions(client, stations, params):
    r = await client.get("/api/v1/places/nearby", params=params)
    assert r.status_code == 422
