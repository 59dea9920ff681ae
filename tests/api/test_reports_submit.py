"""Submitting a 随手拍 report: photos through the real pipeline, idempotency, bad input."""

import asyncio
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from server.locations.models import Place, PlaceCode, PlaceKind
from server.locations.service import PlaceInput, create_place
from server.reports.intake import REPORTS_PER_HOUR
from server.reports.models import Report, ReportEvent, ReportPhoto
from tests.conftest import make_client
from tests.support.photos import camera_jpeg, huge_png


@pytest.fixture(scope="session")
def jpeg() -> bytes:
    return camera_jpeg()


@pytest.fixture(scope="session")
def bomb() -> bytes:
    return huge_png()


@pytest.fixture
async def place_code(world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥小区3号楼",
                                                  community_id=world.community.id, latitude=43.80, longitude=87.64))
    return code


def media_files(settings) -> list:
    folder = settings.media_dir / "photos"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def form(code, photos, **fields):
    data = {"code": code, "category": "sanitation", "description": "垃圾堆在楼道里",
            "idempotency_key": fields.pop("key", uuid.uuid4().hex), **fields}
    files = [("photos", (f"IMG_{i}.jpg", content, "image/jpeg")) for i, content in enumerate(photos)]
    return {"data": data, "files": files}


async def submit(client, code, photos, **fields):
    return await client.post("/api/v1/reports", **form(code, photos, **fields))


