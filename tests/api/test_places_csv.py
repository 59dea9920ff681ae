"""Bulk import and export of places as Excel saves CSV files."""

import csv
import io

import pytest

from server.locations.models import Place

HEADER_ZH = "名称,维吾尔文名称,类型,社区,配送站,地址,纬度,经度,联系电话,设施,周一,周二,周三,周四,周五,周六,周日"
ROWS = [
    "日月星光骑手驿站,بېكەت,骑手驿站,红桥社区,日月星光站,碱泉一街,43.8038,87.6405,0991-2345678,手机充电;微波炉;饮用水,24h,24h,24h,24h,24h,24h,24h",
    "红桥小区3号楼,,building,红桥社区,,红桥小区,,,,,,,,,,,",
    "二社区服务中心,,社区服务中心,碱泉二社区,,二社区,43.79,87.63,,热水、卫生间,08:00-20:00,08:00-20:00,08:00-20:00,08:00-20:00,08:00-20:00,,",
]


def csv_bytes(lines, encoding="utf-8-sig"):
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


async def upload(client, raw):
    return await client.post("/api/v1/places/import", content=raw, headers={"Content-Type": "text/csv"})


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk"])
async def test_import_in_every_excel_encoding(as_role, world, encoding):
    admin = await as_role("admin")
    r = await upload(admin, csv_bytes([HEADER_ZH, *ROWS], encoding) if encoding != "gbk"
                     else csv_bytes([HEADER_ZH, ROWS[1], ROWS[2]], "gbk"))  # GBK has no Uyghur letters
    assert r.status_code == 201, r.text
    expected = 3 if encoding != "gbk" else 2
    assert r.json()["created"] == expected
    assert await Place.all().count() == expected
    if encoding != "gbk":
        station = await Place.get(name="日月星光骑手驿站")
        assert station.kind == "rider_station" and station.station_id == world.station.id
        assert station.amenities == ["phone_charging", "drinking_water", "microwave"]
        assert station.hours == [["00:00", "24:00"]] * 7 and station.name_ug == "بېكەت"
    centre = await Place.get(name="二社区服务中心")
    assert centre.hours[0] == ["08:00", "20:00"] and centre.hours[5] is None
    assert centre.amenities == ["hot_water", "toilet"]
    assert (await Place.get(name="红桥小区3号楼")).hours is None


async def test_english_headers_work_too(as_role, world):
    admin = await as_role("admin")
    r = await upload(admin, csv_bytes(["name,kind,community", "1号楼,building,红桥社区"], "utf-8"))
    assert r.status_code == 201 and r.json()["created"] == 1


async def test_every_bad_row_is_listed_and_nothing_is_written(as_role, world):
    admin = await as_role("admin")
    lines = [
        HEADER_ZH,
        ROWS[0],
        ",,骑手驿站,红桥社区,,,,,,,,,,,,,",                         # 3: no name
        "城堡,,castle,红桥社区,,,,,,,,,,,,,",                          # 4: unknown kind
        "远方,,building,友好社区,,,,,,,,,,,,,",                         # 5: other district's community
        "坐标错,,building,红桥社区,,,north,87.6,,,,,,,,,",               # 6: latitude not a number
        "设施错,,building,红桥社区,,,,,,按摩椅,,,,,,,",                   # 7: unknown amenity
        "时间错,,building,红桥社区,,,,,,,8点到10点,,,,,,",                # 8: bad hours
        "日月星光骑手驿站,,building,红桥社区,,,,,,,,,,,,,",                # 9: same name as line 2
        "别站,,building,红桥社区,二社区站,,,,,,,,,,,,",                  # 10: station of another community
    ]
    r = await upload(admin, csv_bytes(lines))
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["code"] == "csv_invalid"
    found = {(e["line"], e["field"], e["code"]) for e in problem["errors"]}
    assert found == {
        (3, "name", "required"), (4, "kind", "unknown_kind"), (5, "community", "unknown_node"),
        (6, "latitude", "invalid_number"), (7, "amenities", "unknown_amenity"), (8, "mon", "invalid_hours"),
        (9, "name", "duplicate_in_file"), (10, "station", "station_unknown"),
    }
    assert all(e["message"] for e in problem["errors"])
    assert await Place.all().count() == 0


