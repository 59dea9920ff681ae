"""Figures over the API: a hand-counted October (tests/support/figures.py) comes out exactly,
for each scope the caller may see and for each grouping; bad periods, scopes and groupings
are refused clearly."""

from datetime import UTC, datetime, timedelta

import pytest

from server.accounts.models import Account
from server.points.models import LedgerEntry
from server.reports.models import Report
from tests.support.figures import COMMUNITY, LAST_EVENING, WISHES, build_october

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


@pytest.fixture
async def october(as_role, world, client):
    return await build_october(as_role, world, client)


def subset(found: dict, expected: dict) -> dict:
    return {key: found[key] for key in expected}


async def stats(client, **params):
    r = await client.get("/api/v1/stats", params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def test_a_hand_counted_month_comes_out_exactly(as_role, world, october):
    worker = await as_role("community_worker")
    body = await stats(worker, **OCTOBER)
    assert body["scope"] == {"kind": "community", "id": world.community.id, "name": "红桥社区", "platform": None}
    reports = body["totals"]["reports"]
    assert subset(reports, COMMUNITY) == COMMUNITY
    assert reports["by_status"] == {"submitted": 1, "verified": 0, "assigned": 1, "resolved": 1, "closed": 3,
                                    "rejected": 1, "duplicate": 1, "reopened": 0, "returned": 0}
    assert subset(body["totals"]["wishes"], WISHES) == WISHES
    assert body["totals"]["points"] == {"awarded": 80, "redeemed": 20}
    assert body["totals"]["riders_active"] == 1
    assert body["totals"]["trainings"] == {"held": 1, "attendees": 1}


async def test_the_district_adds_the_other_community_and_groups_add_up(as_role, world, october):
    admin = await as_role("admin")
    district = (await stats(admin, **OCTOBER))["totals"]
    assert (district["reports"]["received"], district["reports"]["leads"], district["reports"]["within_24h"]) == (9, 6, 2)
    assert district["reports"]["within_24h_share"] == 0.3333
    assert district["riders_active"] == 2
    by_community = await stats(admin, **OCTOBER, group_by="community")
    rows = {g["label"]: g["figures"]["reports"]["received"] for g in by_community["groups"]}
    assert rows == {"红桥社区": 8, "碱泉二社区": 1}
    assert by_community["groups"][0]["key"] == world.community.path
    by_category = await stats(admin, **OCTOBER, group_by="category")
    kinds = {g["key"]: g for g in by_category["groups"]}
    assert kinds["sanitation"]["figures"]["reports"]["received"] == 8
    assert kinds["street_light"]["figures"]["reports"]["received"] == 1
    assert kinds["wish.charging"]["figures"]["wishes"]["collected"] == 4
    assert kinds["wish.charging"]["figures"]["reports"] is None and kinds["sanitation"]["figures"]["wishes"] is None
    platforms = {g["key"]: g["figures"]["reports"]["received"]
                 for g in (await stats(admin, **OCTOBER, group_by="platform"))["groups"]}
    assert platforms == {"meituan": 8, "eleme": 1, "": 0}  # "": the resident's points, no platform
    stations = {g["label"]: g["figures"]["reports"]["received"]
                for g in (await stats(admin, **OCTOBER, group_by="station"))["groups"]}
    assert stations == {"日月星光站": 8, "二社区站": 1, "（无）": 0}
    companies = {g["label"]: g["figures"]["reports"]["fixed"]
                 for g in (await stats(admin, **OCTOBER, group_by="property_company"))["groups"]}
    assert companies["红桥物业"] == 3


async def test_months_weeks_and_days_are_beijing_ones(as_role, october):
    admin = await as_role("admin")
    months = await stats(admin, group_by="month", **{"from": "2026-09-01", "to": "2026-11-30"})
    assert [(g["key"], g["figures"]["reports"]["received"], g["figures"]["wishes"]["collected"])
            for g in months["groups"]] == [("2026-09", 0, 1), ("2026-10", 9, 4), ("2026-11", 1, 1)]
    # 23:30 on 31 October in Beijing is a Saturday of the week starting Monday 26 October.
    weeks = await stats(admin, group_by="week", **OCTOBER)
    assert [g["key"] for g in weeks["groups"]] == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19",
                                                   "2026-10-26"]
    assert weeks["groups"][-1]["figures"]["reports"]["received"] == 1
    assert weeks["groups"][0]["figures"]["reports"]["received"] == 1  # 00:10 on 1 October
    days = await stats(admin, group_by="day", **OCTOBER)
    assert len(days["groups"]) == 31
    by_day = {g["key"]: g["figures"]["reports"]["received"] for g in days["groups"]}
    assert (by_day["2026-10-01"], by_day["2026-10-08"], by_day["2026-10-31"]) == (1, 7, 1)
    trainings = {g["key"]: g["figures"]["trainings"]["held"] for g in days["groups"]}
    assert trainings["2026-10-20"] == 1 and sum(trainings.values()) == 1


