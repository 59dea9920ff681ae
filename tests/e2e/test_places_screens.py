"""Places in the browser: a station head prints his posters in two taps; a poster's QR,
decoded from its PNG, opens the right place; posters fit their paper; the nearby search;
managing places and importing a CSV."""

import io
import re
import zipfile

import pytest
import zxingcpp
from PIL import Image

from tests.e2e.conftest import goto, unexpected_errors
from tests.e2e.test_browser_sign_in import sign_in

pytestmark = pytest.mark.browser


async def test_station_head_prints_posters_in_two_taps(page, context, live):
    await sign_in(page, live, "rijingxingguang")
    await page.click("nav.menu a[href='/posters']")                    # tap 1
    await page.wait_for_selector("#print-posters")
    async with context.expect_page() as opened:
        await page.click("#print-posters")                              # tap 2
    posters = await opened.value
    await posters.wait_for_load_state()
    sections = await posters.locator("section.poster").all()
    codes = {await s.get_attribute("data-code") for s in sections}
    assert codes == {live.codes["日月星光骑手驿站"], live.codes["红桥小区3号楼"]}
    assert "扫码随手拍" in await posters.text_content("body")
    await posters.close()


async def test_a_posters_qr_png_opens_the_right_place(page, live):
    await sign_in(page, live, "rijingxingguang")
    station_id = (await page.evaluate("fetch('/api/v1/auth/me').then(r => r.json())"))["account"]["scope"]["id"]
    response = await page.request.get(live.url(f"/api/v1/posters/codes.zip?station_id={station_id}"))
    archive = zipfile.ZipFile(io.BytesIO(await response.body()))
    name = next(n for n in archive.namelist() if n.startswith("红桥小区3号楼"))
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(archive.read(name))))
    url = decoded[0].text
    assert url == live.url(f"/q/{live.codes['红桥小区3号楼']}")
    await goto(page, url)
    assert await page.text_content("h1") == "红桥小区3号楼"


# Draws each character of the posters in its element's font and compares it with a
# character no font has (a private-use code point): the same pixels mean a missing glyph.
MISSING_GLYPHS = r"""() => {
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const pixels = (font, ch) => {
    ctx.clearRect(0, 0, 64, 64); ctx.font = font; ctx.textBaseline = 'top'; ctx.fillText(ch, 4, 4);
    return ctx.getImageData(0, 0, 64, 64).data.join(',');
  };
  const missing = new Set();
  for (const el of document.querySelectorAll('section.poster *')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    if (!own.trim()) continue;
    const style = getComputedStyle(el);
    const font = `${style.fontWeight} 40px ${style.fontFamily}`;
    const box = pixels(font, '\u{10FFFD}');
    for (const ch of new Set([...own.replace(/\s/g, '')])) if (pixels(font, ch) === box) missing.add(ch);
  }
  return [...missing];
}"""


@pytest.mark.parametrize("size", ["A4", "A5", "A6"])
async def test_each_poster_fits_its_page(browser, live, size):
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        await sign_in(tab, live, "admin")
        await tab.goto(live.url(f"/api/v1/posters?size={size}&english=true"))
        count = await tab.locator("section.poster").count()
        places = (await (await context.request.get(live.url("/api/v1/places?limit=100"))).json())["items"]
        pdf = await tab.pdf(prefer_css_page_size=True, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert count == len(places) >= 4 and pages == count  # other tests may have added places
        # No line of one language runs into the next one's.
        overlaps = await tab.evaluate("""() => [...document.querySelectorAll('section.poster')].flatMap(poster =>
            ['.cta', '.name'].flatMap(part => {
              const lines = [...poster.querySelectorAll(`${part} > span`)].flatMap(span => [...span.getClientRects()]
                .map(r => ({ lang: span.className, top: r.top, bottom: r.bottom })));
              return lines.flatMap((a, i) => lines.slice(i + 1).filter(b => a.lang !== b.lang
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5).map(b => `${part}: ${a.lang}/${b.lang}`));
            }))""")
        assert overlaps == [], overlaps
        # Every character is drawn from a font that has it: none comes out as the missing-glyph box.
        missing = await tab.evaluate(MISSING_GLYPHS)
        assert missing == [], missing
    finally:
        await context.close()


async def test_landing_page_shows_what_the_place_offers(page, live):
    await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}"))
    assert await page.text_content("h1") == "日月星光骑手驿站"
    main = await page.text_content("main")
    for text in ("骑手驿站", "正在开放", "手机充电", "微波炉", "电瓶充电", "24 小时", "0991-2345678"):
        assert text in main, text
    links = await page.eval_on_selector_all("nav.menu a", "els => els.map(a => a.getAttribute('href'))")
    code = live.codes["日月星光骑手驿站"]
    assert links == [f"/q/{code}/report", f"/q/{code}/wish", f"/q/{code}/wall"]
    assert await page.get_attribute("a[href^='tel:']", "href") == "tel:09912345678"
    assert page.console_errors == []


