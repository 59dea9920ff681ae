"""微心愿 in the browser: a rider posts a wish from the poster, the station head publishes
it, a resident on a phone opens the wall link, claims it without an account, opens the
private link and marks it fulfilled, the rider thanks, and the wall shows it lit. Also:
a wish sent offline arrives once, and the wall's TV mode."""

import pytest

from tests.e2e.conftest import goto, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import api_json, new_page

pytestmark = pytest.mark.browser

STATION = "日月星光骑手驿站"


async def test_a_wish_from_the_poster_to_the_lit_wall(browser, live):
    code = live.codes[STATION]
    rider_ctx, rider = await new_page(browser)
    head_ctx, head = await new_page(browser)
    resident_ctx, resident = await new_page(browser)
    title = "想要一个暖和的歇脚处"
    try:
        await sign_in(rider, live, "13800000015")
        await goto(rider, live.url(f"/q/{code}/wish"))
        await rider.click("label.chip:has-text('休息难')")
        await rider.fill("input[name=title]", title)
        await rider.fill("textarea[name=description]", "冬天等单时没地方坐")
        await rider.click("form button[type=submit]")
        await rider.wait_for_selector(".sent")

        await sign_in(head, live, "rijingxingguang")
        await goto(head, live.url("/wishes/review"))
        row = head.locator("#wish-queue li", has_text=title)
        assert "张师傅" in await row.text_content()
        await row.locator("button", has_text="通过,上墙").click()
        await head.wait_for_selector(f"#wish-queue li:has-text('{title}')", state="detached")

        # A resident, no account, opens the wall link someone shared.
        await goto(resident, live.url(f"/q/{code}/wall"))
        card = resident.locator("#open-wishes li", has_text=title)
        assert "张师傅" in await card.text_content() and "张伟" not in await resident.content()
        await card.locator("a.button", has_text="我来认领").click()
        form = resident.locator("#claim-form")
        await form.wait_for()
        await form.locator("input[name=name]").fill("刘阿姨")
        await form.locator("input[name=phone]").fill("139 9999 0001")
        await form.locator("select[name=kind]").select_option("party_member")
        await form.locator("button[type=submit]").click()
        consent_error = form.locator(".field-error[data-for=consent]")
        await consent_error.wait_for()  # the consent box was not ticked: said next to it
        await form.locator("label.check").click()
        await form.locator("button[type=submit]").click()
        link = resident.locator("#private-link")
        await link.wait_for()
        private_url = await link.text_content()
        assert "/claim/" in private_url
        # Kept by copying it, or as a file on the phone.
        await resident.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live.base)
        await resident.click("#copy-link")
        await resident.wait_for_function("document.querySelector('.keep-link [role=status]').textContent !== ''")
        assert await resident.evaluate("navigator.clipboard.readText()") == private_url
        async with resident.expect_download() as saving:
            await resident.click("#save-link")
        saved = await (await saving.value).path()
        assert private_url in saved.read_text(encoding="utf-8")
        await link.click()
        await resident.wait_for_selector("#fulfil-form")
        assert "0991-2345678" in await resident.text_content("body")  # the station's phone to call
        await resident.fill("#fulfil-form textarea[name=note]", "给驿站送了两把折叠椅")
        await resident.click("#fulfil-form button[type=submit]")
        await resident.wait_for_selector("#claim-status.ok")
        assert "已完成" in await resident.text_content("#claim-status")

        # The rider sees it done and says thanks.
        await goto(rider, live.url("/wishes/mine"))
        mine = rider.locator("#my-wishes li", has_text=title)
        await mine.locator("a", has_text=title).click()
        actions = rider.locator("#wish-actions")
        await actions.wait_for()
        assert "刘阿姨" in await rider.text_content("#claimer") and "13999990001" in await rider.text_content("#claimer")
        await actions.locator("input[name=thanks]").fill("谢谢刘阿姨!")
        await actions.locator("button", has_text="确认收到并致谢").click()
        await rider.wait_for_selector(".tag.wish-thanked")

        await goto(resident, private_url)
        await goto(resident, live.url(f"/q/{code}/wall"))
        lit = resident.locator("#lit-wishes li", has_text=title)
        await lit.wait_for()
        assert "谢谢刘阿姨!" in await lit.text_content()
        assert await resident.locator("#open-wishes li", has_text=title).count() == 0
        assert rider.console_errors == [] and head.console_errors == []
        assert unexpected_errors(resident, 422) == []  # the refused claim without consent
    finally:
        for ctx in (rider_ctx, head_ctx, resident_ctx):
            await ctx.close()


