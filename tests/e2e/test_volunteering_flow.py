"""Help at home in a real browser, on phones: a community worker registers an elderly
resident and posts a request; a rider who switched "free now" sees it (a busy one does not),
takes it, sees the address and his code; the worker types the code; the rider's hours and
points go up; his certificate's QR decodes to a public page that shows the hours."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tests.e2e.conftest import PHONE, goto, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in

pytestmark = pytest.mark.browser


async def api_json(page, path, method="GET", body=None):
    script = """async ([path, method, body]) => {
        const csrf = (await (await fetch('/api/v1/auth/session')).json())?.csrf_token;
        const r = await fetch('/api/v1' + path, {method, headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': csrf || ''}, body: body ? JSON.stringify(body) : undefined});
        return {status: r.status, body: await r.json()};
    }"""
    return await page.evaluate(script, [path, method, body])


async def phone(browser):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    page = await context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return context, page


async def test_a_free_rider_helps_an_elderly_resident_and_gets_his_hours(browser, live):
    worker_ctx, worker = await phone(browser)
    rider_ctx, rider = await phone(browser)
    busy_ctx, busy = await phone(browser)
    try:
        await sign_in(worker, live, "hongqiao")
        # Whatever the hour of the test, the station has no peak now.
        stations = (await api_json(worker, "/org/nodes?kind=delivery_station"))["body"]
        station = next(s for s in stations if s["name"] == "日月星光站")
        assert (await api_json(worker, f"/stations/{station['id']}/peaks", "PUT", {"windows": []}))["status"] == 200

        await goto(worker, live.url("/help"))
        form = worker.locator("#beneficiary-form")
        await form.locator("input[name=name]").fill("周奶奶")
        await form.locator("input[name=address]").fill("红桥小区3号楼1单元202")
        await form.locator("input[name=phone]").fill("13912349876")
        await form.locator("button[type=submit]").click()
        await form.locator(".field-error[data-for=consent]").wait_for()  # no consent, nothing stored
        await form.locator("input[name=consent]").check()
        await form.locator("button[type=submit]").click()
        person = worker.locator("#beneficiaries li", has_text="周奶奶")
        await person.locator("summary").click()
        await person.locator("select[name=kind]").select_option("pickup")
        await person.locator("input[name=from_place]").fill("红桥小区3号楼")
        await person.locator("input[name=to_place]").fill("菜鸟驿站")
        await person.locator("form button[type=submit]").click()
        card = worker.locator("#help-requests li", has_text="周")
        await card.wait_for()
        help_id = int(await card.get_attribute("data-help"))

        await sign_in(rider, live, "13800000005")
        before = (await api_json(rider, "/points/me"))["body"]["balance"]
        await goto(rider, live.url("/tasks"))
        assert await rider.locator("#no-help").is_visible()
        await rider.click("#free-form button[data-minutes='30']")
        offered = rider.locator(f"#offered-help li[data-help='{help_id}']")
        await offered.wait_for()
        assert "红桥小区3号楼1单元202" not in await offered.inner_text()  # not before he takes it

        await sign_in(busy, live, "13800000015")  # same station, not free
        await goto(busy, live.url("/tasks"))
        assert await busy.locator("#no-help").is_visible()
        assert await busy.locator(f"li[data-help='{help_id}']").count() == 0

        await offered.locator("button[data-claim]").click()
        await rider.wait_for_url(live.url(f"/help/{help_id}"))
        detail = await rider.locator("#help-detail").inner_text()
        assert "红桥小区3号楼1单元202" in detail and "13912349876" in detail
        code = await rider.get_attribute("[data-code]", "data-code")
        assert code and len(code) == 6

        await goto(worker, live.url(f"/help/{help_id}"))
        confirm = worker.locator("form[data-action$='/confirm']")
        await confirm.locator("input[name=code]").fill(code)
        await confirm.locator("button[type=submit]").click()
        await worker.wait_for_selector("#help-detail li[data-status='done']")

        await goto(rider, live.url("/tasks/mine"))
        hours = await rider.locator("#hours").inner_text()
        assert "上门服务 1 次" in hours  # the help just confirmed
        after = (await api_json(rider, "/points/me"))["body"]["balance"]
        assert after == before + 10
        assert "红桥小区3号楼1单元202" not in await rider.content()  # done: the address is gone

        await rider.click("#certificate-form button[type=submit]")
        await rider.wait_for_selector("#certificate img.certificate-qr")
        qr = await rider.locator("#certificate img.certificate-qr").screenshot()
        [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr)))
        assert found.text.startswith(live.url("/verify/"))
        check_ctx, check = await phone(browser)  # anyone, not signed in
        try:
            await goto(check, found.text)
            verified = await check.locator("#verified").inner_text()
            assert "艾力师傅" in verified and "买买提" not in verified  # surname + 师傅 only
            hours = (await api_json(rider, "/volunteer/me"))["body"]["hours"]
            assert float(await check.get_attribute("#verified [data-hours]", "data-hours")) == hours
        finally:
            await check_ctx.close()
        for page in (worker, rider, busy):
            assert unexpected_errors(page, 422) == []
    finally:
        for ctx in (worker_ctx, rider_ctx, busy_ctx):
            await ctx.close()


async def test_a_station_head_sets_his_peak_hours_and_posts_a_task(browser, live):
    context, head = await phone(browser)
    try:
        await sign_in(head, live, "rijingxingguang")
        await goto(head, live.url("/tasks/manage"))
        await head.fill("#peaks-form input[name=windows]", "11:30-13:00, 17:30-19:00")
        await head.click("#peaks-form button[type=submit]")
        await head.wait_for_function(
            "document.querySelector('#peaks-form input[name=windows]')?.value === '11:30-13:00, 17:30-19:00'")
        me = (await api_json(head, "/auth/me"))["body"]
        peaks = (await api_json(head, f"/stations/{me['account']['scope']['id']}/peaks"))["body"]
        assert peaks == {"windows": [["11:30", "13:00"], ["17:30", "19:00"]]}
        await head.fill("#peaks-form input[name=windows]", "13:00-11:00")
        await head.click("#peaks-form button[type=submit]")
        await head.locator("#peaks-form .field-error[data-for=windows]").wait_for()  # end before start
        form = head.locator("#task-form")
        await form.locator("input[name=title]").fill("站点周边文明引导")
        await form.locator("select[name=kind]").select_option("civility")
        await form.locator("button[type=submit]").click()
        await head.locator("#posted-tasks li", has_text="站点周边文明引导").wait_for()
        assert unexpected_errors(head, 422) == []
    finally:
        await context.close()
