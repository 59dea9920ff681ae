"""Rewards: the catalogue, redemption with held points, hand-over at the station, cancel
and expiry, under concurrency. Every test also ends with the ledger invariant (conftest)."""

import asyncio
import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from server.accounts.models import Role
from server.accounts.service import create_account
from server.points.models import Balance, LedgerEntry
from server.points.service import adjust
from server.rewards.models import Redemption, RedemptionStatus, Reward
from server.rewards.service import expire_due
from tests.conftest import make_client
from tests.support.photos import camera_jpeg
from tests.support.world import PASSWORD, sign_in


async def give(account, points):
    await adjust(account.id, points, "test grant", made_by=None)


async def balance(account):
    row = await Balance.get_or_none(account_id=account.id)
    return row.points if row else 0


async def new_reward(client, **fields):
    body = {"name": "充电宝", "cost": 50, "stock": 5, **fields}
    response = await client.post("/api/v1/rewards", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
async def head(as_role):
    return await as_role("station_head")


@pytest.fixture
async def rider(as_role):
    return await as_role("rider")


async def signed_in_as(app, role, phone, scope):
    account = await create_account(None, role=role, name="王建国", password=PASSWORD, phone=phone, scope_id=scope.id)
    client = make_client(app)
    await sign_in(client, phone)
    return account, client


async def test_a_station_head_stocks_rewards_and_riders_see_what_they_can_afford(head, rider, as_role, world):
    power_bank = await new_reward(head, cost=50, name_ug="توك ئامبىرى", description="满电")
    assert power_bank["owner_id"] == world.station.id and power_bank["owner_name"] == "日月星光站"
    raincoat = await new_reward(head, name="雨衣", cost=20)
    worker = await as_role("community_worker")
    meal = await new_reward(worker, name="热饭一份", cost=10, owner_id=world.community.id)
    await new_reward(worker, name="已结束", cost=1, owner_id=world.community.id,
                     available_until=(datetime.now(UTC) - timedelta(days=1)).isoformat())
    await give(world.accounts["rider"], 30)
    listed = (await rider.get("/api/v1/rewards")).json()
    assert [(r["name"], r["affordable"]) for r in listed] == [("热饭一份", True), ("雨衣", True), ("充电宝", False)]
    # A rider of the other community's station sees none of them.
    assert (await (await as_role("rider_b")).get("/api/v1/rewards")).json() == []
    # Staff see what they manage, retired ones on request.
    assert (await head.patch(f"/api/v1/rewards/{raincoat['id']}", json={"is_active": False})).status_code == 200
    names = [r["name"] for r in (await head.get("/api/v1/rewards")).json()]
    assert names == ["充电宝"]
    names = [r["name"] for r in (await head.get("/api/v1/rewards", params={"include_inactive": True})).json()]
    assert names == ["雨衣", "充电宝"]
    assert meal["owner_name"] == "红桥社区"


async def test_redeem_holds_the_points_and_the_hand_over_spends_them(head, rider, world):
    reward = await new_reward(head, cost=50, stock=2)
    await give(world.accounts["rider"], 80)
    asked = await rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={})
    assert asked.status_code == 201, asked.text
    code = asked.json()["code"]
    assert asked.json()["status"] == "held" and asked.json()["rider"] == "测师傅"
    assert await balance(world.accounts["rider"]) == 30
    wallet = (await rider.get("/api/v1/points/me")).json()
    assert wallet["balance"] == 30 and wallet["held"] == 50
    assert wallet["recent"][0]["reason"] == "reward_held" and wallet["recent"][0]["amount"] == -50
    qr = await rider.get(f"/api/v1/redemptions/{code}/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml") and b"<svg" in qr.content

    # The station head types the code as the rider reads it out: lower case, with a space.
    typed = code.lower()[:5] + " " + code.lower()[5:]
    seen = await head.get(f"/api/v1/redemptions/{typed}")
    assert seen.status_code == 200 and seen.json()["reward_name"] == "充电宝"
    done = await head.post(f"/api/v1/redemptions/{typed}/confirm")
    assert done.status_code == 200 and done.json()["status"] == "handed_over"
    assert (await Reward.get(id=reward["id"])).stock == 1
    assert await balance(world.accounts["rider"]) == 30
    again = await head.post(f"/api/v1/redemptions/{code}/confirm")
    assert again.status_code == 409 and again.json()["code"] == "already_handed_over"
    cancel_after = await rider.post(f"/api/v1/redemptions/{code}/cancel")
    assert cancel_after.status_code == 409 and cancel_after.json()["code"] == "already_handed_over"
    assert (await rider.get("/api/v1/points/me")).json()["held"] == 0


