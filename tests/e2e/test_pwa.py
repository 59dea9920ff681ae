"""The installable app: manifest, service worker, offline shell, languages, the unknown
code screen, street ergonomics and the transfer budget of a poster's landing page."""

import io
import shutil

import pytest
from PIL import Image

from server.demo import DEMO_PASSWORD
from server.settings import DEFAULT_PWA_DIR
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, goto, ready, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in
from tests.support.server import free_port, run_yizhan, running_server

pytestmark = pytest.mark.browser
BUDGET_BYTES = 60 * 1024


async def test_manifest_fields_and_icons(page, live):
    await goto(page, live.url("/"))
    href = await page.get_attribute("link[rel=manifest]", "href")
    manifest = await (await page.request.get(live.url(href))).json()
    assert manifest["name"] == "驿站 Yizhan" and manifest["short_name"] == "驿站"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#b00020" and manifest["background_color"] == "#ffffff"
    sizes = {}
    for icon in manifest["icons"]:
        response = await page.request.get(live.url(icon["src"]))
        assert response.ok and response.headers["content-type"] == "image/png"
        image = Image.open(io.BytesIO(await response.body()))
        assert image.format == "PNG" and f"{image.width}x{image.height}" == icon["sizes"]
        sizes[icon["purpose"]] = sizes.get(icon["purpose"], set()) | {icon["sizes"]}
    assert sizes == {"any": {"192x192", "512x512"}, "maskable": {"512x512"}}


async def wait_for_control(page):
    await page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null",
                                 timeout=20_000)


async def test_the_app_is_installable(playwright, live, tmp_path):
    """Chromium's own verdict, in a normal (not incognito) profile: nothing stands in the
    way of installing the app from localhost."""
    context = await playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE, bypass_csp=True)
    try:
        tab = context.pages[0] if context.pages else await context.new_page()
        await goto(tab, live.url("/").replace("127.0.0.1", "localhost"))
        await wait_for_control(tab)
        cdp = await context.new_cdp_session(tab)
        verdict = await cdp.send("Page.getInstallabilityErrors")
        assert verdict["installabilityErrors"] == []
    finally:
        await context.close()


async def test_service_worker_registers_and_controls_the_page(page, live):
    await goto(page, live.url("/"))
    await wait_for_control(page)
    script = await page.evaluate("navigator.serviceWorker.controller.scriptURL")
    assert script == live.url("/sw.js")
    cached = await page.evaluate("caches.keys()")
    assert any(name.startswith("yizhan-shell-") for name in cached)


async def test_the_shell_and_seen_pages_work_offline(page, context, live):
    code = live.codes["日月星光骑手驿站"]
    await goto(page, live.url(f"/q/{code}"))
    await wait_for_control(page)
    await page.wait_for_function("caches.open('yizhan-shell-' + document.querySelector('meta[name=app-version]')"
                                 ".content).then(c => c.keys()).then(k => k.length > 10)")
    await goto(page, live.url(f"/q/{code}"))  # now fetched through the worker, so its answer is kept
    await page.wait_for_function(
        f"caches.open('yizhan-api').then(c => c.match('/api/v1/codes/{code}')).then(r => Boolean(r))")
    await context.set_offline(True)
    try:
        await goto(page, live.url("/"))
        assert await page.is_visible("#banner.banner-offline")
        assert "离线" in await page.text_content("#banner")
        await goto(page, live.url(f"/q/{code}"))
        assert await page.text_content("h1") == "日月星光骑手驿站"
        await goto(page, live.url("/offline"))
        assert "现在没有网络" in await page.text_content("main")
        await page.select_option("#lang", "en")  # catalogs are cached too
        await page.wait_for_function("document.documentElement.lang === 'en'")
        # The screen is drawn again just after the language switches.
        await page.wait_for_function("document.querySelector('h1').textContent === 'When you are offline'")
    finally:
        await context.set_offline(False)


