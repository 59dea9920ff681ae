"""Home screens that answer "what needs me now", and the rider's tab bar, on a phone."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from tests.e2e.conftest import api_sign_in, goto, ready
from tests.e2e.test_browser_sign_in import sign_in
from tests.e2e.test_reports_flow import api_json, new_page, rider_reports
from tests.support.photos import camera_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    path = tmp_path_factory.mktemp("home") / "photo.jpg"
    path.write_bytes(camera_jpeg(800, 600))
    return path


async def count_of(page, key: str) -> int:
    return int(await page.text_content(f"#todo li[data-key={key}] .todo-count"))


async def test_the_workers_home_shows_one_new_then_one_overdue(browser, live, photo):
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    try:
        await sign_in(worker, live, "hongqiao")
        await worker.wait_for_selector("#todo")
        new_before, overdue_before = await count_of(worker, "reports_new"), await count_of(worker, "reports_overdue")
        # The waiting work comes before the menu.
        assert await worker.evaluate("document.querySelector('#todo').compareDocumentPosition("
                                     "document.querySelector('nav.menu')) & Node.DOCUMENT_POSITION_FOLLOWING")

        sent = await rider_reports(rider, live, photo, place="日月星光骑手驿站")
        await goto(worker, live.url("/"))
        await worker.wait_for_selector("#todo")
        assert await count_of(worker, "reports_new") == new_before + 1

        # Its deadline passes (the test moves it into the past, as the clock would).
        past = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S.%f+00:00")
        with sqlite3.connect(live.data_dir / "yizhan.sqlite3", timeout=10) as db:
            db.execute("UPDATE report SET deadline_at = ? WHERE id = ?", (past, sent["id"]))
        await goto(worker, live.url("/"))
        await worker.wait_for_selector("#todo")
        assert await count_of(worker, "reports_overdue") == overdue_before + 1
        overdue = worker.locator("#todo li[data-key=reports_overdue] a")
        assert "urgent" in await overdue.get_attribute("class")
        await overdue.click()
        await worker.wait_for_url("**/reports?filter=overdue")
        await worker.wait_for_selector(f"li.person[data-id='{sent['id']}']")
        assert worker.console_errors == [] and rider.console_errors == []
    finally:
        for ctx in (rider_ctx, worker_ctx):
            await ctx.close()


async def test_the_riders_tab_bar_is_at_the_bottom_and_mirrored_in_uyghur(page, live):
    await sign_in(page, live, "13800000005")
    bar = page.locator("#tabbar")
    await bar.wait_for()
    tabs = bar.locator("a.tab")
    assert await tabs.count() == 5
    assert [await tabs.nth(i).get_attribute("href") for i in range(5)] == ["/", "/reports/mine", "/wishes/mine", "/wallet",
                                                                           "/account"]
    box = await bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(740, abs=1) and box["width"] == pytest.approx(360, abs=1)
    assert await tabs.nth(0).get_attribute("aria-current") == "page"
    await tabs.nth(3).click()
    await page.wait_for_url("**/wallet")
    await page.wait_for_selector("#tabbar a[aria-current=page][href='/wallet']")
    await ready(page)
    assert await page.locator("#tabbar a[aria-current=page]").count() == 1
    # Nothing of the screen hides behind the bar: the page can scroll its last line above it.
    assert await page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)") >= box["height"]

    first_ltr = (await tabs.nth(0).bounding_box())["x"]
    await page.select_option("#lang", "ug")
    await page.wait_for_function("document.documentElement.dir === 'rtl'")
    await page.wait_for_function("document.querySelector('#tabbar a.tab .tab-label').textContent === 'باش بەت'")
    home_tab, me_tab = await tabs.nth(0).bounding_box(), await tabs.nth(4).bounding_box()
    assert home_tab["x"] > me_tab["x"] and first_ltr < home_tab["x"]  # home moves to the right in Uyghur

    # The poster flows keep their direct entry, and a station's TV has no tab bar.
    await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}/report"))
    assert await page.locator("form").count() >= 1
    await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}/screen"))
    assert await page.locator("#tabbar").count() == 0
    assert page.console_errors == []


async def test_staff_have_no_tab_bar_and_a_station_head_sees_his_counts(page, live):
    await sign_in(page, live, "rijingxingguang")
    await page.wait_for_selector("#todo")
    keys = await page.eval_on_selector_all("#todo li", "els => els.map(li => li.dataset.key)")
    assert keys == ["wishes_to_review", "redemptions_waiting", "riders_open_reports"]
    home = await api_json(page, "/home")
    for item in home["waiting"]:
        assert await count_of(page, item["key"]) == item["count"]
    assert await page.locator("#tabbar").count() == 0
    # Every destination of the menu has its picture.
    icons = await page.eval_on_selector_all("nav.menu a", "els => els.map(a => a.querySelector('.menu-icon')?.textContent)")
    assert icons and all(icon and icon != "•" for icon in icons)


async def test_the_queue_shows_photos_clocks_and_counts_and_sorts_by_deadline(browser, live, photo):
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    try:
        first = await rider_reports(rider, live, photo, place="日月星光骑手驿站")
        second = await rider_reports(rider, live, photo, place="日月星光骑手驿站")
        # Both on the clock; the second one is due sooner than the first.
        def from_now(minutes: int) -> str:
            return (datetime.now(UTC) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S.%f+00:00")
        with sqlite3.connect(live.data_dir / "yizhan.sqlite3", timeout=10) as db:
            db.execute("UPDATE report SET deadline_at = ? WHERE id = ?", (from_now(300), first["id"]))
            db.execute("UPDATE report SET deadline_at = ? WHERE id = ?", (from_now(50), second["id"]))
        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url("/reports?filter=submitted"))
        row = worker.locator(f"li.report-row[data-id='{first['id']}']")
        await row.wait_for()
        thumb = row.locator("img.row-thumb")
        assert await thumb.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
        assert (await row.locator(".countdown").text_content()).startswith("还剩")
        due_soon = worker.locator(f"li.report-row[data-id='{second['id']}'] .countdown")
        assert "soon" in await due_soon.get_attribute("class")
        counts = await api_json(worker, "/reports/counts")
        shown = await worker.eval_on_selector_all("nav.chips a", "els => Object.fromEntries(els.map("
                                                  "a => [a.dataset.filter, Number(a.querySelector('.chip-count').textContent)]))")
        assert shown["submitted"] == counts["by_status"]["submitted"] and shown["open"] == counts["open"]
        assert shown["overdue"] == counts["overdue"]
        expected = [r["id"] for r in (await api_json(worker, "/reports?status=submitted&sort=deadline"))["items"]]
        assert expected.index(second["id"]) < expected.index(first["id"])
        await worker.select_option("#queue-sort", "deadline")
        await worker.wait_for_url("**/reports?filter=submitted&sort=deadline")
        await worker.wait_for_function("ids => JSON.stringify([...document.querySelectorAll('#queue-list li')]"
                                       ".map(li => Number(li.dataset.id))) === JSON.stringify(ids)", arg=expected)
        assert worker.console_errors == []
    finally:
        for ctx in (rider_ctx, worker_ctx):
            await ctx.close()


async def test_the_tv_wall_pages_through_every_wish_at_1920_by_1080(browser, live):
    context = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = await context.new_page()
    try:
        csrf = await api_sign_in(page, live, "hongqiao")
        for i in range(10):  # more than a screenful: wishes written down for riders, published at once
            made = await page.request.post(live.url("/api/v1/wishes"), headers=csrf, multipart={
                "code": live.codes["红桥小区3号楼"], "category": "goods", "title": f"电视墙第{i + 1}个心愿",
                "description": "冬天需要一副厚手套,骑车时手冻得发麻" * 3, "rider_name": "王建国",
                "source": "talk_session", "idempotency_key": f"tv-wall-{i:02d}-{live.base[-5:]}"})
            assert made.status in (200, 201), await made.text()
        await page.request.post(live.url("/api/v1/auth/sign-out"), headers=csrf)
        community = (await (await page.request.get(live.url("/api/v1/org/nodes?kind=community"))).json())
        hongqiao = next(c["id"] for c in community if c["name"] == "红桥社区")
        wall = await (await page.request.get(live.url(f"/api/v1/walls/communities/{hongqiao}"))).json()
        wanted = {w["id"] for w in wall["open"]} | {w["id"] for w in wall["lit"]}
        assert wall["lit"] and len(wanted) > 10

        await goto(page, live.url(f"/wall/community/{hongqiao}?tv=1&page_seconds=2"))
        await page.wait_for_selector("#lit-wishes")
        assert await page.evaluate("document.documentElement.scrollHeight") > 1080  # it does not fit at once
        seen: set[int] = set()
        for _ in range(80):  # 40 s at most: a cycle of a few 2-second pages
            seen |= set(await page.evaluate("""() => [...document.querySelectorAll('.wish-card')].filter(card => {
                const r = card.getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight; }).map(card => Number(card.dataset.id))"""))
            if wanted <= seen:
                break
            await page.wait_for_timeout(500)
        assert wanted <= seen, wanted - seen
    finally:
        await context.close()


async def test_empty_lists_say_so_and_offer_the_next_step(browser, live):
    import random

    context = await browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = await context.new_page()
    try:
        csrf = await api_sign_in(page, live, "admin")
        stations = await (await page.request.get(live.url("/api/v1/org/nodes?kind=delivery_station"))).json()
        phone = f"1370000{random.randrange(10_000):04d}"
        made = await page.request.post(live.url("/api/v1/accounts"), headers=csrf, data={
            "role": "rider", "name": "新来的骑手", "password": "a-new-riders-password-9", "phone": phone,
            "scope_id": stations[0]["id"]})
        assert made.status == 201, await made.text()
        await page.request.post(live.url("/api/v1/auth/sign-out"), headers=csrf)
        await sign_in(page, live, phone, "a-new-riders-password-9")
        for path, link in (("/reports/mine", "/code"), ("/wishes/mine", "/nearby"), ("/notifications", "/")):
            await goto(page, live.url(path))
            await page.wait_for_selector("#empty-state")
            assert await page.get_attribute("#empty-state a", "href") == link, path
        await goto(page, live.url("/wallet"))
        await page.wait_for_selector("#ledger-empty a[href='/code']")

        # A new community's worker: an empty queue offers "see all", then posters.
        await context.clear_cookies()
        csrf = await api_sign_in(page, live, "admin")
        streets = await (await page.request.get(live.url("/api/v1/org/nodes?kind=street"))).json()
        community = await page.request.post(live.url("/api/v1/org/nodes"), headers=csrf, data={
            "kind": "community", "name": f"新社区{phone[-4:]}", "parent_id": streets[0]["id"]})
        assert community.status == 201, await community.text()
        worker_phone = f"1360000{phone[-4:]}"
        made = await page.request.post(live.url("/api/v1/accounts"), headers=csrf, data={
            "role": "community_worker", "name": "新社区工作人员", "password": "a-new-workers-password-9",
            "phone": worker_phone, "scope_id": (await community.json())["id"]})
        assert made.status == 201, await made.text()
        await page.request.post(live.url("/api/v1/auth/sign-out"), headers=csrf)
        await sign_in(page, live, worker_phone, "a-new-workers-password-9")
        await goto(page, live.url("/reports?filter=returned"))
        await page.wait_for_selector("#empty-state a[href='/reports?filter=all']")
        await goto(page, live.url("/reports?filter=all"))
        await page.wait_for_selector("#empty-state a[href='/posters']")
    finally:
        await context.close()


async def test_a_slow_screen_shows_its_outline_and_a_failed_one_offers_try_again(browser, live):
    import asyncio

    # No service worker: the test stands where the network is (the worker's fetches pass no route).
    context, page = await new_page(browser, service_workers="block")
    try:
        await _slow_and_failing(page, live, asyncio)
    finally:
        await context.close()


async def _slow_and_failing(page, live, asyncio):
    await sign_in(page, live, "hongqiao")
    gate = asyncio.Event()

    async def slow(route):
        await gate.wait()
        await route.continue_()

    await page.route("**/api/v1/reports/counts", slow)
    await page.click("nav.menu a[href='/reports']")
    await page.wait_for_selector(".skeleton[aria-busy=true]")  # the outline while the queue is on its way
    gate.set()
    await page.wait_for_selector("#queue-list, #empty-state")
    assert await page.locator(".skeleton").count() == 0
    await page.unroute("**/api/v1/reports/counts")

    # The same screen drawn again keeps what it shows (no outline flashing on a refresh).
    await page.evaluate("window.__outlines = 0; new MutationObserver(() => { if (document.querySelector('.skeleton'))"
                        " window.__outlines++; }).observe(document.getElementById('view'), { childList: true })")
    await page.route("**/api/v1/reports/counts", lambda route: asyncio.get_event_loop().call_later(
        0.5, lambda: asyncio.ensure_future(route.continue_())))
    await page.click("#queue-refresh")
    await page.wait_for_timeout(1200)
    assert await page.evaluate("window.__outlines") == 0
    await page.unroute("**/api/v1/reports/counts")

    # The network fails: the message and "try again", which works once it is back.
    await page.route("**/api/v1/reports/counts", lambda route: route.abort())
    await page.click("#queue-refresh")
    retry = page.locator(".error-card button.retry")
    await retry.wait_for()
    await page.unroute("**/api/v1/reports/counts")
    await retry.click()
    await page.wait_for_selector("#queue-list, #empty-state")


async def test_the_station_tv_pages_through_what_does_not_fit(browser, live):
    context = await browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = await context.new_page()
    try:
        await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}/screen?page_seconds=2"))
        await page.wait_for_selector("#station-screen")
        height = await page.evaluate("document.documentElement.scrollHeight")
        if height <= 720:
            pytest.fail("the station screen fits one screenful here: make the test's screen smaller")
        tops = set()
        for _ in range(30):
            tops.add(await page.evaluate("Math.round(window.scrollY)"))
            await page.wait_for_timeout(250)
        assert len(tops) >= 2 and 0 in tops  # it moved on, and came back (or started) at the top
    finally:
        await context.close()
