"""Exports: the hand-counted October read back from the XLSX (openpyxl) and the CSV; column
names in the caller's language, phones masked for who may not read them, formulas kept as
text, scopes as in the figures."""

import csv
import io

import openpyxl
import pytest

from server.reports.models import Report
from tests.support.figures import build_october

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


@pytest.fixture
async def october(as_role, world, client):
    return await build_october(as_role, world, client)


def workbook(response) -> list[list]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def table(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_the_reports_workbook_counts_what_the_figures_count(as_role, october):
    worker = await as_role("community_worker")
    rows = workbook(await worker.get("/api/v1/exports/reports.xlsx", params=OCTOBER))
    header, lines = rows[0], rows[1:]
    assert header[:6] == ["编号", "上报时间", "社区", "地点", "类别", "状态"]
    column = {name: i for i, name in enumerate(header)}
    assert len(lines) == 8
    assert sorted(line[0] for line in lines) == sorted(october["reports"][n] for n in range(1, 9))
    assert sum(line[column["有效线索"]] == "是" for line in lines) == 5
    assert sum(line[column["已解决"]] == "是" for line in lines) == 3
    assert sum(line[column["24小时内处理"]] == "是" for line in lines) == 2
    assert sum(line[column["已超时"]] == "是" for line in lines) == 1
    by_id = {line[0]: line for line in lines}
    first = by_id[october["reports"][1]]
    assert first[column["上报时间"]] == "2026-10-08 10:00" and first[column["状态"]] == "已办结"
    assert (first[column["首次响应(分钟)"]], first[column["处理用时(分钟)"]]) == (60, 1440)
    late = by_id[october["reports"][7]]
    assert late[column["上报时间"]] == "2026-10-31 23:30"  # Beijing time, in October
    # The worker sees who sent it, with the number masked (opening it is done in the app).
    assert first[column["上报人"]] == "测试rider" and first[column["电话"]] == "139****0005"


async def test_the_figures_workbook_and_csv_carry_the_same_numbers(as_role, october):
    admin = await as_role("admin")
    rows = workbook(await admin.get("/api/v1/exports/figures.xlsx", params=OCTOBER))
    header = rows[0]
    named = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert named["合计"]["收到上报"] == 9 and named["合计"]["有效线索"] == 6
    hongqiao = named["红桥社区"]
    assert (hongqiao["有效线索"], hongqiao["24小时内处理"], hongqiao["24小时处理率(%)"], hongqiao["点亮心愿"]) == \
        (5, 2, 40, 1)
    assert (hongqiao["首次响应中位数(分钟)"], hongqiao["处理用时90分位(分钟)"]) == (60, 1800)
    lines = table(await admin.get("/api/v1/exports/figures.csv", params=OCTOBER))
    by_name = {line[0]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert by_name["红桥社区"]["有效线索"] == "5" and by_name["红桥社区"]["24小时处理率(%)"] == "40.0"


async def test_columns_and_values_in_the_callers_language(as_role, october):
    worker = await as_role("community_worker")
    english = await worker.get("/api/v1/exports/wishes.csv", params=OCTOBER, headers={"Accept-Language": "en"})
    lines = table(english)
    assert lines[0][:3] == ["No.", "Written at", "Community"]
    kinds = {line[lines[0].index("Claimer kind")] for line in lines[1:]}
    assert kinds == {"A resident", "A merchant", ""}  # W1, W2; W3 and W5 have no claim
    uyghur = table(await worker.get("/api/v1/exports/ledger.csv", params=OCTOBER, headers={"Accept-Language": "ug"}))
    assert uyghur[0][0] == "نومۇرى"


async def test_phones_are_whole_only_for_those_who_may_read_them(as_role, october):
    worker, head = await as_role("community_worker"), await as_role("station_head")
    phones = {line[13] for line in table(await worker.get("/api/v1/exports/wishes.csv", params=OCTOBER))[1:]}
    assert "13912345678" in phones
    masked = {line[13] for line in table(await head.get("/api/v1/exports/wishes.csv", params=OCTOBER))[1:]}
    assert "139****5678" in masked and "13912345678" not in masked
    # A station head never learns who sent a report: the rider is "骑手 · station", no number.
    reports = table(await head.get("/api/v1/exports/reports.csv", params=OCTOBER))
    assert {(line[7], line[8]) for line in reports[1:]} == {("骑手 · 日月星光站", "")}


async def test_scopes_hold_and_a_company_exports_only_its_reports(as_role, world, october):
    staff, worker = await as_role("property_staff"), await as_role("community_worker")
    assert len(table(await staff.get("/api/v1/exports/reports.csv", params=OCTOBER))) == 1 + 4
    for dataset in ("wishes", "redemptions", "ledger"):
        assert (await staff.get(f"/api/v1/exports/{dataset}.csv", params=OCTOBER)).status_code == 404
    assert (await worker.get("/api/v1/exports/reports.csv",
                             params={**OCTOBER, "scope": world.community_b.id})).status_code == 404
    assert (await worker.get("/api/v1/exports/reports.pdf", params=OCTOBER)).status_code == 404
    assert (await worker.get("/api/v1/exports/people.csv", params=OCTOBER)).status_code == 404
    assert (await (await as_role("rider")).get("/api/v1/exports/reports.csv")).status_code == 403
    bad = await worker.get("/api/v1/exports/reports.xlsx", params={"from": "2026-10-31", "to": "2026-10-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "window_order"


async def test_text_that_looks_like_a_formula_stays_text(as_role, october):
    await Report.filter(id=october["reports"][1]).update(description='=HYPERLINK("http://evil","x")')
    worker = await as_role("community_worker")
    rows = workbook(await worker.get("/api/v1/exports/reports.xlsx", params=OCTOBER))
    described = [line[6] for line in rows[1:] if line[0] == october["reports"][1]]
    assert described == ['=HYPERLINK("http://evil","x")']  # a string cell, not a formula
    lines = table(await worker.get("/api/v1/exports/reports.csv", params=OCTOBER))
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in [line[6] for line in lines]


async def test_every_text_answer_names_its_charset_once(client, as_role, world, october):
    admin = await as_role("admin")
    answers = {
        "shell": await client.get("/"),
        "places": await admin.get("/api/v1/places/export.csv"),
        "ledger": await admin.get("/api/v1/points/ledger.csv"),
        "figures": await admin.get("/api/v1/exports/figures.csv", params=OCTOBER),
        "posters": await admin.get("/api/v1/posters", params={"size": "A6"}),
    }
    kinds = {name: answer.headers.get_list("content-type") for name, answer in answers.items()}
    assert kinds == {"shell": ["text/html; charset=utf-8"], "places": ["text/csv; charset=utf-8"],
                     "ledger": ["text/csv; charset=utf-8"], "figures": ["text/csv; charset=utf-8"],
                     "posters": ["text/html; charset=utf-8"]}
