"""Times typed and read on a phone set to Xinjiang time (UTC+6, two hours behind Beijing):
a task's 10:00–12:00 and a help request's window are saved as the Beijing times the person
typed, come back from the API with their offset, and read 10:00–12:00 on every screen,
marked as Beijing time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from server.core.clock import BEIJING
from tests.e2e.conftest import PHONE, goto, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_volunteering_flow import api_json

pytestmark = pytest.mark.browser


async def xinjiang_phone(browser):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Urumqi")
    page = await context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return context, page


def beijing(day, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


async def test_a_task_and_a_help_window_typed_in_xinjiang_time_stay_as_typed(browser, live):
    worker_ctx, worker = await xinjiang_phone(browser)
    rider_ctx, rider = await xinjiang_phone(browser)
    try:
        assert await worker.evaluate("new Date().getTimezoneOffset()") == -360  # the phone is on UTC+6
        day = (datetime.now(BEIJING) + timedelta(days=1)).date()
        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url("/tasks/manage"))
        form = worker.locator("#task-form")
        assert "北京时间" in await form.inner_text()
        await form.locator("input[name=title]").fill("十点到十二点发传单")
        await form.locator("input[name=starts_at]").fill(f"{day.isoformat()}T10:00")
        await form.locator("input[name=ends_at]").fill(f"{day.isoformat()}T12:00")
        await form.locator("button[type=submit]").click()
        row = worker.locator("li", has_text="十点到十二点发传单")
        await row.wait_for()
        assert "10:00" in await row.inner_text() and "12:00" in await row.inner_text()
        assert "北京时间" in await row.inner_text()

        tasks = (await api_json(worker, "/tasks"))["body"]
        [task] = [x for x in tasks if x["title"] == "十点到十二点发传单"]
        starts, ends = datetime.fromisoformat(task["starts_at"]), datetime.fromisoformat(task["ends_at"])
        assert starts.utcoffset() is not None and ends.utcoffset() is not None  # the API says its offset
        assert (starts, ends) == (beijing(day, 10), beijing(day, 12))

        await sign_in(rider, live, "13800000005")
        await goto(rider, live.url("/tasks"))
        card = rider.locator("li", has_text="十点到十二点发传单")
        await card.wait_for()
        assert "12:00" in await card.inner_text() and "北京时间" in await card.inner_text()

        # A help request with a window, typed on the same phone.
        person = await api_json(worker, "/beneficiaries", "POST", {
            "name": "马奶奶", "address": "红桥小区5号楼101", "phone": "13912340077", "kind": "elderly", "consent": True})
        assert person["status"] == 201, person
        await goto(worker, live.url("/help"))
        entry = worker.locator("#beneficiaries li", has_text="马奶奶")
        await entry.locator("summary").click()
        ask = entry.locator("form")
        await ask.locator("input[name=window_from]").fill(f"{day.isoformat()}T10:00")
        await ask.locator("input[name=window_until]").fill(f"{day.isoformat()}T12:00")
        await ask.locator("button[type=submit]").click()
        card = worker.locator("#help-requests li", has_text="马")
        await card.wait_for()
        text = await card.inner_text()
        assert "10:00" in text and "12:00" in text and "北京时间" in text
        helps = (await api_json(worker, "/help-requests"))["body"]
        [help_request] = [x for x in helps if x["id"] == int(await card.get_attribute("data-help"))]
        assert datetime.fromisoformat(help_request["window_from"]) == beijing(day, 10)
        assert datetime.fromisoformat(help_request["window_until"]) == beijing(day, 12)
        for page in (worker, rider):
            assert unexpected_errors(page) == []
    finally:
        await worker_ctx.close()
        await rider_ctx.close()
