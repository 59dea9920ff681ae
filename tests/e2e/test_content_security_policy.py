"""The app under its own Content-Security-Policy (no inline script, nothing from elsewhere):
the public pages, a rider's report form with a photo, a worker's figures and the TV screen
run without a single violation; every answer carries the security headers, and only the TV
pages may be framed (by the same origin)."""

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_reports_flow import camera_file  # noqa: F401 - the photo fixture

pytestmark = pytest.mark.browser


async def open_under_policy(browser):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=False)
    page = await context.new_page()
    page.violations = []
    page.on("console", lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.violations.append(str(e)))
    return context, page


async def visit(page, url: str):
    answer = await page.goto(url)
    await page.wait_for_selector("html[data-ready='1']")
    return answer


async def test_the_app_runs_under_its_content_security_policy(browser, live, camera_file):  # noqa: F811
    code = live.codes["红桥小区3号楼"]
    context, page = await open_under_policy(browser)
    try:
        for path in ("/", "/signin", f"/q/{code}", f"/q/{code}/wall", "/offline", "/nearby"):
            answer = await visit(page, live.url(path))
            policy = answer.headers["content-security-policy"]
            assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
            assert answer.headers["x-content-type-options"] == "nosniff"
            assert answer.headers["referrer-policy"] == "same-origin"
        tv = await visit(page, live.url(f"/q/{code}/screen"))
        assert "frame-ancestors 'self'" in tv.headers["content-security-policy"]

        await visit(page, live.url("/signin"))
        await page.fill("input[name=login]", "13800000005")
        await page.fill("input[name=password]", "yizhan-demo-2026")
        await page.click("form button[type=submit]")
        await page.wait_for_selector("nav.menu")
        await visit(page, live.url(f"/q/{code}/report"))
        await page.set_input_files("#report-photos", str(camera_file))
        await page.wait_for_selector(".previews img")  # a blob: preview, allowed
        await page.click("label.chip >> nth=0")
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".sent")

        await context.clear_cookies()
        await visit(page, live.url("/signin"))
        await page.fill("input[name=login]", "hongqiao")
        await page.fill("input[name=password]", "yizhan-demo-2026")
        await page.click("form button[type=submit]")
        await page.wait_for_selector("nav.menu")
        await visit(page, live.url("/dashboard"))
        await page.wait_for_selector(".chart, .headline")
        api = await page.request.get(live.url("/api/v1/report-categories"))
        assert api.headers["x-content-type-options"] == "nosniff"
        assert page.violations == []
    finally:
        await context.close()
