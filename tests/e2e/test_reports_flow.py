"""随手拍 in the browser: a rider reports with a real camera photo, the community verifies
and assigns, the property company resolves with an "after" photo, the rider sees it and
the points; and the same report sent while offline arrives exactly once."""

import io
import re

import pytest
from PIL import Image

from tests.e2e.conftest import PHONE, goto
from tests.e2e.test_browser_sign_in import sign_in
from tests.support.photos import camera_jpeg

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def camera_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("camera") / "IMG_20261129_101500.jpg"
    path.write_bytes(camera_jpeg(4000, 3000, orientation=6, gps=True))
    return path


async def new_page(browser, **options):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", **options)
    page = await context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return context, page


async def rider_reports(page, live, photo_path, category="卫生环境", place="红桥小区3号楼") -> dict:
    """The demo rider sends a report from a place's poster through the form; returns it."""
    await sign_in(page, live, "13800000005")
    await goto(page, live.url(f"/q/{live.codes[place]}/report"))
    await page.set_input_files("#report-photos", str(photo_path))
    await page.wait_for_selector(".previews img")
    await page.click(f"label.chip:has-text('{category}')")
    await page.click("form button[type=submit]")
    await page.wait_for_selector(".sent")
    return (await api_json(page, "/reports/mine"))["items"][0]


async def api_json(page, path):
    return await page.evaluate(f"fetch('/api/v1{path}').then(r => r.json())")