async def test_uyghur_is_right_to_left_and_remembered(page, live):
    await goto(page, live.url("/"))
    await page.select_option("#lang", "ug")
    await page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert await page.evaluate("document.documentElement.lang") == "ug"
    await page.wait_for_function("document.querySelector('h1').textContent === 'بېكەتكە خۇش كەلدىڭىز'")
    await page.reload()
    await ready(page)
    assert await page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ug"]
    # The layout mirrors: the brand sits at the right, the language picker at the left.
    brand = await page.locator(".brand").bounding_box()
    picker = await page.locator("#lang").bounding_box()
    assert brand["x"] > picker["x"]
    # Server messages follow the chosen language too.
    await goto(page, live.url("/signin"))
    await page.fill("input[name=login]", "admin")
    await page.fill("input[name=password]", "wrong-password")
    await page.click("form button[type=submit]")
    await page.locator("form .form-error").wait_for(state="visible")
    assert await page.text_content("form .form-error") == "ھېسابات ياكى پارول خاتا."
    await page.select_option("#lang", "zh")
    await page.wait_for_function("document.documentElement.dir === 'ltr'")


async def test_browser_language_is_the_first_choice(browser, live):
    context = await browser.new_context(viewport=PHONE, locale="en-US")
    try:
        tab = await context.new_page()
        await goto(tab, live.url("/"))
        assert await tab.evaluate("document.documentElement.lang") == "en"
        assert await tab.text_content("h1") == "Welcome to Yizhan"
    finally:
        await context.close()


async def test_unknown_code_screen_offers_a_box_to_type_the_code(page, live):
    await goto(page, live.url("/q/ZZZZZZZZZZ"))
    assert await page.text_content("h1") == "找不到这个编码"
    code = live.codes["红桥小区3号楼"]
    await page.fill("input[name=code]", f"{code[:5].lower()} {code[5:].lower()}")
    await page.click("form.code-form button[type=submit]")
    await page.wait_for_function("document.querySelector('h1').textContent === '红桥小区3号楼'")
    assert page.url.endswith(f"/q/{code}")
    # The one expected console message is the browser's note on the API's 404.
    assert unexpected_errors(page, 404) == []


async def test_contract_urls_name_the_place_and_survive_reload(page, live):
    code = live.codes["西河坝司机之家"]
    for suffix in ("", "/report", "/wish", "/wall"):
        await goto(page, live.url(f"/q/{code.lower()}{suffix}"))
        assert "西河坝司机之家" in await page.text_content("h1")
        await page.reload()
        await ready(page)
        assert "西河坝司机之家" in await page.text_content("h1")
    assert page.console_errors == []