async def test_a_wish_sent_offline_arrives_once(browser, live):
    code = live.codes[STATION]
    context, page = await new_page(browser)
    try:
        await sign_in(page, live, "13800000005")
        before = len(await api_json(page, "/wishes/mine"))
        await goto(page, live.url(f"/q/{code}/wish"))
        await page.fill("input[name=title]", "想要一个手机支架")
        await context.set_offline(True)
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".waiting")
        await context.set_offline(False)
        await page.wait_for_selector(".waiting .ok", timeout=20_000)
        assert "已提交" in await page.text_content(".waiting .ok")
        assert len(await api_json(page, "/wishes/mine")) == before + 1
        await page.reload()
        # The page's start-up round of sending what waits has finished (it found nothing).
        await page.wait_for_function("Number(document.documentElement.dataset.outboxRounds) >= 1")
        assert len(await api_json(page, "/wishes/mine")) == before + 1
    finally:
        await context.close()


async def test_the_wall_on_a_station_tv(browser, live):
    code = live.codes[STATION]
    context = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    try:
        page = await context.new_page()
        await goto(page, live.url(f"/q/{code}/wall?tv=1"))
        assert await page.evaluate("document.documentElement.classList.contains('tv')")
        size = await page.evaluate("parseFloat(getComputedStyle(document.querySelector('.wish-card h3')).fontSize)")
        assert size >= 32
        assert await page.locator(".bar").is_hidden() and await page.locator("#claim-form").count() == 0
        qr = page.locator(".tv-hint img")
        await qr.wait_for()
        # People scan it off the TV: the picture must load (wait for it, it is fetched after the wall).
        await page.wait_for_function("(() => { const img = document.querySelector('.tv-hint img');"
                                     " return img && img.complete && img.naturalWidth > 0; })()", timeout=10_000)
        # Leaving TV mode gives the normal page back.
        await goto(page, live.url(f"/q/{code}/wall"))
        assert not await page.evaluate("document.documentElement.classList.contains('tv')")
        await page.click("nav.chips a:has-text('生活物资')")
        await page.wait_for_selector("nav.chips a.chosen:has-text('生活物资')")  # the filtered wall is drawn
        tags = await page.locator("#open-wishes li .node-head .tag").all_text_contents()
        assert tags and set(tags) == {"生活物资"}
        assert await page.locator("#open-wishes li", has_text="冬天想要一副防风手套").count() == 1
    finally:
        await context.close()


async def test_staff_write_a_wish_down_for_a_rider(browser, live):
    context, page = await new_page(browser)
    try:
        await sign_in(page, live, "hongqiao")  # the community worker of 红桥社区
        await goto(page, live.url("/wishes/review"))
        await page.click("#record-wish summary")
        await page.click(f"#record-wish a:has-text('{STATION}')")
        await page.wait_for_selector("input[name=rider_phone]")
        await page.fill("input[name=rider_name]", "马晓军")
        await page.select_option("select[name=source]", "talk_session")
        await page.click("label.chip:has-text('学习培训')")
        await page.fill("input[name=title]", "想学电动车简单维修")
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".sent")
        await goto(page, live.url(f"/q/{live.codes[STATION]}/wall"))
        card = page.locator("#open-wishes li", has_text="想学电动车简单维修")
        await card.wait_for()
        assert "马师傅" in await card.text_content()
        assert page.console_errors == []
    finally:
        await context.close()
