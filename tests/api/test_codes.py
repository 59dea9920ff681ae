"""Resolving a poster's code to its place."""

from datetime import UTC, datetime

import pytest

from server.locations.codes import ALPHABET, LENGTH, MAX_LENGTH, new_code, normalise_code
from server.locations.models import Place, PlaceCode, PlaceKind
from server.locations.service import PlaceInput, create_place


@pytest.fixture
async def place(world):
    return await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站", name_ug="بېكەت",
                                               community_id=world.community.id, address="碱泉一街"))


async def test_code_resolves_in_any_case_and_spacing(client, place):
    created, code = place
    for spelling in (code, code.lower(), f"{code[:4]}-{code[4:]}", f" {code[:5]} {code[5:]} "):
        r = await client.get(f"/api/v1/codes/{spelling}")
        assert r.status_code == 200, spelling
        body = r.json()
        assert body == {"code": code, "state": "active", "place": {
            "id": created.id, "kind": "rider_station", "name": "日月星光骑手驿站", "name_ug": "بېكەت",
            "name_en": None, "address": "碱泉一街", "phone": "", "amenities": [], "hours": None,
            "open_now": None, "latitude": None, "longitude": None, "is_active": True}}


async def test_deactivated_and_retired_codes_still_answer(client, place):
    created, code = place
    await Place.filter(id=created.id).update(is_active=False)
    r = await client.get(f"/api/v1/codes/{code}")
    assert r.status_code == 200 and r.json()["state"] == "inactive"
    await PlaceCode.filter(code=code).update(retired_at=datetime.now(UTC))
    r = await client.get(f"/api/v1/codes/{code}")
    assert r.status_code == 200 and r.json()["state"] == "retired"


@pytest.mark.parametrize("raw", ["ZZZZZZZZZZ", "A" * 33, "%3Cscript%3E", "代码", "0OIL1"])
async def test_unknown_or_impossible_codes_are_404(client, place, raw):
    r = await client.get(f"/api/v1/codes/{raw}")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_new_codes_are_short_random_and_url_safe():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == LENGTH <= MAX_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert all(normalise_code(c.lower()) == c for c in codes)


async def test_the_wall_qr_for_a_station_tv_is_public(client, as_role, world):
    from server.locations.models import PlaceKind
    from server.locations.service import PlaceInput, create_place

    place, code = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="驿站",
                                                      community_id=world.community.id))
    svg = await client.get(f"/api/v1/codes/{code.lower()}/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert f"https://yizhan.test/q/{code}/wall".encode() in svg.content  # the title names the target
    admin = await as_role("admin")
    assert (await admin.post(f"/api/v1/places/{place.id}/regenerate-code")).status_code == 200
    assert (await client.get(f"/api/v1/codes/{code}/qr.svg")).status_code == 404
    assert (await client.get("/api/v1/codes/ZZZZZZZZZZ/qr.svg")).status_code == 404
