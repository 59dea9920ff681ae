"""The hot reads are kept as encoded bytes, yet a change is seen on the very next read: a wish
published, claimed, expired by the housekeeping or thanked; a place renamed or its poster
replaced. Each answer has an ETag (304 when it is sent back) and comes gzipped to a phone
that takes gzip, the same JSON either way. When many ask at once for an answer that is out
of date, it is built once."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from server.core import hot
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.wishes.models import ClaimStatus, WishClaim
from tests.api.test_wishes import CLAIMER, published_wish, wish_by

PAGES = ("/api/v1/walls/places/{station}", "/api/v1/walls/communities/{community}", "/api/v1/codes/{station}",
         "/api/v1/stats/screen/{station}", "/q/{station}")


@pytest.fixture
async def codes(world):
    _, station = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站",
                                                     community_id=world.community.id, station_id=world.station.id))
    _, building = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼",
                                                      community_id=world.community.id))
    await hot.settle()  # as the end of a request would: the places are there for every read
    return {"station": station, "building": building}


def open_titles(answer) -> list[str]:
    return [w["title"] for w in answer.json()["open"]]


async def test_a_published_wish_is_on_the_walls_at_once_and_the_etag_moves(app, client, as_role, world, codes):
    place_wall, community_wall = f"/api/v1/walls/places/{codes['station']}", f"/api/v1/walls/communities/{world.community.id}"
    before = await client.get(place_wall)
    assert before.status_code == 200 and open_titles(before) == []
    etag = before.headers["etag"]
    assert (await client.get(place_wall, headers={"If-None-Match": etag})).status_code == 304
    assert open_titles(await client.get(community_wall)) == []

    wish_id, rider, head = await published_wish(as_role, codes, title="想要一副手套")
    after = await client.get(place_wall, headers={"If-None-Match": etag})
    assert after.status_code == 200 and open_titles(after) == ["想要一副手套"] and after.headers["etag"] != etag
    assert open_titles(await client.get(community_wall)) == ["想要一副手套"]

    # Claimed: off the wall; the claim runs out and the housekeeping puts it back, at once.
    await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    assert open_titles(await client.get(place_wall)) == []
    await WishClaim.filter(status=ClaimStatus.ACTIVE).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    await app.state.housekeeping.run_once()
    assert open_titles(await client.get(place_wall)) == ["想要一副手套"]


async def test_a_renamed_place_and_a_replaced_poster_show_at_once(client, as_role, codes):
    landing = f"/api/v1/codes/{codes['building']}"
    assert (await client.get(landing)).json()["place"]["name"] == "红桥3号楼"
    admin = await as_role("admin")
    place_id = (await client.get(landing)).json()["place"]["id"]
    renamed = await admin.patch(f"/api/v1/places/{place_id}", json={"name": "红桥小区3号楼"})
    assert renamed.status_code == 200, renamed.text
    assert (await client.get(landing)).json()["place"]["name"] == "红桥小区3号楼"
    replaced = await admin.post(f"/api/v1/places/{place_id}/regenerate-code")
    assert replaced.status_code == 200, replaced.text
    assert (await client.get(landing)).json()["state"] == "retired"


async def test_a_thanked_wish_lights_the_station_screen_at_once(client, as_role, codes):
    screen = f"/api/v1/stats/screen/{codes['station']}"
    assert (await client.get(screen)).json()["lit"] == []
    wish_id, rider, head = await published_wish(as_role, codes, title="想要热水")
    token = (await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)).json()["token"]
    assert (await client.post(f"/api/v1/claims/{token}/fulfil", data={"note": "送到了"})).status_code == 200
    assert (await rider.post(f"/api/v1/wishes/{wish_id}/thank", json={"thanks": "谢谢大姐"})).status_code == 200
    assert [w["title"] for w in (await client.get(screen)).json()["lit"]] == ["想要热水"]


@pytest.mark.parametrize("page", PAGES)
async def test_gzip_and_plain_are_the_same_answer_and_an_etag_gives_304(client, world, codes, page):
    path = page.format(station=codes["station"], community=world.community.id)
    plain = await client.get(path, headers={"Accept-Encoding": "identity"})
    zipped = await client.get(path, headers={"Accept-Encoding": "gzip, br"})
    assert plain.status_code == zipped.status_code == 200
    assert "content-encoding" not in plain.headers and "Accept-Encoding" in zipped.headers["vary"]
    # Small answers are not worth compressing; the others come gzipped.
    assert zipped.headers.get("content-encoding") == ("gzip" if len(plain.content) >= 512 else None)
    assert zipped.content == plain.content  # httpx undid the gzip: the same bytes
    if not path.startswith("/q/"):
        assert json.loads(plain.content)  # JSON, not empty
    not_modified = await client.get(path, headers={"If-None-Match": plain.headers["etag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""


async def test_an_unknown_code_is_404_every_time_and_nothing_is_kept_for_it(client):
    for _ in range(2):
        for path in ("/api/v1/walls/places/NOSUCHCODE", "/api/v1/codes/NOSUCHCODE", "/api/v1/stats/screen/NOSUCHCODE"):
            answer = await client.get(path)
            assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert not [key for key in [*hot._kept, *hot._values] if "NOSUCHCODE" in key]  # unknown codes fill no memory


async def test_a_wall_page_and_a_category_are_answers_of_their_own(client, as_role, codes):
    rider = await as_role("rider")
    head = await as_role("station_head")
    for category, title in (("charging", "想充电"), ("eating", "想吃热饭")):
        wish = await wish_by(rider, codes["station"], category=category, title=title)
        await head.post(f"/api/v1/wishes/{wish['wish']['id']}/review/publish")
    wall = f"/api/v1/walls/places/{codes['station']}"
    assert open_titles(await client.get(wall + "?category=eating")) == ["想吃热饭"]
    assert open_titles(await client.get(wall + "?category=charging")) == ["想充电"]
    assert open_titles(await client.get(wall + "?limit=1&category=eating")) == ["想吃热饭"]
    assert open_titles(await client.get(wall + "?category=eating&limit=1")) == ["想吃热饭"]
    assert sorted(open_titles(await client.get(wall))) == ["想充电", "想吃热饭"]


async def test_many_asking_at_once_for_an_out_of_date_answer_build_it_once(app):
    built = []

    async def build():
        built.append(1)
        await asyncio.sleep(0.05)
        return {"n": len(built)}

    class Asking:  # what hot.answer reads of a request
        headers = {"accept-encoding": "gzip"}

    await hot.bump("test-topic")
    answers = await asyncio.gather(*[hot.answer(Asking(), "/test", ("test-topic",), build) for _ in range(50)])
    assert len(built) == 1 and {a.content for a in answers} == {answers[0].content}
    await hot.bump("test-topic")
    await hot.answer(Asking(), "/test", ("test-topic",), build)
    assert len(built) == 2


async def test_an_answer_past_its_age_is_given_once_more_while_a_fresh_one_is_made(app):
    built = []

    async def build():
        built.append(1)
        return {"n": len(built)}

    class Asking:
        headers = {}

    first = await hot.answer(Asking(), "/aged", ("aged-topic",), build, max_age=0)
    again = await hot.answer(Asking(), "/aged", ("aged-topic",), build, max_age=0)
    assert json.loads(first.content) == json.loads(again.content) == {"n": 1}  # no wait for the database
    await asyncio.sleep(0.01)
    assert len(built) == 2
    assert json.loads((await hot.answer(Asking(), "/aged", ("aged-topic",), build, max_age=0)).content) == {"n": 2}
    await asyncio.sleep(0.01)
    await hot.bump("aged-topic")  # a change is never answered from before it
    after = json.loads((await hot.answer(Asking(), "/aged", ("aged-topic",), build)).content)
    assert after == {"n": len(built)} and after["n"] > 3