async def test_nearby_from_my_location_and_from_a_community(browser, live):
    context = await browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                        geolocation={"latitude": 43.8040, "longitude": 87.6400},
                                        permissions=["geolocation"])
    try:
        tab = await context.new_page()
        await goto(tab, live.url("/nearby"))
        await tab.click("label.chip:has-text('微波炉')")
        await tab.click("button:has-text('使用我的位置')")
        await tab.wait_for_selector(".results > ul > li")
        names = await tab.locator(".results > ul > li a").all_text_contents()
        assert names[0] == "日月星光骑手驿站" and "西河坝司机之家" not in names  # no microwave there
        # The other demo places keep hours; whether they are open depends on the clock, so
        # the rest looks at every station, open or not.
        await tab.click("label.check:has-text('只看正在开放的')")
        await tab.click("label.chip:has-text('微波炉')")  # off again: the drivers' home counts now
        await tab.wait_for_function("document.querySelectorAll('.results > ul > li').length >= 3")
        assert "西河坝司机之家" in await tab.locator(".results > ul > li a").all_text_contents()
        await tab.select_option("select[name=community_id]", label="大湾南社区")
        await tab.wait_for_function("document.querySelector('.results > ul > li a').textContent === '大湾南户外劳动者驿站'")
    finally:
        await context.close()


async def test_community_worker_adds_a_place_and_imports_a_csv(page, live, tmp_path):
    await sign_in(page, live, "hongqiao")
    await page.click("nav.menu a[href='/places']")
    await page.wait_for_selector("ul.people")
    await page.click("button:has-text('添加地点')")
    form = page.locator("form.inline-form").first
    await form.locator("select[name=kind]").select_option("compound")
    await form.locator("input[name=name]").fill("红桥新小区")
    await form.locator("label.chip:has-text('饮用水') input").check()
    await form.locator("select[name=property_company_id]").select_option(label="红桥物业服务有限公司")
    await form.locator("input[name=hours_mon]").fill("8点")
    await form.locator("button[type=submit]").click()
    await form.locator(".field-error[data-for=hours]").wait_for(state="visible")
    await form.locator("input[name=hours_mon]").fill("08:00-20:00")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("li.person:has-text('红桥新小区')")
    code = await page.locator("li.person:has-text('红桥新小区') a.code").text_content()
    resolved = await page.evaluate(f"fetch('/api/v1/codes/{code}').then(r => r.json())")
    assert resolved["place"]["amenities"] == ["drinking_water"]
    assert resolved["place"]["hours"][0] == ["08:00", "20:00"] and resolved["place"]["hours"][1] is None
    listed = await page.evaluate("fetch('/api/v1/places?limit=100').then(r => r.json())")
    made = next(item for item in listed["items"] if item["place"]["name"] == "红桥新小区")
    nodes = await page.evaluate("fetch('/api/v1/org/nodes?kind=property_company').then(r => r.json())")
    assert {n["id"]: n["name"] for n in nodes}[made["property_company_id"]] == "红桥物业服务有限公司"

    bad = tmp_path / "bad.csv"
    bad.write_bytes("名称,类型,社区\r\n好的楼,楼栋,红桥社区\r\n坏的楼,城堡,红桥社区\r\n".encode("gb18030"))
    await page.set_input_files("input[type=file]", str(bad))
    await page.click("button:has-text('上传并导入')")
    await page.wait_for_selector(".import-errors li")
    assert "第 3 行" in await page.text_content(".import-errors")
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeff名称,类型,社区\r\n好的楼,楼栋,红桥社区\r\n".encode("utf-8"))
    await page.set_input_files("input[type=file]", str(good))
    await page.click("button:has-text('上传并导入')")
    await page.wait_for_selector("li.person:has-text('好的楼')")
    assert unexpected_errors(page, 422) == []