ERGONOMICS_SCRIPT = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push('horizontal scroll');
  for (const el of document.querySelectorAll('a, button, input, select, summary')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;            // not shown
    // A check box, radio or hidden file input is tapped through its label.
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const target = (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label').getBoundingClientRect()
      : el.classList.contains('visually-hidden') && label ? label.getBoundingClientRect() : box;
    if (target.height < 44 || target.width < 44) {
      const size = `${Math.round(target.width)}x${Math.round(target.height)}`;
      problems.push(`${el.tagName} "${el.textContent.trim() || el.name}" ${size}`);
    }
  }
  return problems;
}"""


async def check_screen(page, url):
    await goto(page, url)
    problems = await page.evaluate(ERGONOMICS_SCRIPT)
    assert problems == [], (url, problems)


@pytest.mark.parametrize("lang", ["zh", "ug"])
async def test_every_screen_fits_320px_with_big_targets_and_no_errors(browser, live, lang):
    context = await browser.new_context(viewport={"width": 320, "height": 640}, locale="zh-CN")
    await context.add_init_script(f"localStorage.setItem('yizhan.lang', '{lang}')")
    try:
        page = await context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        code = live.codes["大湾南户外劳动者驿站"]
        wall_code = live.codes["日月星光骑手驿站"]
        for path in ("/", "/signin", "/register", "/code", "/offline", "/nearby", f"/q/{code}", f"/q/{code}/report",
                     f"/q/{wall_code}/wall", f"/q/{wall_code}/wish", "/wishes/1"):
            await check_screen(page, live.url(path))
        await goto(page, live.url("/signin"))
        await page.fill("input[name=login]", "admin")
        await page.fill("input[name=password]", DEMO_PASSWORD)
        await page.click("form button[type=submit]")
        await page.wait_for_selector("nav.menu")
        for path in ("/", "/account", "/admin/org", "/admin/accounts", "/admin/categories", "/places", "/posters", "/reports",
                     f"/q/{code}/report", "/admin/points", "/rewards", "/handover", "/wishes/review", "/wishes/stats", "/trainings",
                     f"/q/{wall_code}/wish", "/dashboard", "/dashboard/report", "/tasks/manage", "/help"):
            await check_screen(page, live.url(path))
        await goto(page, live.url("/account"))
        await page.click("#sign-out")
        await page.wait_for_selector("a[href='/signin']")
        await sign_in(page, live, "13800000025")  # a rider
        for path in ("/", "/wallet", "/leaderboard", "/reports/mine", "/wishes/mine", f"/q/{wall_code}/wish", "/tasks",
                     "/tasks/mine"):
            await check_screen(page, live.url(path))
        assert errors == []
    finally:
        await context.close()


@pytest.mark.parametrize("page_kind", ["landing", "wall"])
async def test_poster_pages_cold_load_fits_the_transfer_budget(browser, live, record_property, page_kind):
    """Bytes on the wire (compressed, headers included) until the page a poster leads to
    (the place's landing page, or its wish wall) is usable."""
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        transferred: dict[str, float] = {}
        urls: dict[str, str] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished",
               lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]))
        code = live.codes["日月星光骑手驿站"]
        path = f"/q/{code}" if page_kind == "landing" else f"/q/{code}/wall"
        await goto(page, live.url(path))
        assert "日月星光骑手驿站" in await page.text_content("h1")
        if page_kind == "wall":
            await page.wait_for_selector("#open-wishes li")
        total = int(sum(transferred.values()))
        record_property(f"{page_kind}_cold_bytes", total)
        print(f"\n{page_kind} page {path} cold load: {total} bytes over {len(transferred)} requests")
        for request_id, size in sorted(transferred.items(), key=lambda kv: -kv[1]):
            print(f"  {int(size):>6}  {urls.get(request_id, '?')}")
        assert total <= BUDGET_BYTES
    finally:
        await context.close()


async def test_a_new_release_offers_a_reload(browser, tmp_path):
    """Change a file of the app, restart the server: the open page offers the new version."""
    pwa = tmp_path / "pwa"
    shutil.copytree(DEFAULT_PWA_DIR, pwa)
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": "", "YIZHAN_REDIS_URL": "",
           "YIZHAN_PWA_DIR": str(pwa)}
    assert run_yizhan(["migrate"], env).returncode == 0
    port = free_port()
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        page = await context.new_page()
        with running_server(env, port=port) as base:
            await goto(page, base + "/")
            await wait_for_control(page)
            old_version = await page.get_attribute("meta[name=app-version]", "content")
        css = pwa / "css" / "app.css"
        css.write_text(css.read_text() + "\n/* release 2 */\n")
        with running_server(env, port=port) as base:
            await page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            banner = page.locator("#banner.banner-update")
            await banner.wait_for(state="visible", timeout=20_000)
            assert "有新版本" in await banner.text_content()
            async with page.expect_navigation():
                await page.click("#banner button")
            await ready(page)
            new_version = await page.get_attribute("meta[name=app-version]", "content")
            assert new_version != old_version
            await page.wait_for_function(f"caches.keys().then(k => !k.includes('yizhan-shell-{old_version}'))")
    finally:
        await context.close()