async def test_names_already_in_the_database_are_refused(as_role, world):
    admin = await as_role("admin")
    await upload(admin, csv_bytes([HEADER_ZH, ROWS[1]]))
    r = await upload(admin, csv_bytes([HEADER_ZH, ROWS[2], ROWS[1]]))
    assert r.status_code == 422
    assert [(e["line"], e["code"]) for e in r.json()["errors"]] == [(3, "place_name_taken")]
    assert await Place.all().count() == 1


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "csv_empty"),
        (csv_bytes([HEADER_ZH]), "csv_empty"),
        (csv_bytes(["名字,种类", "a,b"]), "csv_columns"),
        (b"name,kind,community\r\n\xff\xfe\x80\x80,\xff,\x80\r\n", "bad_encoding"),
    ],
)
async def test_unusable_files(as_role, world, raw, code):
    admin = await as_role("admin")
    r = await upload(admin, raw)
    assert r.status_code == 422 and r.json()["code"] == code


async def test_too_big_a_file_is_413(as_role, world):
    admin = await as_role("admin")
    r = await upload(admin, csv_bytes([HEADER_ZH] + [ROWS[1].replace("3号楼", f"{i}号楼") for i in range(40_000)]))
    assert r.status_code == 413
    assert await Place.all().count() == 0


async def test_station_head_imports_into_his_station_only(as_role, world):
    head = await as_role("station_head")
    r = await upload(head, csv_bytes(["名称,类型", "站里的楼,楼栋"]))
    assert r.status_code == 201, r.text
    place = await Place.get(name="站里的楼")
    assert (place.community_id, place.station_id) == (world.community.id, world.station.id)
    r = await upload(head, csv_bytes(["名称,类型,社区", "外面的楼,楼栋,碱泉二社区"]))
    assert r.status_code == 422
    assert [(e["line"], e["field"], e["code"]) for e in r.json()["errors"]] == [(2, "community", "outside_scope")]
    assert not await Place.filter(name="外面的楼").exists()


async def test_export_is_the_import_format(as_role, world):
    admin = await as_role("admin")
    await upload(admin, csv_bytes([HEADER_ZH, *ROWS]))
    r = await admin.get("/api/v1/places/export.csv")
    assert r.headers["content-type"].startswith("text/csv") and r.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["名称"] for row in rows} == {"日月星光骑手驿站", "红桥小区3号楼", "二社区服务中心"}
    station = next(row for row in rows if row["名称"] == "日月星光骑手驿站")
    assert station["类型"] == "骑手驿站" and station["设施"] == "手机充电;饮用水;微波炉" and station["周日"] == "24h"
    assert len(station["编码"]) == 10
    # Imported again unchanged, the export updates the places it names: nothing new, no "taken".
    ids = sorted(await Place.all().values_list("id", flat=True))
    unchanged = await upload(admin, r.content)
    assert unchanged.status_code == 201, unchanged.text
    assert (unchanged.json()["created"], sorted(unchanged.json()["updated_ids"])) == (0, ids)
    # Edited in the spreadsheet (renamed, a phone added, as GBK), it changes those places.
    text = r.content.decode("utf-8-sig").replace("日月星光骑手驿站", "新驿站").replace("红桥小区3号楼", "新楼").replace(
        "二社区服务中心", "新中心")
    again = await upload(admin, text.encode("gb18030"))
    assert again.status_code == 201 and (again.json()["created"], again.json()["updated"]) == (0, 3)
    assert sorted(await Place.all().values_list("name", flat=True)) == sorted(["新驿站", "新楼", "新中心"])
    assert sorted(await Place.all().values_list("id", flat=True)) == ids
    # Without its code a row is a new place again.
    lines = text.splitlines()
    head_line, first = lines[0], lines[1].rsplit(",", 1)[0] + ","
    fresh = await upload(admin, "\r\n".join([head_line, first.replace("新", "另一个", 1)]).encode())
    assert fresh.status_code == 201 and fresh.json()["created"] == 1 and fresh.json()["updated"] == 0
    worker = await as_role("community_worker")
    mine = list(csv.DictReader(io.StringIO((await worker.get("/api/v1/places/export.csv")).content.decode("utf-8-sig"))))
    assert {row["社区"] for row in mine} == {"红桥社区"}