async def test_cancelling_gives_the_points_back_once(head, rider, world):
    reward = await new_reward(head, cost=40)
    await give(world.accounts["rider"], 100)
    first = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    second = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    assert await balance(world.accounts["rider"]) == 20
    by_rider = await rider.post(f"/api/v1/redemptions/{first}/cancel")
    assert by_rider.status_code == 200 and by_rider.json()["status"] == "cancelled"
    results = await asyncio.gather(*(head.post(f"/api/v1/redemptions/{second}/cancel") for _ in range(5)))
    assert sorted(r.status_code for r in results) == [200, 409, 409, 409, 409]
    assert await balance(world.accounts["rider"]) == 100
    assert await LedgerEntry.filter(reason="reward_released").count() == 2
    late = await head.post(f"/api/v1/redemptions/{second}/confirm")
    assert late.status_code == 409 and late.json()["code"] == "redemption_cancelled"
    assert (await Reward.get(id=reward["id"])).stock == 5


async def test_fifty_concurrent_redemptions_against_a_balance_for_three(head, rider, world):
    reward = await new_reward(head, cost=30, stock=100)
    await give(world.accounts["rider"], 100)
    results = await asyncio.gather(*(
        rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={"idempotency_key": uuid.uuid4().hex})
        for _ in range(50)))
    codes = sorted(r.status_code for r in results)
    assert codes == [201] * 3 + [409] * 47
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"not_enough_points"}
    assert await balance(world.accounts["rider"]) == 10
    assert await Redemption.filter(account_id=world.accounts["rider"].id).count() == 3
    assert await LedgerEntry.filter(reason="reward_held").count() == 3


async def test_a_double_tap_asks_once(head, rider, world):
    reward = await new_reward(head, cost=10)
    await give(world.accounts["rider"], 100)
    key = uuid.uuid4().hex
    results = await asyncio.gather(*(
        rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={"idempotency_key": key}) for _ in range(10)))
    assert sorted(r.status_code for r in results) == [200] * 9 + [201]
    assert len({r.json()["code"] for r in results}) == 1
    assert await balance(world.accounts["rider"]) == 90


async def test_stock_of_one_and_twenty_concurrent_hand_overs(app, head, world):
    reward = await new_reward(head, cost=5, stock=20)
    riders = []
    for n in range(20):
        account, client = await signed_in_as(app, Role.RIDER, f"137000000{n:02d}", world.station)
        await give(account, 5)
        riders.append((account, client))
    codes = []
    for _, client in riders:
        response = await client.post(f"/api/v1/rewards/{reward['id']}/redeem")
        assert response.status_code == 201
        codes.append(response.json()["code"])
    await Reward.filter(id=reward["id"]).update(stock=1)  # nineteen were taken meanwhile
    results = await asyncio.gather(*(head.post(f"/api/v1/redemptions/{code}/confirm") for code in codes))
    assert sorted(r.status_code for r in results) == [200] + [409] * 19
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"out_of_stock"}
    assert (await Reward.get(id=reward["id"])).stock == 0
    assert await Redemption.filter(status=RedemptionStatus.HANDED_OVER).count() == 1
    assert await Redemption.filter(status=RedemptionStatus.HELD).count() == 19
    # Nothing left to hand over: the rider can no longer ask either.
    account, client = riders[0]
    await give(account, 5)
    refused = await client.post(f"/api/v1/rewards/{reward['id']}/redeem")
    assert refused.status_code == 409 and refused.json()["code"] == "out_of_stock"
    for _, client in riders:
        await client.aclose()


