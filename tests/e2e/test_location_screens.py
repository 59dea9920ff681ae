"""Where a place is: "open in map" links carry its point, and "stations nearby" says how far
and which way to walk — with no map tiles fetched from outside."""

import math
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import PHONE, goto

pytestmark = pytest.mark.browser

STATION = (43.8038, 87.6405)  # the demo's 日月星光骑手驿站


async def test_a_place_opens_in_the_phones_map_and_the_common_map_apps(page, live):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((live.base, "data:", "blob:")) else None)
    await goto(page, live.url(f"/q/{live.codes['日月星光骑手驿站']}"))
    links = page.locator("#map-links a")
    await links.first.wait_for()
    assert await page.get_attribute("#map-geo", "href") == "geo:43.803800,87.640500?q=43.803800,87.640500(" \
        "%E6%97%A5%E6%9C%88%E6%98%9F%E5%85%89%E9%AA%91%E6%89%8B%E9%A9%BF%E7%AB%99)"
    amap = parse_qs(urlsplit(await page.get_attribute("#map-amap", "href")).query)
    assert amap["position"] == ["87.640500,43.803800"] and amap["coordinate"] == ["wgs84"]
    assert amap["name"] == ["日月星光骑手驿站"]
    baidu = parse_qs(urlsplit(await page.get_attribute("#map-baidu", "href")).query)
    assert baidu["location"] == ["43.803800,87.640500"]
    assert await links.count() == 4
    assert outside == []  # nothing was fetched from a map provider


async def test_nearby_says_how_far_and_which_way_to_walk(browser, live):
    # Standing about 380 m south-west of the station.
    here = (STATION[0] - 0.0025, STATION[1] - 0.0030)
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", geolocation={"latitude": here[0], "longitude": here[1]},
                                        permissions=["geolocation"])
    page = await context.new_page()
    try:
        await goto(page, live.url("/nearby"))
        await page.click("button:has-text('使用我的位置')")
        row = page.locator("li.person", has_text="日月星光骑手驿站")
        await row.wait_for()
        walk = await row.locator(".tag.walk").text_content()
        found = await (await page.request.get(live.url(f"/api/v1/places/nearby?lat={here[0]}&lng={here[1]}"))).json()
        km = next(item["distance_km"] for item in found if item["place"]["name"] == "日月星光骑手驿站")
        assert 0.3 < km < 0.45
        assert walk == f"往东北走 {math.floor(km * 100 + 0.5) * 10} 米", walk
    finally:
        await context.close()