async def test_report_from_poster_to_fixed(browser, live, camera_file):
    code = live.codes["红桥小区3号楼"]
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    staff_ctx, staff = await new_page(browser)
    try:
        await sign_in(rider, live, "13800000005")
        uploads = []
        rider.on("request", lambda r: uploads.append(len(r.post_data_buffer or b""))
                 if r.url.endswith("/api/v1/reports") and r.method == "POST" else None)
        await goto(rider, live.url(f"/q/{code}/report"))
        await rider.set_input_files("#report-photos", str(camera_file))
        await rider.wait_for_selector(".previews img")
        await rider.click("label.chip:has-text('安全隐患')")
        await rider.fill("textarea[name=description]", "楼道里有电动车飞线充电")
        await rider.fill("input[name=spot]", "3号楼2单元门口")
        await rider.click("form button[type=submit]")
        await rider.wait_for_selector(".sent")
        # The phone sent a shrunk photo: at most 1,600 px, well under 400 KB for 12 MP.
        assert uploads and uploads[0] < 400 * 1024, uploads
        print(f"\nreport upload from a 12 MP camera photo, shrunk in Chromium: {uploads[0]} bytes")
        mine = (await api_json(rider, "/reports/mine"))["items"][0]
        rider_name = mine["reporter"]
        assert mine["category"] == "safety_hazard" and mine["spot"] == "3号楼2单元门口"
        report = await api_json(rider, f"/reports/{mine['id']}")
        served = await rider.request.get(live.url(report["photos"][0]["url"]))
        image = Image.open(io.BytesIO(await served.body()))
        assert max(image.size) <= 1600 and image.height > image.width  # upright portrait
        assert dict(image.getexif()) == {}

        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url(f"/reports/{mine['id']}"))
        # The worker sees who sent it, the number masked until he opens it (recorded).
        assert "138****0005" in await worker.text_content("#reporter")
        await worker.click("#show-phone")
        await worker.wait_for_selector("#reporter-phone")
        assert await worker.text_content("#reporter-phone") == "13800000005"
        # A saved reply, picked instead of typed.
        await worker.evaluate("""async () => {
          const session = await (await fetch('/api/v1/auth/session')).json();
          await fetch('/api/v1/report-templates', { method: 'POST', headers: { 'Content-Type': 'application/json',
            'X-CSRF-Token': session.csrf_token }, body: JSON.stringify({ text: '已通知物业,24小时内处理' }) });
        }""")
        await goto(worker, live.url(f"/reports/{mine['id']}"))
        await worker.select_option("form[data-action=verify] select.reply-pick", label="已通知物业,24小时内处理")
        assert await worker.input_value("form[data-action=verify] input[name=note]") == "已通知物业,24小时内处理"
        await worker.click("form[data-action=verify] button[type=submit]")
        # 红桥小区3号楼 is managed by 红桥物业: verifying sends it there with no further step.
        await worker.wait_for_selector(".tag.status-assigned")
        notes = [e["note"] for e in (await api_json(worker, f"/reports/{mine['id']}"))["events"] if e["action"] == "verify"]
        assert notes == ["已通知物业,24小时内处理"]

        await sign_in(staff, live, "hongqiao-wuye")
        await staff.click("nav.menu a[href='/reports']")
        await staff.click(f"li.person[data-id='{mine['id']}'] a")
        # The company never learns who reported its compound: a rider of a station, no name.
        await staff.wait_for_selector("#reporter")
        shown = await staff.text_content("#reporter")
        assert shown.startswith("骑手 · ") and "0005" not in await staff.content()
        assert rider_name not in await staff.content()
        # The company signs for it (签收) first; the page then shows the time it took.
        await staff.click("form[data-action=accept] button[type=submit]")
        await staff.wait_for_selector("#acceptance .tag")
        assert await staff.locator("form[data-action=accept]").count() == 0
        await staff.set_input_files("form[data-action=resolve] input[name=photo]", str(camera_file))
        await staff.fill("form[data-action=resolve] input[name=note]", "已拆除飞线")
        await staff.click("form[data-action=resolve] button[type=submit]")
        await staff.wait_for_selector(".tag.status-resolved")
        assert await staff.locator(".photos li").count() == 2

        # A second report is not theirs: returned with a reason, back in the worker's queue.
        second = await rider_reports(rider, live, camera_file, category="安全隐患")
        await goto(worker, live.url(f"/reports/{second['id']}"))
        await worker.click("form[data-action=verify] button[type=submit]")
        await worker.wait_for_selector(".tag.status-assigned")
        await goto(staff, live.url(f"/reports/{second['id']}"))
        await staff.click("#more-actions summary")  # the next step is to sign for it; sending it back is "more"
        await staff.fill("form[data-action=return] input[name=note]", "这栋楼不归我们管")
        await staff.click("form[data-action=return] button[type=submit]")
        # It is no longer theirs: the fixer is back in his queue, without it.
        await staff.wait_for_url("**/reports")
        await staff.wait_for_selector("ul.people, p")
        assert await staff.locator(f"li.person[data-id='{second['id']}']").count() == 0
        await goto(worker, live.url("/reports"))
        returned = worker.locator(f"li.person[data-id='{second['id']}']")
        await returned.wait_for()
        await returned.locator("a").click()
        await worker.wait_for_url(f"**/reports/{second['id']}")
        history = worker.locator("ol.timeline li:has-text('退单')")
        await history.wait_for()
        assert "这栋楼不归我们管" in await history.inner_text()

        await goto(rider, live.url("/reports/mine"))
        row = rider.locator(f"li.person[data-id='{mine['id']}']")
        assert "已解决" in await row.text_content()
        assert int(await rider.text_content("#points-balance")) >= 15  # verified 10 + resolved 5
        await row.locator("a").click()
        await rider.click("form[data-action=fixed] button[type=submit]")
        await rider.wait_for_selector(".tag.status-closed")
        for tab in (rider, worker, staff):
            assert tab.console_errors == []
    finally:
        for ctx in (rider_ctx, worker_ctx, staff_ctx):
            await ctx.close()


