"""axe-core on every screen, in Chinese, Uyghur and English, on a phone: no serious or
critical violation. axe-core comes with a test dependency (axe-playwright-python ships its
axe.min.js) and is put into the page by the test, never fetched from a CDN."""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.e2e.conftest import PHONE, api_sign_in, goto
from tests.e2e.test_browser_sign_in import MENUS

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
LOGINS = {"admin": "admin", "community_worker": "hongqiao", "station_head": "rijingxingguang",
          "property_staff": "hongqiao-wuye", "rider": "13800000005", "resident": "13800000006"}


async def violations(page) -> list[str]:
    """The serious and critical ones on the screen now, each with where it is."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(content=AXE)
    found = await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in found["violations"] if v["impact"] in ("serious", "critical")]


async def check(page, live, path: str, problems: list[str]) -> None:
    await goto(page, live.url(path))
    await page.wait_for_load_state("networkidle")
    problems.extend(f"{path}: {v}" for v in await violations(page))


@pytest.mark.parametrize("language", ["zh", "ug", "en"])
async def test_no_screen_has_a_serious_accessibility_violation(browser, live, language):
    station = live.codes["日月星光骑手驿站"]
    problems: list[str] = []
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    await context.add_init_script(f"localStorage.setItem('yizhan.lang', '{language}')")
    page = await context.new_page()
    try:
        community = (await (await page.request.get(live.url("/api/v1/org/nodes?kind=community"))).json())[0]["id"]
        wish = (await (await page.request.get(live.url(f"/api/v1/walls/places/{station}"))).json())["open"][0]["id"]
        for path in ["/", "/signin", "/register", "/register/resident", "/nearby", "/code", "/offline", f"/q/{station}",
                     f"/q/{station}/report",
                     f"/q/{station}/wish", f"/q/{station}/wall", f"/wall/community/{community}", f"/wishes/{wish}"]:
            await check(page, live, path, problems)
        for role, login in LOGINS.items():
            csrf = await api_sign_in(page, live, login)
            extra = []
            if role in ("admin", "community_worker", "property_staff"):  # a report's own page, with its actions
                queue = await (await page.request.get(live.url("/api/v1/reports"))).json()
                extra = [f"/reports/{item['id']}" for item in queue.get("items", [])[:1]]
            for path in ["/", *MENUS[role], *extra]:
                await check(page, live, path, problems)
            await page.request.post(live.url("/api/v1/auth/sign-out"), headers=csrf)
    finally:
        await context.close()
    assert problems == [], "\n".join(problems)