async def test_a_place_named_like_a_formula_is_text_and_comes_back_unchanged(as_role, world):
    admin = await as_role("admin")
    await upload(admin, csv_bytes([HEADER_ZH, *ROWS]))
    places = (await admin.get("/api/v1/places")).json()["items"]
    station = next(p for p in places if p["place"]["name"] == "日月星光骑手驿站")
    renamed = await admin.patch(f"/api/v1/places/{station['place']['id']}", json={"name": "=cmd|' /C calc'!A0",
                                                                                     "phone": "+86 991 2345678"})
    assert renamed.status_code == 200, renamed.text
    exported = (await admin.get("/api/v1/places/export.csv")).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if "cmd" in r["名称"])
    assert row["名称"] == "'=cmd|' /C calc'!A0" and row["联系电话"].startswith("'+86")
    # The same file imports again under new names: the quote is not kept.
    again = exported.replace("=cmd|' /C calc'!A0", "=新驿站").replace("红桥小区3号楼", "新楼").replace("二社区服务中心", "新中心")
    assert (await upload(admin, again.encode("utf-8-sig"))).status_code == 201
    names = {p["place"]["name"] for p in (await admin.get("/api/v1/places", params={"limit": 100})).json()["items"]}
    assert "=新驿站" in names


async def test_problems_name_the_line_and_the_column_and_codes_must_be_ones_own(as_role, world):
    admin = await as_role("admin")
    await upload(admin, csv_bytes([HEADER_ZH, *ROWS]))
    exported = (await admin.get("/api/v1/places/export.csv")).content.decode("utf-8-sig")
    header, first, second, *_ = list(csv.reader(io.StringIO(exported)))
    first[header.index("类型")] = "飞船"
    second[header.index("编码")] = "NOSUCHCODE"
    out = io.StringIO()
    csv.writer(out).writerows([header, first, second])
    answer = await upload(admin, out.getvalue().encode())
    assert answer.status_code == 422 and answer.json()["code"] == "csv_invalid"
    found = {(e["line"], e["field"], e["column"]) for e in answer.json()["errors"]}
    kind_col = f"{chr(ord('A') + header.index('类型'))} 类型"
    code_col = f"{chr(ord('A') + header.index('编码'))} 编码"
    assert found == {(2, "kind", kind_col), (3, "code", code_col)}
    # Two rows naming one place: refused on the second, nothing written.
    twice = io.StringIO()
    csv.writer(twice).writerows([header, next(csv.reader(io.StringIO(exported.splitlines()[1]))),
                                 next(csv.reader(io.StringIO(exported.splitlines()[1])))])
    doubled = await upload(admin, twice.getvalue().encode())
    assert doubled.status_code == 422
    assert [(e["line"], e["field"], e["code"]) for e in doubled.json()["errors"]] == [(3, "code", "duplicate_in_file")]
    # Another district's admin cannot touch these places through their codes.
    other = await as_role("other_admin")
    before = sorted(await Place.all().values_list("id", "name", "phone"))
    foreign = await upload(other, exported.encode())
    assert foreign.status_code == 422 and foreign.json()["code"] == "csv_invalid"
    assert sorted(await Place.all().values_list("id", "name", "phone")) == before


@pytest.mark.parametrize("magic", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])
async def test_an_excel_workbook_is_refused_with_what_to_do(as_role, world, magic):
    admin = await as_role("admin")
    answer = await upload(admin, magic + b"\x00" * 200)
    assert answer.status_code == 422 and answer.json()["code"] == "csv_is_workbook"
    assert "CSV" in answer.json()["detail"] and await Place.all().count() == 0