async def test_a_verified_report_puts_assign_first_and_offers_only_its_communitys_companies(browser, live, camera_file):
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    try:
        # The station has no property company: verifying leaves it with the worker to assign.
        sent = await rider_reports(rider, live, camera_file, place="日月星光骑手驿站")
        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url(f"/reports/{sent['id']}"))
        assert await worker.locator("#next-step form[data-action=verify]").count() == 1
        await worker.click("#next-step form[data-action=verify] button[type=submit]")
        await worker.wait_for_selector(".tag.status-verified")
        await worker.wait_for_selector("#next-step form[data-action=assign]")
        assert await worker.locator("form[data-action=verify]").count() == 0
        # The others wait behind "more", closed; the destructive ones ask first.
        assert await worker.locator("#more-actions").get_attribute("open") is None
        assert not await worker.locator("form[data-action=reject] button").is_visible()
        offered = await worker.locator("form[data-action=assign] select[name=company_id] option").all_inner_texts()
        place = await api_json(worker, f"/places/{sent['place_id']}")
        companies = await api_json(worker, "/org/nodes?kind=property_company")
        everywhere = {c["name"]: c["parent_id"] for c in await api_json(rider, "/org/nodes?kind=property_company")}
        ours = sorted(c["name"] for c in companies if c["parent_id"] == place["community_id"])
        assert ours and sorted(offered[1:]) == ours  # the first option is "no company"
        assert any(parent != place["community_id"] for parent in everywhere.values())  # others exist, not offered

        await worker.click("#more-actions summary")
        await worker.fill("form[data-action=reject] input[name=note]", "不在本社区")
        worker.once("dialog", lambda dialog: dialog.dismiss())
        await worker.click("form[data-action=reject] button[type=submit]")
        await worker.wait_for_timeout(300)
        assert (await api_json(worker, f"/reports/{sent['id']}"))["status"] == "verified"  # dismissed: nothing happened
        worker.once("dialog", lambda dialog: dialog.accept())
        await worker.click("form[data-action=reject] button[type=submit]")
        await worker.wait_for_selector(".tag.status-rejected")
        assert (await api_json(worker, f"/reports/{sent['id']}"))["can"] == ["reopen", "comment"]
        await worker.wait_for_selector("#next-step form[data-action=reopen]")
        assert worker.console_errors == [] and rider.console_errors == []
    finally:
        for ctx in (rider_ctx, worker_ctx):
            await ctx.close()


async def test_photos_open_full_screen_swipe_and_show_before_and_after(browser, live, camera_file, tmp_path):
    second_photo = tmp_path / "second.jpg"
    second_photo.write_bytes(camera_jpeg(1200, 900, orientation=1, seed=7))
    rider_ctx, rider = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    try:
        await sign_in(rider, live, "13800000005")
        await goto(rider, live.url(f"/q/{live.codes['日月星光骑手驿站']}/report"))
        await rider.set_input_files("#report-photos", [str(camera_file), str(second_photo)])
        await rider.wait_for_function("document.querySelectorAll('.previews img').length === 2")
        await rider.click("label.chip:has-text('卫生环境')")
        await rider.click("form button[type=submit]")
        await rider.wait_for_selector(".sent")
        sent = (await api_json(rider, "/reports/mine"))["items"][0]

        await sign_in(worker, live, "hongqiao")
        await goto(worker, live.url(f"/reports/{sent['id']}"))
        await worker.click("#next-step form[data-action=verify] button[type=submit]")
        await worker.wait_for_selector("#next-step form[data-action=assign]")
        await worker.click("#next-step form[data-action=assign] button[type=submit]")  # to the first company offered
        await worker.wait_for_selector(".tag.status-assigned")
        await worker.click("#more-actions summary")
        await worker.set_input_files("form[data-action=resolve] input[name=photo]", str(second_photo))
        await worker.click("form[data-action=resolve] button[type=submit]")
        await worker.wait_for_selector(".tag.status-resolved")
        pair = worker.locator("#before-after figure")
        assert await pair.count() == 2
        assert [await pair.nth(i).locator("figcaption").text_content() for i in range(2)] == ["问题照片", "处理后"]

        await worker.locator(".photos .photo-button").first.click()
        viewer = worker.locator("dialog#viewer")
        await viewer.wait_for()
        assert "1 / 3" in await viewer.locator(".viewer-caption").text_content()
        photo = viewer.locator(".viewer-photo")
        assert await photo.evaluate("img => img.decode().then(() => img.naturalWidth > 300)")  # the full photo, not the thumbnail
        box = await photo.bounding_box()
        assert box["width"] >= 340  # the whole width of the phone
        # A swipe to the left shows the next photo, a swipe to the right the one before.
        y = box["y"] + box["height"] / 2
        await worker.mouse.move(box["x"] + 300, y)
        await worker.mouse.down()
        await worker.mouse.move(box["x"] + 60, y, steps=5)
        await worker.mouse.up()
        await worker.wait_for_function("document.querySelector('#viewer').dataset.index === '1'")
        assert "2 / 3" in await viewer.locator(".viewer-caption").text_content()
        await worker.keyboard.press("ArrowLeft")
        await worker.wait_for_function("document.querySelector('#viewer').dataset.index === '0'")
        await worker.keyboard.press("Escape")
        await worker.wait_for_function("!document.querySelector('dialog#viewer')")
        assert worker.console_errors == [] and rider.console_errors == []
    finally:
        for ctx in (rider_ctx, worker_ctx):
            await ctx.close()