async def test_each_caller_counts_only_its_scope(as_role, world, october):
    worker, head, staff = await as_role("community_worker"), await as_role("station_head"), await as_role("property_staff")
    assert (await worker.get("/api/v1/stats", params={**OCTOBER, "scope": world.community_b.id})).status_code == 404
    assert (await worker.get("/api/v1/stats", params={**OCTOBER, "scope": world.district.id})).status_code == 404
    grouped = await stats(worker, **OCTOBER, group_by="community")
    assert [g["label"] for g in grouped["groups"]] == ["红桥社区"]
    # The station head: what his riders sent and his place's wishes.
    station = (await stats(head, **OCTOBER))["totals"]
    assert station["reports"]["received"] == 8 and station["wishes"]["collected"] == 4
    # The property company: what was given to it (R1 R2 R5 R7); wishes are not its business.
    company = await stats(staff, **OCTOBER)
    assert company["scope"]["kind"] == "property_company"
    assert subset(company["totals"]["reports"], {"received": 4, "leads": 4, "fixed": 3, "within_24h": 2,
                                                "overdue_now": 1}) == {
        "received": 4, "leads": 4, "fixed": 3, "within_24h": 2, "overdue_now": 1}
    assert company["totals"]["wishes"] is None and company["totals"]["points"] is None
    assert (await staff.get("/api/v1/stats", params={"scope": world.community.id})).status_code == 404
    # A community worker may look at his company, and at a platform's riders in his community.
    assert (await stats(worker, **OCTOBER, scope=world.company.id))["totals"]["reports"]["received"] == 4
    meituan = await stats(worker, **OCTOBER, scope="platform:meituan")
    assert meituan["scope"]["kind"] == "platform" and meituan["totals"]["reports"]["received"] == 8
    assert (await stats(worker, **OCTOBER, scope="platform:eleme"))["totals"]["reports"]["received"] == 0
    # Riders and residents have no figures; another district's admin sees none of these.
    assert (await (await as_role("rider")).get("/api/v1/stats")).status_code == 403
    other = await as_role("other_admin")
    assert (await stats(other, **OCTOBER))["totals"]["reports"]["received"] == 0
    assert (await other.get("/api/v1/stats", params={"scope": world.community.id})).status_code == 404


