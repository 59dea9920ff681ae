"""Inside WeChat's browser (its user agent, service workers blocked as a page may find them):
a rider scans a poster and reports with a photo, a report made offline goes when the
network returns, one left waiting goes when the page is next opened; a wish from the
poster, and a resident who claims and fulfils it from the wall — all without a service
worker, with the "open in browser to install" hint instead of an install button, and a
photo input that lets WeChat offer the album as well as the camera."""

import pytest

from tests.e2e.conftest import PHONE, goto, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import api_json
from tests.support.photos import camera_jpeg

pytestmark = pytest.mark.browser

WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2219A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
             "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")
PLACE = "红桥小区3号楼"
STATION = "日月星光骑手驿站"


@pytest.fixture(scope="module")
def phone_photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("wechat") / "mmexport1764470000000.jpg"
    path.write_bytes(camera_jpeg(1200, 900, orientation=6, gps=True))
    return path


async def wechat_page(browser):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", user_agent=WECHAT_UA, service_workers="block")
    page = await context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return context, page


async def kept_on_phone(page) -> int:
    return await page.evaluate("""new Promise(r => { const o = indexedDB.open('yizhan', 1);
        o.onupgradeneeded = () => o.result.createObjectStore('outbox', { keyPath: 'key' });
        o.onsuccess = () => { const q = o.result.transaction('outbox').objectStore('outbox').count();
        q.onsuccess = () => r(q.result); }; })""")


async def fill_report(page, live, photo):
    await goto(page, live.url(f"/q/{live.codes[PLACE]}/report"))
    await page.set_input_files("#report-photos", str(photo))
    await page.wait_for_selector(".previews img")


async def test_a_rider_reports_from_wechat_online_offline_and_on_next_open(browser, live, phone_photo):
    context, page = await wechat_page(browser)
    try:
        await goto(page, live.url(f"/q/{live.codes[PLACE]}"))
        hint = page.locator("#install")
        assert await hint.is_visible() and "在浏览器打开" in await hint.text_content()
        assert await page.locator("#install button", has_text="安装到桌面").count() == 0
        assert await page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0

        await sign_in(page, live, "13800000025")
        before = len((await api_json(page, "/reports/mine"))["items"])
        await fill_report(page, live, phone_photo)
        photo_input = page.locator("#report-photos")
        assert await photo_input.get_attribute("capture") is None  # WeChat then offers camera and album
        assert await photo_input.get_attribute("accept") == "image/*"
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".sent")
        mine = (await api_json(page, "/reports/mine"))["items"]
        assert len(mine) == before + 1
        photo_url = (await api_json(page, f"/reports/{mine[0]['id']}"))["photos"][0]["url"]
        served = await page.evaluate(f"fetch('{photo_url}').then(r => r.arrayBuffer()).then(b => b.byteLength)")
        assert served > 1000  # the photo went through the server's pipeline and is served

        # Offline: kept on the phone, sent when the network is back (no service worker here).
        await fill_report(page, live, phone_photo)
        await context.set_offline(True)
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".waiting")
        assert await kept_on_phone(page) == 1
        await context.set_offline(False)
        await page.wait_for_selector(".waiting .ok", timeout=20_000)
        assert len((await api_json(page, "/reports/mine"))["items"]) == before + 2
        assert await kept_on_phone(page) == 0

        # Offline, and the rider closes WeChat: it goes the next time the page is opened.
        await fill_report(page, live, phone_photo)
        await context.set_offline(True)
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".waiting")
        assert await kept_on_phone(page) == 1
        await page.close()
        await context.set_offline(False)
        page = await context.new_page()
        await goto(page, live.url(f"/q/{live.codes[PLACE]}"))
        for _ in range(100):  # the page sends it on start; poll for a moment
            if len((await api_json(page, "/reports/mine"))["items"]) == before + 3 and not await kept_on_phone(page):
                break
            await page.wait_for_timeout(200)
        assert len((await api_json(page, "/reports/mine"))["items"]) == before + 3
        assert await kept_on_phone(page) == 0
    finally:
        await context.close()


async def test_the_hint_can_be_dismissed_and_other_browsers_get_no_hint(browser, live):
    context, page = await wechat_page(browser)
    try:
        await goto(page, live.url(f"/q/{live.codes[PLACE]}"))
        await page.click("#install button[aria-label]")
        await page.reload()
        await page.wait_for_function("document.documentElement.dataset.ready === '1'")
        assert await page.locator("#install").is_hidden()
    finally:
        await context.close()
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = await context.new_page()
        await goto(page, live.url(f"/q/{live.codes[PLACE]}/report"))
        assert await page.locator("#install").is_hidden()  # Chromium headless offers no install
        assert await page.locator("#report-photos").get_attribute("capture") == "environment"
    finally:
        await context.close()