async def test_a_report_sent_offline_arrives_once(browser, live, camera_file):
    code = live.codes["红桥小区3号楼"]
    context, page = await new_page(browser)
    try:
        await sign_in(page, live, "13800000015")
        before = len((await api_json(page, "/reports/mine"))["items"])
        await goto(page, live.url(f"/q/{code}/report"))
        await page.set_input_files("#report-photos", str(camera_file))
        await page.wait_for_selector(".previews img")
        await context.set_offline(True)
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".waiting")
        assert "联网后自动发送" in await page.text_content(".waiting")
        kept = await page.evaluate("""new Promise(r => { const o = indexedDB.open('yizhan', 1);
            o.onsuccess = () => { const q = o.result.transaction('outbox').objectStore('outbox').count();
            q.onsuccess = () => r(q.result); }; })""")
        assert kept == 1
        await context.set_offline(False)
        await page.wait_for_selector(".waiting .ok", timeout=20_000)
        items = (await api_json(page, "/reports/mine"))["items"]
        assert len(items) == before + 1
        # Coming back again (a reload, another online event) sends nothing more.
        await page.reload()
        # The page's start-up round of sending what waits has finished (it found nothing).
        await page.wait_for_function("Number(document.documentElement.dataset.outboxRounds) >= 1")
        assert len((await api_json(page, "/reports/mine"))["items"]) == before + 1
    finally:
        await context.close()


async def test_a_poster_scanned_offline_for_a_place_never_opened_still_takes_the_report(browser, live, camera_file):
    code = live.codes["大湾南户外劳动者驿站"]
    context, page = await new_page(browser)
    try:
        await sign_in(page, live, "13800000025")
        before = len((await api_json(page, "/reports/mine"))["items"])
        await page.evaluate("navigator.serviceWorker.ready")  # the app itself is on the phone; this place is not
        await context.set_offline(True)
        await goto(page, live.url(f"/q/{code.lower()}"))
        await page.wait_for_selector("#offline-report")
        assert code in await page.text_content("#offline-report")
        assert await page.locator("label.chip input[name=category]").count() >= 5  # the usual kinds, from the catalog
        await page.set_input_files("#report-photos", str(camera_file))
        await page.wait_for_selector(".previews img")
        await page.click("label.chip:has-text('卫生环境')")
        await page.click("form button[type=submit]")
        await page.wait_for_selector(".waiting")
        await context.set_offline(False)
        # The page or the service worker sends it, whichever is first; once, either way.
        for _ in range(40):
            if len((await api_json(page, "/reports/mine"))["items"]) > before:
                break
            await page.wait_for_timeout(500)
        mine = (await api_json(page, "/reports/mine"))["items"]
        assert len(mine) == before + 1 and mine[0]["place_name"] == "大湾南户外劳动者驿站"
        assert mine[0]["category"] == "sanitation"
    finally:
        await context.close()


