"""A poster printed with a mini-program code (drawn by a fake WeChat on loopback) still has an
ordinary QR that any camera app decodes to the place's landing page."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image

from server.demo import DEMO_PASSWORD
from tests.support.fake_wechat import APPID, SECRET, start_fake_wechat
from tests.support.server import free_port, run_yizhan, running_server

pytestmark = pytest.mark.browser


async def test_the_ordinary_qr_beside_a_mini_program_code_decodes_to_the_place(browser, tmp_path):
    fake, fake_server = start_fake_wechat()
    port = free_port()
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": "", "YIZHAN_REDIS_URL": "",
           "YIZHAN_PUBLIC_URL": f"http://127.0.0.1:{port}", "YIZHAN_WECHAT_APPID": APPID,
           "YIZHAN_WECHAT_SECRET": SECRET, "YIZHAN_WECHAT_API": fake.base, "YIZHAN_WECHAT_POSTER_CODES": "1"}
    demo = run_yizhan(["demo"], env)
    assert demo.returncode == 0, demo.stderr
    code = re.search(r"/q/([A-Z0-9]+)\s+日月星光骑手驿站", demo.stdout).group(1)
    context = await browser.new_context(viewport={"width": 900, "height": 1300})
    try:
        with running_server(env, port=port) as base:
            signed = await context.request.post(f"{base}/api/v1/auth/sign-in",
                                                data={"login": "admin", "password": DEMO_PASSWORD})
            assert signed.ok
            page = await context.new_page()
            await page.goto(f"{base}/api/v1/posters")  # every place in the admin's scope
            poster = page.locator(f"section.poster[data-code='{code}']")
            assert await poster.locator("img.mini-code").is_visible()
            assert code in fake.scenes
            shot = await poster.locator(".qr").screenshot()
            [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
            assert found.text == f"{base}/q/{code}"
            assert (await context.request.get(found.text)).ok
    finally:
        await context.close()
        fake_server.shutdown()

