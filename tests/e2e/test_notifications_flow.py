"""Notifications in the browser: the community worker connects the work group's robot (a
fake WeCom robot on 127.0.0.1) and test-sends; a rider sends a report; the worker's home
screen shows the unread badge without a reload, and the group's robot receives the report
through the outbox; the worker reads and marks all read."""

import asyncio
import time

import pytest

from tests.e2e.conftest import goto
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import new_page, rider_reports
from tests.support.photos import camera_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_robots")]


async def wait_until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.5)
    return False


async def test_the_worker_is_told_in_the_app_and_in_the_work_group(browser, live, robots, tmp_path):
    worker_ctx, worker = await new_page(browser)
    rider_ctx, rider = await new_page(browser)
    try:
        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url("/groups"))
        # A plain-http robot address on the internet is refused, in words.
        await worker.fill("#group-form input[name=url]", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x")
        await worker.click("#group-form button[type=submit]")
        refused = worker.locator("#group-form .field-error:not([hidden])")
        await refused.wait_for()
        assert "https" in await refused.inner_text()
        await worker.fill("#group-form input[name=url]", robots.wecom_url())
        await worker.click("#group-form button[type=submit]")
        await worker.wait_for_selector("li[data-group]")
        await worker.click("li[data-group] button:has-text('发送测试消息')")
        await worker.wait_for_selector(".test-answer.ok")
        assert any("驿站测试消息" in m["markdown"]["content"] for m in robots.received)

        await goto(worker, live.url("/"))
        badge = worker.locator("#unread-badge")
        await worker.wait_for_function("document.getElementById('unread-badge') !== null")
        before = await worker.evaluate(
            "(() => { window.__stayed = true; const b = document.getElementById('unread-badge');"
            " return b.hidden ? 0 : Number(b.textContent); })()")

        photo = tmp_path / "photo.jpg"
        photo.write_bytes(camera_jpeg(1200, 900))
        await rider_reports(rider, live, photo)

        # Within 30 seconds, without a reload, the badge counts the new report.
        async def badge_grew() -> bool:
            shown = await worker.evaluate("(() => { const b = document.getElementById('unread-badge');"
                                          " return b && !b.hidden ? Number(b.textContent) : 0; })()")
            return shown > before
        assert await wait_until(badge_grew, 30), "the badge did not update"
        assert await worker.evaluate("window.__stayed === true")  # the same page: no reload
        assert await badge.is_visible()

        # The work group got the report through the outbox (the delivery loop runs every 2 s).
        async def group_told() -> bool:
            return any("新随手拍" in m["markdown"]["content"] for m in robots.received)
        assert await wait_until(group_told, 30), robots.received

        await worker.click("#notifications-link")
        await worker.wait_for_selector("li.note.unread")
        # (Other tests' reports may have raised their own alarms meanwhile: this one is among the unread.)
        assert await worker.locator("li.note.unread", has_text="新随手拍").count() >= 1
        await worker.click("#mark-all-read")
        await worker.wait_for_selector("#mark-all-read[disabled]")
        assert await worker.locator("li.note.unread").count() == 0
        # The outbox as the worker sees it: what reached the group.
        await goto(worker, live.url("/admin/deliveries?status=sent"))
        await worker.wait_for_selector("li[data-delivery]")
        assert await worker.locator("li[data-delivery]", has_text="新随手拍").count() >= 1
        # The refused address's 422 is the only error the browser saw.
        assert [e for e in worker.console_errors if "422" not in e] == [] and rider.console_errors == []
    finally:
        await worker_ctx.close()
        await rider_ctx.close()