async def test_the_hourly_limit_says_when_a_report_can_go(browser, live, camera_file):
    """Past the hour's ten reports the form does not say "no network": it says until when
    (Beijing time), and keeps the report on the phone."""
    import base64
    import secrets

    context, page = await new_page(browser)
    try:
        await goto(page, live.url("/register"))
        phone = "135" + "".join(secrets.choice("0123456789") for _ in range(8))
        registered = await page.evaluate("""async (phone) => {
            const stations = await (await fetch('/api/v1/org/nodes?kind=delivery_station')).json();
            const r = await fetch('/api/v1/auth/register', {method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({name: '限时测试', phone, password: 'ride-safe-2026', consent: true,
                                      station_id: stations[0].id})});
            return {status: r.status, csrf: (await r.json()).csrf_token};
        }""", phone)
        assert registered["status"] == 201, registered
        photo = base64.b64encode(camera_jpeg(320, 240)).decode()
        statuses = await page.evaluate("""async ([code, photo, csrf]) => {
            const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
            const out = [];
            for (let n = 0; n < 10; n++) {
                const form = new FormData();
                form.append('code', code); form.append('category', 'sanitation');
                form.append('idempotency_key', `limit-test-${Date.now()}-${n}`);
                form.append('photos', new Blob([bytes], {type: 'image/jpeg'}), 'a.jpg');
                out.push((await fetch('/api/v1/reports', {method: 'POST', body: form, headers: {'X-CSRF-Token': csrf}})).status);
            }
            return out;
        }""", [live.codes["红桥小区3号楼"], photo, registered["csrf"]])
        assert statuses == [201] * 10
        await goto(page, live.url(f"/q/{live.codes['红桥小区3号楼']}/report"))
        await page.set_input_files("#report-photos", str(camera_file))
        await page.wait_for_selector(".previews img")
        await page.click("label.chip:has-text('卫生环境')")
        await page.click("form button[type=submit]")
        said = await page.locator("#try-later").text_content()
        assert "之后再试" in said and "北京时间" in said and "没有网络" not in said
        assert re.search(r"\d{2}:\d{2}", said), said
        kept = await page.evaluate("""new Promise(r => { const o = indexedDB.open('yizhan', 1);
            o.onsuccess = () => { const q = o.result.transaction('outbox').objectStore('outbox').count();
            q.onsuccess = () => r(q.result); }; })""")
        assert kept == 1
    finally:
        await context.close()


async def test_a_guest_keeps_the_follow_link_and_sees_the_reply_anywhere(browser, live, camera_file):
    """A guest reports from a poster, keeps the private link (and its QR), opens it later in
    another browser with nothing of his — and sees the community's reply, then says "fixed"."""
    code = live.codes["红桥小区3号楼"]
    guest_ctx, guest = await new_page(browser)
    worker_ctx, worker = await new_page(browser)
    later_ctx, later = await new_page(browser)
    try:
        await goto(guest, live.url(f"/q/{code}/report"))
        await guest.set_input_files("#report-photos", str(camera_file))
        await guest.wait_for_selector(".previews img")
        await guest.click("label.chip:has-text('卫生环境')")
        await guest.click("form button[type=submit]")
        card = guest.locator("#follow-card")
        await card.wait_for()
        link = await guest.get_attribute("#private-link", "href")
        number = int(link.split("/")[-1].split("-")[0])
        assert f"#{number}" in await card.text_content()
        await guest.wait_for_function("document.querySelector('.follow-qr').naturalWidth > 0")  # the QR is there
        assert await guest.locator("#save-link").get_attribute("download") == f"yizhan-report-{number}.txt"

        await sign_in(worker, live, "hongqiao")
        csrf = (await worker.evaluate("fetch('/api/v1/auth/session').then(r => r.json())"))["csrf_token"]
        for action, body in (("verify", {}), ("assign", {"department": "街道城管科", "note": "已通知物业,今天处理"})):
            status = await worker.evaluate("""async ([id, action, body, csrf]) => (await fetch(
                `/api/v1/reports/${id}/actions/${action}`, {method: 'POST', body: JSON.stringify(body),
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf}})).status""", [number, action, body, csrf])
            assert status == 200, (action, status)

        await goto(later, live.url(link))  # another browser: no cookie, no storage
        await later.wait_for_selector("#follow-status")
        assert "已通知物业,今天处理" in await later.text_content("#history")
        assert "处理中" in await later.text_content("#follow-status")
        assert await later.locator("#follow-answer").count() == 0  # nothing to answer yet
        await worker.evaluate("""async ([id, csrf]) => fetch(`/api/v1/reports/${id}/actions/resolve`, {method: 'POST',
            body: '{}', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf}})""", [number, csrf])
        await goto(later, live.url(link))
        await later.click("#answer-fixed")
        await later.wait_for_function("document.querySelector('#follow-status')?.textContent.includes('已办结')")
        for tab in (guest, worker, later):
            assert tab.console_errors == []
    finally:
        for ctx in (guest_ctx, worker_ctx, later_ctx):
            await ctx.close()