async def test_expired_codes_give_the_points_back(head, rider, world):
    reward = await new_reward(head, cost=25)
    await give(world.accounts["rider"], 60)
    first = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    second = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    past = datetime.now(UTC) - timedelta(minutes=1)
    await Redemption.filter(code__in=[first, second]).update(expires_at=past)
    late = await head.post(f"/api/v1/redemptions/{first}/confirm")
    assert late.status_code == 409 and late.json()["code"] == "redemption_expired"
    assert await balance(world.accounts["rider"]) == 35
    assert await expire_due() == 1  # the sweeper finds the other one
    assert await expire_due() == 0
    assert await balance(world.accounts["rider"]) == 60
    assert (await Reward.get(id=reward["id"])).stock == 5
    mine = (await rider.get("/api/v1/redemptions/mine")).json()
    assert {r["status"] for r in mine} == {"expired"}


async def test_codes_belong_to_their_rider_and_their_station(app, head, rider, as_role, world):
    reward = await new_reward(head, cost=10)
    await give(world.accounts["rider"], 10)
    code = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    other_rider = await as_role("rider_b")
    for response in (await other_rider.get(f"/api/v1/redemptions/{code}"),
                     await other_rider.post(f"/api/v1/redemptions/{code}/cancel"),
                     await other_rider.get(f"/api/v1/redemptions/{code}/qr.svg")):
        assert response.status_code == 404 and response.json()["code"] == "unknown_redemption"
    assert (await rider.post(f"/api/v1/redemptions/{code}/confirm")).status_code == 403
    _, head_b = await signed_in_as(app, Role.STATION_HEAD, "13600000001", world.station_b)
    elsewhere = await head_b.post(f"/api/v1/redemptions/{code}/confirm")
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "redemption_other_station"
    assert (await head_b.post(f"/api/v1/redemptions/{code}/cancel")).status_code == 403
    unknown = await head.post("/api/v1/redemptions/ZZZZZZZZZZ/confirm")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_redemption"
    assert (await head.post("/api/v1/redemptions/not-a-code!/confirm")).json()["code"] == "unknown_redemption"
    assert (await Redemption.get(code=code)).status == RedemptionStatus.HELD
    await head_b.aclose()


async def test_a_community_reward_is_handed_over_by_any_of_its_stations(app, rider, as_role, world):
    from server.org.models import NodeKind, Platform
    from server.org.service import create_node

    worker = await as_role("community_worker")
    reward = await new_reward(worker, cost=10, owner_id=world.community.id)
    second_station = await create_node(None, kind=NodeKind.DELIVERY_STATION, name="红桥二站",
                                       parent_id=world.community.id, platform=Platform.JD)
    _, head_two = await signed_in_as(app, Role.STATION_HEAD, "13600000002", second_station)
    await give(world.accounts["rider"], 10)
    code = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")).json()["code"]
    done = await head_two.post(f"/api/v1/redemptions/{code}/confirm")
    assert done.status_code == 200 and done.json()["collect_at"] == "红桥社区"
    await head_two.aclose()


@pytest.mark.parametrize("body, field", [
    ({"name": "x", "cost": -5, "stock": 1}, "cost"),
    ({"name": "x", "cost": 0, "stock": 1}, "cost"),
    ({"name": "x", "cost": 10_000_000, "stock": 1}, "cost"),
    ({"name": "x", "cost": "ten", "stock": 1}, "cost"),
    ({"name": "x", "cost": 10, "stock": -1}, "stock"),
    ({"name": "", "cost": 10, "stock": 1}, "name"),
    ({"cost": 10, "stock": 1}, "name"),
    ({"name": "x" * 61, "cost": 10, "stock": 1}, "name"),
])
async def test_bad_rewards_are_refused(head, body, field):
    response = await head.post("/api/v1/rewards", json=body)
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
    assert field in response.text
    assert await Reward.all().count() == 0


