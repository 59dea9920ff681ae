"""Uyghur all the way through: names that have a Uyghur form show it, generated phrases come
from the catalog, and a number with a sign keeps its order inside right-to-left text."""

import pytest

from tests.e2e.conftest import PHONE, api_sign_in, goto

pytestmark = pytest.mark.browser

STATION_UG = "كۈن-ئاي-يۇلتۇز چاپارمەنلەر بېكىتى"


async def uyghur_page(browser):
    context = await browser.new_context(viewport=PHONE, locale="zh-CN")
    await context.add_init_script("localStorage.setItem('yizhan.lang', 'ug')")
    return context, await context.new_page()


async def test_the_uyghur_wall_names_the_place_and_riders_in_uyghur(browser, live):
    context, page = await uyghur_page(browser)
    try:
        await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}/wall"))
        cards = page.locator(".wish-card .meta")
        await cards.first.wait_for()
        text = await cards.first.text_content()
        assert STATION_UG in text and "ئۇستام" in text
        assert "师傅" not in text and "日月星光骑手驿站" not in text
    finally:
        await context.close()


async def test_a_negative_number_keeps_its_sign_in_front_in_right_to_left_text(browser, live):
    context, page = await uyghur_page(browser)
    try:
        csrf = await api_sign_in(page, live, "admin")
        listed = await (await page.request.get(live.url("/api/v1/accounts?role=rider&limit=100"))).json()
        rider = next(a for a in listed["items"] if a["phone"] == "13800000025")
        for amount, note in ((25, "补录"), (-20, "更正")):
            made = await page.request.post(live.url("/api/v1/points/adjustments"), headers=csrf,
                                           data={"account_id": rider["id"], "amount": amount, "note": note})
            assert made.status == 201, await made.text()
        await page.request.post(live.url("/api/v1/auth/sign-out"), headers=csrf)
        await api_sign_in(page, live, "13800000025")
        await goto(page, live.url("/wallet"))
        minus = page.locator("#ledger li .signed", has_text="-20").first
        await minus.wait_for()
        assert await page.evaluate("document.documentElement.dir") == "rtl"
        # Where each character is drawn: the minus sign left of the digits.
        xs = await minus.evaluate("""el => [...el.textContent].map((_, i) => {
            const range = document.createRange();
            range.setStart(el.firstChild, i); range.setEnd(el.firstChild, i + 1);
            return range.getBoundingClientRect().left; })""")
        assert xs == sorted(xs), xs
    finally:
        await context.close()