async def test_rider_report_with_camera_photos(as_role, world, place_code, jpeg, settings, client):
    rider = await as_role("rider")
    before = set(media_files(settings))
    r = await submit(rider, place_code, [jpeg, camera_jpeg(seed=2, orientation=1)], spot="2单元门口")
    assert r.status_code == 201, r.text
    body = r.json()
    report = await Report.get(id=body["id"])
    assert (report.status, report.reporter_id, report.spot) == ("submitted", world.accounts["rider"].id, "2单元门口")
    assert report.scope_path == world.community.path and report.station_path == world.station.path
    assert await ReportEvent.filter(report=report).count() == 1
    photos = await ReportPhoto.filter(report=report).order_by("id")
    assert len(photos) == 2
    # Two files per photo (full and thumbnail): the raw uploads were never kept.
    assert len(set(media_files(settings)) - before) == 4
    served = await client.get(body["photos"][0]["url"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert "immutable" in served.headers["cache-control"]
    image = Image.open(io.BytesIO(served.content))
    assert max(image.size) <= 1600 and image.size == (1200, 1600)  # turned upright
    assert dict(image.getexif()) == {} and "exif" not in image.info  # no GPS, no maker
    assert image.getpixel((1190, 10))[0] > 200  # the red corner is now top right
    thumb = Image.open(io.BytesIO((await client.get(body["photos"][0]["thumb_url"])).content))
    assert max(thumb.size) <= 320


async def test_a_retry_returns_the_same_report(as_role, world, place_code, jpeg, settings):
    rider = await as_role("rider")
    first = await submit(rider, place_code, [jpeg], key="retry-key-123")
    files = media_files(settings)
    again = await submit(rider, place_code, [jpeg], key="retry-key-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert await Report.all().count() == 1 and media_files(settings) == files


async def test_a_double_submit_at_once_makes_one_report(app, world, place_code, jpeg, settings):
    from tests.support.world import sign_in

    async with make_client(app) as a, make_client(app) as b:
        await sign_in(a, world.login("rider"))
        await sign_in(b, world.login("rider"))
        results = await asyncio.gather(submit(a, place_code, [jpeg], key="same-key-777"),
                                       submit(b, place_code, [jpeg], key="same-key-777"))
    assert sorted(r.status_code for r in results) == [200, 201]
    assert await Report.all().count() == 1
    assert len(media_files(settings)) == 2  # the loser's files were removed


async def test_someone_elses_key_is_a_conflict(as_role, world, place_code, jpeg):
    rider = await as_role("rider")
    other = await as_role("rider_b")
    await submit(rider, place_code, [jpeg], key="owned-key-1")
    r = await submit(other, place_code, [jpeg], key="owned-key-1")
    assert r.status_code == 409 and r.json()["code"] == "idempotency_conflict"


async def test_guest_report(client, world, place_code, jpeg):
    r = await submit(client, place_code, [jpeg], guest_name="王阿姨", guest_phone="+86 138 0013 8000")
    assert r.status_code == 201
    report = await Report.get(id=r.json()["id"])
    assert report.reporter_id is None and report.guest_phone == "13800138000"
    assert r.json()["reporter_phone"] == "138****8000"
    bad = await submit(client, place_code, [jpeg], guest_phone="12345")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "guest_phone"


@pytest.mark.parametrize("case", ["text", "too_big", "bomb", "truncated", "five", "none", "long", "unknown_code",
                                  "retired_code", "category", "key"])
async def test_bad_submissions_store_nothing(as_role, world, place_code, jpeg, bomb, settings, case):
    rider = await as_role("rider")
    photos, fields, code = [jpeg], {}, place_code
    expected = (0, "")  # every case below sets it
    if case == "text":
        photos = [b"just some text, renamed to .jpg\n" * 10]
        expected = (422, "not_an_image")
    elif case == "too_big":
        photos = [jpeg + b"\0" * (16 * 1024 * 1024)]
        expected = (413, "photo_too_large")
    elif case == "bomb":
        photos = [bomb]
        expected = (422, "photo_too_many_pixels")
    elif case == "truncated":
        photos = [jpeg[: len(jpeg) // 3]]
        expected = (422, "photo_damaged")
    elif case == "five":
        photos = [jpeg] * 5
        expected = (422, "photo_count")
    elif case == "none":
        photos = []
        expected = (422, "photo_count")
    elif case == "long":
        fields = {"description": "脏" * 2000}
        expected = (422, "too_long")
    elif case == "unknown_code":
        code = "ZZZZZZZZZZ"
        expected = (422, "place_unknown")
    elif case == "retired_code":
        await PlaceCode.filter(code=place_code).update(retired_at=datetime.now(UTC))
        expected = (422, "place_retired")
    elif case == "category":
        fields = {"category": "ufo"}
        expected = (422, "unknown_category")
    elif case == "key":
        fields = {"key": "short"}
        expected = (422, "invalid")
    r = await submit(rider, code, photos, **fields)
    assert r.status_code == expected[0], r.text
    assert r.json()["errors"][0]["code"] == expected[1]
    assert await Report.all().count() == 0 and await ReportPhoto.all().count() == 0
    assert media_files(settings) == []


async def test_reports_are_rate_limited(as_role, world, place_code, jpeg):
    rider = await as_role("rider")
    small = camera_jpeg(800, 600)
    # A refused photo is no new report: it does not use up the hour.
    for _ in range(3):
        assert (await submit(rider, place_code, [b"not a photo at all"])).status_code == 422
    keys = [f"phone-key-{n:04d}" for n in range(REPORTS_PER_HOUR)]
    sent = [await submit(rider, place_code, [small], key=key) for key in keys]
    assert [r.status_code for r in sent] == [201] * REPORTS_PER_HOUR
    r = await submit(rider, place_code, [small])
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    # The limit says when: seconds in the header and the body, the moment in Beijing time, in words.
    wait = int(r.headers["retry-after"])
    problem = r.json()
    assert problem["retry_after"] == wait and 0 < wait <= 3600
    at = datetime.fromisoformat(problem["retry_at"])
    assert at.utcoffset() == timedelta(hours=8)
    assert abs((at - datetime.now(UTC)) - timedelta(seconds=wait)) < timedelta(seconds=5)
    clock = at.strftime("%H:%M")
    assert clock in problem["detail"] and "北京时间" in problem["detail"]
    assert await Report.all().count() == REPORTS_PER_HOUR
    # A phone sending again what it already sent gets its report back: the limit counts new reports.
    for key, first in ((keys[0], sent[0]), (keys[-1], sent[-1])):
        again = await submit(rider, place_code, [small], key=key)
        assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert await Report.all().count() == REPORTS_PER_HOUR
    assert await Place.all().count() == 1