async def test_rewards_outside_the_scope_and_bad_windows_are_refused(head, rider, as_role, world):
    outside = await head.post("/api/v1/rewards", json={"name": "x", "cost": 1, "stock": 1,
                                                       "owner_id": world.station_b.id})
    assert outside.status_code == 422 and outside.json()["errors"][0]["code"] == "unknown_node"
    now = datetime.now(UTC)
    backwards = await head.post("/api/v1/rewards", json={
        "name": "x", "cost": 1, "stock": 1, "available_from": now.isoformat(),
        "available_until": (now - timedelta(days=1)).isoformat()})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["code"] == "window_order"
    assert (await rider.post("/api/v1/rewards", json={"name": "x", "cost": 1, "stock": 1})).status_code == 403
    reward = await new_reward(head)
    other_admin = await as_role("other_admin")
    assert (await other_admin.patch(f"/api/v1/rewards/{reward['id']}", json={"stock": 9})).status_code == 404
    assert (await head.patch(f"/api/v1/rewards/{reward['id']}", json={"cost": -1})).status_code == 422
    assert (await Reward.get(id=reward["id"])).cost == 50
    # A rider cannot redeem what is not theirs to reach, nor a retired reward.
    assert (await (await as_role("rider_b")).post(f"/api/v1/rewards/{reward['id']}/redeem")).status_code == 404
    await head.patch(f"/api/v1/rewards/{reward['id']}", json={"is_active": False})
    await give(world.accounts["rider"], 100)
    retired = await rider.post(f"/api/v1/rewards/{reward['id']}/redeem")
    assert retired.status_code == 409 and retired.json()["code"] == "reward_unavailable"
    assert await balance(world.accounts["rider"]) == 100


async def test_a_reward_picture_goes_through_the_photo_pipeline(head, rider, world):
    reward = await new_reward(head)
    response = await head.post(f"/api/v1/rewards/{reward['id']}/picture",
                               files={"photo": ("p.jpg", camera_jpeg(1200, 900), "image/jpeg")})
    assert response.status_code == 200, response.text
    served = await rider.get(response.json()["photo_url"])
    assert served.status_code == 200 and served.content[:3] == b"\xff\xd8\xff"
    fake = await head.post(f"/api/v1/rewards/{reward['id']}/picture",
                           files={"photo": ("p.jpg", b"not a photo at all", "image/jpeg")})
    assert fake.status_code == 422
    assert (await Reward.get(id=reward["id"])).photo == response.json()["photo_url"].rsplit("/", 1)[1]


async def test_the_leaderboard_shows_only_riders_who_opted_in(app, rider, as_role, world):
    from server.points.service import award

    ours = world.accounts["rider"]
    second, second_client = await signed_in_as(app, Role.RIDER, "13700000099", world.station)
    for n in range(3):
        await award(ours.id, "report_verified", "report", n)
    await award(second.id, "report_verified", "report", 99)
    await give(second, 500)  # the admin's grants do not count
    board = (await rider.get("/api/v1/points/leaderboard")).json()
    assert board["rows"] == [] and board["node_name"] == "日月星光站"
    assert board["community_id"] == world.community.id and board["community_name"] == "红桥社区"
    opted = await rider.patch("/api/v1/points/me", json={"on_leaderboard": True})
    assert opted.status_code == 200 and opted.json()["on_leaderboard"] is True
    await second_client.patch("/api/v1/points/me", json={"on_leaderboard": True})
    board = (await second_client.get("/api/v1/points/leaderboard")).json()
    assert [(r["rank"], r["name"], r["points"], r["me"]) for r in board["rows"]] == [
        (1, "测师傅", 30, False), (2, "王师傅", 10, True)]
    community = (await rider.get("/api/v1/points/leaderboard", params={"node_id": world.community.id})).json()
    assert len(community["rows"]) == 2
    assert "13900000005" not in str(community) and "测试rider" not in str(community)
    last_year = (await rider.get("/api/v1/points/leaderboard", params={"month": "2025-01"})).json()
    assert last_year["rows"] == [] and last_year["month"] == "2025-01"
    bad = await rider.get("/api/v1/points/leaderboard", params={"month": "2025-13"})
    assert bad.status_code == 422
    not_a_station = await rider.get("/api/v1/points/leaderboard", params={"node_id": world.street.id})
    assert not_a_station.status_code == 422
    await second_client.aclose()


