"""A community worker blurs rectangles on a report photo: the served photo differs inside
the boxes and not outside them, it has a new address and a new thumbnail, and the original
files are gone."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.reports.models import ReportEvent, ReportPhoto
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report


@pytest.fixture
async def report(as_role, world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    rider = await as_role("rider")
    return await send_report(rider, code, photo=camera_jpeg(1200, 900))


def mean_difference(a: Image.Image, b: Image.Image, box) -> float:
    area = (box[0], box[1], box[0] + box[2], box[1] + box[3])
    diff = ImageChops.difference(a.crop(area).convert("L"), b.crop(area).convert("L"))
    return ImageStat.Stat(diff).mean[0]


async def test_blurred_inside_the_box_unchanged_outside_original_gone(as_role, report, settings):
    worker = await as_role("community_worker")
    photo = report["photos"][0]
    before = Image.open(io.BytesIO((await worker.get(photo["url"])).content))
    box = [100, 80, 300, 200]
    r = await worker.post(f"/api/v1/reports/{report['id']}/photos/{photo['id']}/redact", json={"boxes": [box]})
    assert r.status_code == 200, r.text
    redone = r.json()["photos"][0]
    assert redone["url"] != photo["url"] and redone["thumb_url"] != photo["thumb_url"]
    assert (await worker.get(photo["url"])).status_code == 404  # the original is not served
    assert not (settings.media_dir / "photos" / photo["url"].rsplit("/", 1)[1]).exists()  # nor kept
    assert not (settings.media_dir / "photos" / photo["thumb_url"].rsplit("/", 1)[1]).exists()
    after = Image.open(io.BytesIO((await worker.get(redone["url"])).content))
    assert after.size == before.size
    assert mean_difference(before, after, box) > 8  # the detail inside is gone
    outside = [box[0] + box[2] + 20, box[1], 400, 300]
    assert mean_difference(before, after, outside) < 2  # the rest is the same photo
    thumb = Image.open(io.BytesIO((await worker.get(redone["thumb_url"])).content))
    assert max(thumb.size) <= 320
    assert await ReportEvent.filter(report_id=report["id"], action="redact").count() == 1


async def test_bad_boxes_and_the_wrong_people_are_refused(as_role, report):
    worker, staff = await as_role("community_worker"), await as_role("property_staff")
    photo = report["photos"][0]
    path = f"/api/v1/reports/{report['id']}/photos/{photo['id']}/redact"
    for boxes, code in (([[1100, 800, 200, 200]], "box_outside"), ([[10, 10, 2, 2]], "box_outside"),
                        ([], "invalid"), ([[0, 0, 10]], "invalid"), ([[10, 10, 50, 50]] * 21, "invalid")):
        r = await worker.post(path, json={"boxes": boxes})
        assert r.status_code == 422, (boxes, r.text)
        assert r.json()["errors"][0]["field"].startswith("boxes") and r.json()["errors"][0]["code"] == code
    assert (await ReportPhoto.get(id=photo["id"])).name == photo["url"].rsplit("/", 1)[1]  # untouched
    assert (await staff.post(path, json={"boxes": [[0, 0, 50, 50]]})).status_code in (403, 404)
    rider = await as_role("rider")
    assert (await rider.post(path, json={"boxes": [[0, 0, 50, 50]]})).status_code == 403
    other = await worker.post(f"/api/v1/reports/{report['id']}/photos/999999/redact", json={"boxes": [[0, 0, 50, 50]]})
    assert other.status_code == 404


async def test_two_workers_blurring_at_once_one_wins_and_no_file_is_left_behind(app, as_role, report, settings):
    import asyncio

    from tests.conftest import make_client
    from tests.support.world import sign_in

    photo = report["photos"][0]
    path = f"/api/v1/reports/{report['id']}/photos/{photo['id']}/redact"
    first = await as_role("community_worker")
    async with make_client(app) as second:
        await sign_in(second, "worker1")
        answers = await asyncio.gather(first.post(path, json={"boxes": [[10, 10, 100, 100]]}),
                                       second.post(path, json={"boxes": [[200, 200, 100, 100]]}))
    assert sorted(a.status_code for a in answers) == [200, 409]
    row = await ReportPhoto.get(id=photo["id"])
    kept = {p.name for p in (settings.media_dir / "photos").iterdir()}
    # The winner's photo and thumbnail are there; the loser's files and the original are not.
    assert kept == {row.name, row.thumb_name}
