"""QR codes and printable posters: decoded back with zxing-cpp, quiet zone measured."""

import io
import re
import zipfile

import pytest
import zxingcpp
from PIL import Image

from qr.codes import QUIET_ZONE, qr_matrix, qr_png, qr_svg
from qr.posters import SIZES


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    return results[0].text


def quiet_zone_modules(data: bytes, module_px: int) -> int:
    """White modules between the image edge and the first dark pixel, on every side."""
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    pixels = image.load()
    dark = [(x, y) for y in range(height) for x in range(width) if pixels[x, y] < 128]
    left = min(x for x, _ in dark)
    top = min(y for _, y in dark)
    right = width - 1 - max(x for x, _ in dark)
    bottom = height - 1 - max(y for _, y in dark)
    return min(left, top, right, bottom) // module_px


@pytest.mark.parametrize("url", ["https://yizhan.example.cn/q/ABCDEFGH23",
                                 "http://localhost:8000/q/XYZW234567/report"])
def test_png_decodes_to_the_exact_url_with_a_quiet_zone(url):
    png = qr_png(url, module_px=8)
    assert decode_png(png) == url
    assert quiet_zone_modules(png, 8) >= QUIET_ZONE == 4


def test_error_correction_is_q():
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=4)
    code.add_data("https://yizhan.example.cn/q/ABCDEFGH23")
    code.make(fit=True)
    assert [list(row) for row in qr_matrix("https://yizhan.example.cn/q/ABCDEFGH23")] == code.get_matrix()


def test_svg_is_the_same_code(tmp_path):
    svg = qr_svg("https://yizhan.example.cn/q/ABCDEFGH23", title="t")
    size = len(qr_matrix("https://yizhan.example.cn/q/ABCDEFGH23"))
    assert f'viewBox="0 0 {size} {size}"' in svg and svg.count("<path") == 1
    # The first dark module is at the quiet zone's edge.
    first = re.search(r'd="M(\d+) (\d+)', svg)
    assert int(first.group(1)) >= QUIET_ZONE and int(first.group(2)) == QUIET_ZONE


@pytest.fixture
async def station_places(as_role, world):
    head = await as_role("station_head")
    made = []
    for name in ("日月星光骑手驿站", "红桥小区3号楼"):
        r = await head.post("/api/v1/places", json={"kind": "rider_station" if "驿站" in name else "building",
                                                     "name": name, "name_ug": "بېكەت"})
        made.append(r.json())
    return head, made


async def test_place_qr_png_and_svg(station_places):
    head, made = station_places
    place = made[0]
    png = await head.get(f"/api/v1/places/{place['place']['id']}/qr")
    assert png.headers["content-type"] == "image/png"
    assert decode_png(png.content) == place["landing_url"]
    report = await head.get(f"/api/v1/places/{place['place']['id']}/qr", params={"target": "report"})
    assert decode_png(report.content) == place["landing_url"] + "/report"
    svg = await head.get(f"/api/v1/places/{place['place']['id']}/qr", params={"format": "svg"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and svg.text.startswith("<svg")
    assert (await head.get(f"/api/v1/places/{place['place']['id']}/qr", params={"target": "x"})).status_code == 422


async def test_station_posters_batch(station_places, world):
    head, made = station_places
    r = await head.get("/api/v1/posters", params={"station_id": world.station.id, "size": "A4"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.count('<section class="poster"') == 2
    assert "size: 210mm 297mm" in html and f"width: {SIZES['A4']['qr_mm']}mm" in html
    for item in made:
        assert f'data-code="{item["code"]}"' in html and item["place"]["name"] in html
        assert f"yizhan.test/q/{item['code']}" in html  # the short URL, printed
    assert "扫码随手拍 · 点亮微心愿" in html and "كودنى سكانىرلاپ" in html  # zh + ug
    assert '<p class="brand">驿站 · بېكەت</p>' in html and "<title>驿站海报 · 2 · A4</title>" in html
    assert "骑手驿站" in html and "چاپارمەنلەر بېكىتى" in html
    assert "Scan to report" not in html
    english = await head.get("/api/v1/posters", params={"station_id": world.station.id, "english": "true", "size": "A6"})
    assert "Scan to report" in english.text and "size: 105mm 148mm" in english.text


async def test_selected_posters_and_zip(station_places, world):
    head, made = station_places
    one = made[1]["place"]["id"]
    r = await head.get("/api/v1/posters", params={"place_id": [one]})
    assert r.text.count('<section class="poster"') == 1
    z = await head.get("/api/v1/posters/codes.zip", params={"station_id": world.station.id})
    assert z.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(z.content))
    names = sorted(archive.namelist())
    assert names == sorted(f"{m['place']['name']}-{m['code']}.png" for m in made)
    for item in made:
        assert decode_png(archive.read(f"{item['place']['name']}-{item['code']}.png")) == item["landing_url"]


async def test_posters_outside_scope_are_refused(station_places, as_role, world):
    head, made = station_places
    assert (await head.get("/api/v1/posters", params={"station_id": world.station_b.id})).status_code == 403
    assert (await head.get("/api/v1/posters", params={"community_id": world.community.id})).status_code == 403
    assert (await head.get("/api/v1/posters", params={"station_id": 999999})).status_code == 422
    admin = await as_role("admin")
    other = (await admin.post("/api/v1/places", json={"kind": "building", "name": "别处",
                                                       "community_id": world.community_b.id})).json()
    r = await head.get("/api/v1/posters", params={"place_id": [other["place"]["id"]]})
    assert r.status_code == 404
    rider = await as_role("rider")
    assert (await rider.get("/api/v1/posters", params={"station_id": world.station.id})).status_code == 403
    assert (await head.get("/api/v1/posters", params={"size": "A3"})).status_code == 422


@pytest.fixture
def poster_codes(app, fresh_wechat):
    """Posters with mini-program codes (the setting), drawn by the fake WeChat."""
    from dataclasses import replace

    context = app.state.context
    before = context.settings
    context.settings = replace(before, wechat_poster_codes=True)
    yield fresh_wechat
    context.settings = before


async def test_posters_carry_a_mini_program_code_drawn_once_per_code(station_places, world, poster_codes):
    head, made = station_places
    html = (await head.get("/api/v1/posters", params={"station_id": world.station.id})).text
    assert html.count('class="mini-code" src="data:image/png;base64,') == 2
    assert sorted(poster_codes.scenes) == sorted(item["code"] for item in made)  # the scene is the place code
    assert all(len(code) <= 32 for code in poster_codes.scenes)
    await head.get("/api/v1/posters", params={"station_id": world.station.id})
    assert len(poster_codes.scenes) == 2  # kept as files: not drawn again
    # A new code (a new poster) gets its own mini-program code.
    renewed = (await head.post(f"/api/v1/places/{made[0]['place']['id']}/regenerate-code")).json()
    new_code = renewed["code"]
    html = (await head.get("/api/v1/posters", params={"station_id": world.station.id})).text
    assert poster_codes.scenes[-1] == new_code and len(poster_codes.scenes) == 3
    assert f'data-code="{new_code}"' in html and html.count('class="mini-code"') == 2


async def test_when_wechat_cannot_draw_posters_keep_their_ordinary_qr(station_places, world, poster_codes):
    head, made = station_places
    poster_codes.mode = "busy"
    r = await head.get("/api/v1/posters", params={"station_id": world.station.id})
    assert r.status_code == 200
    assert 'class="mini-code"' not in r.text and r.text.count('<div class="qr"><svg') == 2