async def test_the_admin_adjusts_and_exports_the_ledger(as_role, world):
    admin = await as_role("admin")
    target = world.accounts["rider"]
    added = await admin.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": 40,
                                                                 "note": "恳谈会发言"})
    assert added.status_code == 201 and added.json()["reason"] == "adjustment"
    taken = await admin.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": -15,
                                                                 "note": "重复上报更正"})
    assert taken.status_code == 201
    too_much = await admin.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": -100,
                                                                    "note": "x"})
    assert too_much.status_code == 409 and too_much.json()["code"] == "not_enough_points"
    for body, code in (({"account_id": target.id, "amount": 0, "note": "x"}, "invalid"),
                       ({"account_id": target.id, "amount": 5, "note": "  "}, "reason_required"),
                       ({"account_id": 999999, "amount": 5, "note": "x"}, "unknown_account")):
        response = await admin.post("/api/v1/points/adjustments", json=body)
        assert response.status_code == 422 and response.json()["errors"][0]["code"] == code
    assert (await admin.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": 1})).status_code == 422
    assert await balance(target) == 25
    other_admin = await as_role("other_admin")
    outside = await other_admin.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": 5,
                                                                         "note": "x"})
    assert outside.status_code == 404
    worker = await as_role("community_worker")
    assert (await worker.post("/api/v1/points/adjustments", json={"account_id": target.id, "amount": 5,
                                                                  "note": "x"})).status_code == 403

    exported = await admin.get("/api/v1/points/ledger.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("编号,时间,账号") and len(lines) == 3
    assert "恳谈会发言" in lines[1] and ",40," in lines[1] and ",-15," in lines[2]
    assert (await other_admin.get("/api/v1/points/ledger.csv")).content.decode("utf-8-sig").strip().count("\n") == 0
    from server.points.service import month_bounds

    this_month = month_bounds(None)[0]
    assert (await admin.get("/api/v1/points/ledger.csv", params={"month": this_month})).text.count("\n") == 3
    assert (await admin.get("/api/v1/points/ledger.csv", params={"month": "2020-01"})).text.count("\n") == 1
    assert (await admin.get("/api/v1/points/ledger.csv", params={"month": "2020-13"})).status_code == 422
    assert lines[1].split(",")[1].startswith(this_month)  # Beijing time
    assert (await worker.get("/api/v1/points/ledger.csv")).status_code == 403
    # Headers, roles and reasons in the reader's language.
    for language, header, row in (("zh", "编号,时间,账号,姓名,角色,积分,原因", ",骑手,40,管理员调整,"),
                                  ("en", "Id,Time,Account,Name,Role,Points,Reason", ",Rider,40,Adjustment by the admin,")):
        read = await admin.get("/api/v1/points/ledger.csv", headers={"Accept-Language": language})
        lines = read.content.decode("utf-8-sig").strip().splitlines()
        assert lines[0].startswith(header) and row in lines[1], (language, lines[:2])


async def test_a_reward_named_like_a_formula_is_text_in_the_ledger_export(head, rider, world, as_role):
    reward = await new_reward(head, name='=HYPERLINK("http://evil","x")', cost=10)
    await give(world.accounts["rider"], 20)
    assert (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={})).status_code == 201
    exported = (await (await as_role("admin")).get("/api/v1/points/ledger.csv")).content.decode("utf-8-sig")
    notes = [row[-1] for row in csv.reader(io.StringIO(exported))][1:]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in notes and '=HYPERLINK("http://evil","x")' not in notes


async def test_a_replaced_picture_leaves_no_file_behind(head, rider, world, settings):
    reward = await new_reward(head)
    first = (await head.post(f"/api/v1/rewards/{reward['id']}/picture",
                             files={"photo": ("p.jpg", camera_jpeg(1200, 900), "image/jpeg")})).json()
    old = await Reward.get(id=reward["id"])
    photos = settings.media_dir / "photos"
    assert (photos / old.photo).exists() and (photos / old.thumb).exists()
    second = await head.post(f"/api/v1/rewards/{reward['id']}/picture",
                             files={"photo": ("q.jpg", camera_jpeg(800, 600, seed=2), "image/jpeg")})
    assert second.status_code == 200
    new = await Reward.get(id=reward["id"])
    assert not (photos / old.photo).exists() and not (photos / old.thumb).exists()
    assert (photos / new.photo).exists() and (photos / new.thumb).exists()
    assert (await rider.get(first["photo_url"])).status_code == 404  # no longer served
