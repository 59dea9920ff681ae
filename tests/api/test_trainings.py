"""Training and talk sessions: attending riders earn the "training attended" points once
per session, within the monthly cap; only riders in the recorder's scope."""

from datetime import date, timedelta

from server.accounts.models import Role
from server.accounts.service import create_account
from server.events.models import Training
from server.points.models import LedgerEntry, PointRule
from server.points.service import CAP_REACHED


async def test_attendees_earn_points_once_per_session(as_role, world):
    head = await as_role("station_head")
    rider = world.accounts["rider"]
    second = await create_account(None, role=Role.RIDER, name="马晓军", password="ride-safe-77", phone="13700000031",
                                  scope_id=world.station.id)
    body = {"title": "电动车安全充电培训", "held_on": date.today().isoformat(), "account_ids": [rider.id, second.id]}
    recorded = await head.post("/api/v1/points/trainings", json=body)
    assert recorded.status_code == 201, recorded.text
    assert [(a["name"], a["points"]) for a in recorded.json()["attendees"]] == [("测试rider", 5), ("马晓军", 5)]
    assert await LedgerEntry.filter(reason="training_attended").count() == 2
    again = await head.post("/api/v1/points/trainings", json={**body, "account_ids": [rider.id, rider.id]})
    assert again.status_code == 201 and len(again.json()["attendees"]) == 1  # a second session, one line
    listed = (await head.get("/api/v1/points/trainings")).json()
    assert [t["title"] for t in listed] == ["电动车安全充电培训"] * 2
    wallet = (await (await as_role("rider")).get("/api/v1/points/me")).json()
    assert wallet["balance"] == 10 and wallet["recent"][0]["note"] == "电动车安全充电培训"


async def test_the_monthly_cap_applies_to_sessions(as_role, world):
    await PointRule.filter(reason="training_attended").update(points=5, monthly_cap=10)
    worker = await as_role("community_worker")
    rider = world.accounts["rider"]
    for n in range(3):
        r = await worker.post("/api/v1/points/trainings", json={"title": f"第{n + 1}期", "held_on": date.today().isoformat(),
                                                                "account_ids": [rider.id]})
        assert r.status_code == 201
    notes = await LedgerEntry.filter(reason="training_attended").order_by("id").values_list("amount", "note")
    assert notes == [(5, "第1期"), (5, "第2期"), (0, CAP_REACHED)]


async def test_sessions_are_refused_with_clear_errors(as_role, world):
    head = await as_role("station_head")
    today = date.today().isoformat()
    cases = [
        ({"title": "x", "held_on": today, "account_ids": [world.accounts["rider_b"].id]}, "unknown_account"),
        ({"title": "x", "held_on": today, "account_ids": [world.accounts["station_head"].id]}, "unknown_account"),
        ({"title": "x", "held_on": today, "account_ids": [999999]}, "unknown_account"),
        ({"title": "x", "held_on": today, "account_ids": []}, "invalid"),
        ({"title": "  ", "held_on": today, "account_ids": [world.accounts["rider"].id]}, "required"),
        ({"title": "x", "held_on": (date.today() + timedelta(days=2)).isoformat(),
          "account_ids": [world.accounts["rider"].id]}, "in_the_future"),
    ]
    for body, code in cases:
        r = await head.post("/api/v1/points/trainings", json=body)
        assert r.status_code == 422 and r.json()["errors"][0]["code"] == code, body
    bad_date = await head.post("/api/v1/points/trainings", json={"title": "x", "held_on": "yesterday", "account_ids": [1]})
    assert bad_date.status_code == 422
    assert (await (await as_role("rider")).post("/api/v1/points/trainings", json=cases[0][0])).status_code == 403
    assert await Training.all().count() == 0 and await LedgerEntry.all().count() == 0
