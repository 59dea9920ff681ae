"""Blurring in the browser: a community worker drags a box over a report photo and blurs it;
the photo served afterwards differs inside the box and matches outside it."""

import io

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.e2e.conftest import goto
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import api_json, new_page, rider_reports
from tests.support.photos import camera_jpeg

pytestmark = pytest.mark.browser


def difference(a: Image.Image, b: Image.Image, area) -> float:
    return ImageStat.Stat(ImageChops.difference(a.crop(area).convert("L"), b.crop(area).convert("L"))).mean[0]


async def test_a_worker_blurs_a_box_on_a_photo(browser, live, tmp_path):
    photo_file = tmp_path / "photo.jpg"
    photo_file.write_bytes(camera_jpeg(1200, 900))
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    try:
        report = await rider_reports(rider, live, photo_file)

        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url(f"/reports/{report['id']}"))
        detail = await api_json(worker, f"/reports/{report['id']}")
        photo = detail["photos"][0]
        before = Image.open(io.BytesIO(await (await worker.request.get(live.url(photo["url"]))).body()))
        await worker.click("details.redact summary")
        image = worker.locator("details.redact .redact-frame img")
        await image.wait_for()
        await worker.wait_for_function("document.querySelector('details.redact img').complete")
        frame = await image.bounding_box()
        # A box over the left part of the photo: from 10 % to 40 % across, 20 % to 60 % down.
        await worker.mouse.move(frame["x"] + frame["width"] * 0.1, frame["y"] + frame["height"] * 0.2)
        await worker.mouse.down()
        await worker.mouse.move(frame["x"] + frame["width"] * 0.4, frame["y"] + frame["height"] * 0.6, steps=5)
        await worker.mouse.up()
        await worker.click("details.redact button:has-text('模糊')")
        await worker.wait_for_function(f"!document.querySelector('img[src=\"{photo['thumb_url']}\"]')")

        after_detail = await api_json(worker, f"/reports/{report['id']}")
        redone = after_detail["photos"][0]
        assert redone["url"] != photo["url"]
        after = Image.open(io.BytesIO(await (await worker.request.get(live.url(redone["url"]))).body()))
        w, h = before.size
        inside = (int(w * 0.15), int(h * 0.25), int(w * 0.35), int(h * 0.55))
        outside = (int(w * 0.6), int(h * 0.1), int(w * 0.95), int(h * 0.9))
        assert difference(before, after, inside) > 8 and difference(before, after, outside) < 2
        assert (await worker.request.get(live.url(photo["url"]))).status == 404
        assert worker.console_errors == []
    finally:
        await rider_ctx.close()
        await worker_ctx.close()