async def test_the_previous_period_is_the_same_months_before(as_role, october):
    admin = await as_role("admin")
    november = await stats(admin, compare="true", **{"from": "2026-11-01", "to": "2026-11-30"})
    assert november["previous"]["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert november["previous"]["totals"]["reports"]["received"] == 9
    assert november["totals"]["reports"]["received"] == 1
    days = await stats(admin, compare="true", **{"from": "2026-10-10", "to": "2026-10-16"})
    assert days["previous"]["period"] == {"from": "2026-10-03", "to": "2026-10-09"}
    year = await stats(admin, compare="true", **{"from": "2026-01-01", "to": "2026-11-30"})
    assert year["previous"]["period"] == {"from": "2025-01-01", "to": "2025-11-30"}
    quarter = await stats(admin, compare="true", **{"from": "2026-07-01", "to": "2026-09-30"})
    assert quarter["previous"]["period"] == {"from": "2026-04-01", "to": "2026-06-30"}


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"from": "2026-10-31", "to": "2026-10-01"}, "to", "window_order"),
    ({"from": "2023-01-01", "to": "2026-01-01"}, "to", "period_too_long"),
    ({"from": "2026-13-01"}, "from", "invalid"),
    ({"to": "yesterday"}, "to", "invalid"),
    ({"group_by": "planet"}, "group_by", "invalid"),
    ({"scope": "platform:bicycle"}, "scope", "invalid"),
    ({"scope": "1; DROP TABLE report"}, "scope", "invalid"),
])
async def test_bad_questions_get_clear_answers(as_role, params, field, code):
    admin = await as_role("admin")
    r = await admin.get("/api/v1/stats", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "validation_failed"
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [(field, code)]


async def test_three_years_less_a_day_is_allowed_and_an_unknown_scope_is_not_found(as_role):
    admin = await as_role("admin")
    assert (await admin.get("/api/v1/stats", params={"from": "2023-01-01", "to": "2025-12-31"})).status_code == 200
    assert (await admin.get("/api/v1/stats", params={"scope": "999999"})).status_code == 404


async def test_the_monthly_report_has_the_months_numbers_cases_thanks_and_photos(as_role, world, october):
    worker = await as_role("community_worker")
    fixed_id = october["reports"][2]  # the company sent an "after" photo
    r = await worker.get("/api/v1/stats/monthly", params={"month": "2026-10"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["month"] == "2026-10" and body["period"] == OCTOBER
    assert body["sentence"] == "本月共收集有效问题线索 5 条,其中 2 条在 24 小时内得到处理(40%),已解决 3 条;点亮微心愿 1 个。"
    english = (await worker.get("/api/v1/stats/monthly", params={"month": "2026-10"},
                                headers={"Accept-Language": "en"})).json()["sentence"]
    assert english == ("This month 5 valid leads were collected, 2 of them handled within 24 hours (40%), 3 fixed; "
                       "1 wishes were lit.")
    assert subset(body["totals"]["reports"], COMMUNITY) == COMMUNITY
    assert body["totals"]["wishes"]["lit"] == 1
    assert [row["label"] for row in body["communities"]] == ["红桥社区"]
    assert {row["key"]: row["figures"]["reports"]["received"] for row in body["categories"]
            if row["figures"]["reports"]} == {"sanitation": 7, "street_light": 1}
    [late] = body["overdue"]
    assert late["id"] == october["reports"][7] and late["company"] == "红桥物业"
    hours_late = (datetime.now(UTC) - LAST_EVENING - timedelta(hours=24)) // timedelta(hours=1)
    assert late["hours_late"] in (hours_late, hours_late - 1)
    assert [(w["title"], w["thanks"], w["rider"]) for w in body["lit"]] == [("心愿1", "谢谢李大姐!", "测师傅")]
    [pair] = body["pairs"]
    assert pair["id"] == fixed_id
    before, after_photo = await worker.get(pair["before_url"]), await worker.get(pair["after_url"])
    assert before.status_code == after_photo.status_code == 200 and before.content != after_photo.content
    assert after_photo.content[:2] == b"\xff\xd8"


async def test_a_future_or_malformed_month_is_refused(as_role):
    worker = await as_role("community_worker")
    for month, code in (("2099-01", "in_the_future"), ("2026-13", "invalid"), ("october", "invalid")):
        r = await worker.get("/api/v1/stats/monthly", params={"month": month})
        assert r.status_code == 422 and r.json()["errors"] == [
            {"field": "month", "code": code, "message": r.json()["errors"][0]["message"]}], r.text


async def test_the_map_counts_reports_per_place(as_role, world, october):
    admin = await as_role("admin")
    r = await admin.get("/api/v1/stats/places", params=OCTOBER)
    assert r.status_code == 200, r.text
    assert [(p["name"], p["received"], p["open"]) for p in r.json()] == [("日月星光骑手驿站", 8, 2), ("二社区1号楼", 1, 1)]
    worker = await as_role("community_worker")
    assert [p["name"] for p in (await worker.get("/api/v1/stats/places", params=OCTOBER)).json()] == ["日月星光骑手驿站"]


async def test_the_station_screen_shows_only_what_a_wall_may_show(client, world, october):
    # This month: the rider opted in to the leaderboard and earned points.
    await Account.filter(id=world.accounts["rider"].id).update(on_leaderboard=True)
    await LedgerEntry.filter(reason="report_verified").update(created_at=datetime.now(UTC))
    await Report.filter(id=october["reports"][9]).update(created_at=datetime.now(UTC))
    r = await client.get(f"/api/v1/stats/screen/{october['code']}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["place"]["name"] == "日月星光骑手驿站" and body["node"] == {"kind": "delivery_station",
                                                                         "name": "日月星光站"}
    assert body["reports"]["sent"] == 1  # R9, moved to today; October's are not this month's
    assert [(w["title"], w["thanks"], w["rider"]) for w in body["lit"]] == [("心愿1", "谢谢李大姐!", "测师傅")]
    assert [w["title"] for w in body["open"]] == ["心愿2"]  # back on the wall after its claim ran out
    assert body["leaders"] == [{"rank": 1, "name": "测师傅", "name_short": "测", "points": 50}]
    text = r.text
    assert "13900000005" not in text and "测试rider" not in text
    assert (await client.get("/api/v1/stats/screen/NOSUCHCODE")).status_code == 404