async def test_a_wish_from_wechat_is_claimed_and_fulfilled_from_wechat(browser, live):
    code = live.codes[STATION]
    rider_ctx, rider = await wechat_page(browser)
    resident_ctx, resident = await wechat_page(browser)
    head_ctx = await browser.new_context(viewport=PHONE, locale="zh-CN")
    head = await head_ctx.new_page()
    title = "想要一个保温水壶"
    try:
        await sign_in(rider, live, "13800000015")
        await goto(rider, live.url(f"/q/{code}/wish"))
        assert await rider.locator("#wish-photo").get_attribute("capture") is None
        await rider.click("label.chip:has-text('休息难')")
        await rider.fill("input[name=title]", title)
        await rider.click("form button[type=submit]")
        await rider.wait_for_selector(".sent")

        await sign_in(head, live, "rijingxingguang")
        await goto(head, live.url("/wishes/review"))
        await head.locator("#wish-queue li", has_text=title).locator("button", has_text="通过,上墙").click()
        await head.wait_for_selector(f"#wish-queue li:has-text('{title}')", state="detached")

        await goto(resident, live.url(f"/q/{code}/wall"))
        card = resident.locator("#open-wishes li", has_text=title)
        await card.locator("a.button", has_text="我来认领").click()
        form = resident.locator("#claim-form")
        await form.wait_for()
        await form.locator("input[name=name]").fill("周先生")
        await form.locator("input[name=phone]").fill("13999990077")
        await form.locator("label.check").click()
        await form.locator("button[type=submit]").click()
        link = resident.locator("#private-link")
        await link.wait_for()
        await link.click()
        await resident.wait_for_selector("#fulfil-form")
        await resident.fill("#fulfil-form textarea[name=note]", "送到驿站了")
        await resident.click("#fulfil-form button[type=submit]")
        await resident.wait_for_selector("#claim-status.ok")
        wish = next(w["wish"] for w in await api_json(rider, "/wishes/mine") if w["wish"]["title"] == title)
        assert wish["status"] == "fulfilled"
        assert rider.console_errors == [] and unexpected_errors(resident) == []
    finally:
        for ctx in (rider_ctx, resident_ctx, head_ctx):
            await ctx.close()


async def test_a_new_rider_signs_in_with_wechat_registers_and_is_bound(browser, live, fake_wechat):
    fake_wechat.web_user = ("o-web-e2e-1", "u-web-e2e-1")
    context, page = await wechat_page(browser)
    try:
        await goto(page, live.url("/signin"))
        await page.click("#wechat-signin")
        # WeChat's (fake) authorisation page sends the browser back with a code.
        await page.wait_for_url("**/register")
        await page.wait_for_selector("#wechat-note")
        await page.fill("input[name=name]", "吐尔逊·阿不都")
        await page.fill("input[name=phone]", "13512349901")
        await page.select_option("select[name=platform]", "meituan")
        await page.select_option("select[name=station_id]", index=1)
        await page.fill("input[name=password]", "ride-safe-2026")
        await page.locator("label.check").click()
        await page.click("form button[type=submit]")
        await page.wait_for_selector("nav.menu")
        await goto(page, live.url("/account"))
        assert "已绑定微信" in await page.text_content("#wechat")

        # Signed out, one tap signs him in again.
        await page.click("#sign-out")
        await goto(page, live.url("/signin"))
        await page.click("#wechat-signin")
        await page.wait_for_selector("nav.menu")
        assert (await api_json(page, "/auth/me"))["account"]["name"] == "吐尔逊·阿不都"

        # Unbinding from his account: WeChat no longer signs him in.
        await goto(page, live.url("/account"))
        page.once("dialog", lambda dialog: dialog.accept())
        await page.click("#wechat button")
        await page.wait_for_function("document.querySelector('#wechat').textContent.includes('还没有绑定微信')")
        await page.click("#sign-out")
        await goto(page, live.url("/signin"))
        await page.click("#wechat-signin")
        await page.wait_for_url("**/register")
        assert page.console_errors == []
    finally:
        await context.close()


async def test_a_code_sent_back_without_our_state_signs_nobody_in(browser, live, fake_wechat):
    fake_wechat.web_user = ("o-web-e2e-2", None)
    context, page = await wechat_page(browser)
    try:
        # A link someone else made: the code is real but this tab never asked for it.
        fake_wechat.web_codes["planted-code"] = ("o-web-e2e-2", None)
        await goto(page, live.url("/signin/wechat?code=planted-code&state=signin.forged"))
        assert "没有完成" in await page.text_content("main")
        assert (await page.evaluate("fetch('/api/v1/auth/me').then(r => r.status)")) == 401
        # Even a tab made to expect that state (the web app's own check passed) gets nowhere:
        # the server checks the state against what it gave this browser.
        forged = "1" * 74
        await page.evaluate("s => sessionStorage.setItem('yizhan.wechat-state', JSON.stringify({state: s, purpose: 'signin'}))",
                            forged)
        fake_wechat.web_codes["planted-code-2"] = ("o-web-e2e-2", None)
        await goto(page, live.url(f"/signin/wechat?code=planted-code-2&state={forged}"))
        await page.wait_for_selector("main .error, main [role=alert]")
        assert "微信登录已过期或不是从这个浏览器发起的" in await page.text_content("main")
        assert (await page.evaluate("fetch('/api/v1/auth/me').then(r => r.status)")) == 401
        assert "planted-code-2" not in fake_wechat.used  # WeChat was not asked
    finally:
        await context.close()
