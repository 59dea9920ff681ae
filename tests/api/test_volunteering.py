"""Small tasks and volunteer help over the API: quotas exact under concurrency, one rider per
help request, address and phone only for the holder (until done) and staff, help offered only
to free riders outside their peak, points and minutes once per completion, codes that lock,
hours, certificates and their public check, the records export."""

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from server.accounts.service import create_account
from server.core.clock import BEIJING
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Notification
from server.points.models import LedgerEntry
from server.volunteering.models import Beneficiary, HelpRequest, Task, TaskShare
from tests.support.photos import camera_jpeg
from tests.support.world import PASSWORD, sign_in

ELDER = {"name": "王奶奶", "address": "红桥小区3号楼2单元501", "phone": "13912340001", "kind": "elderly",
         "notes": "腿脚不便", "consent": True}


def task_body(**fields):
    """A task running from an hour ago to six hours from now (the clock's now, not the import's)."""
    moment = datetime.now(UTC)
    return {"kind": "publicity", "title": "发放防诈骗传单", "starts_at": (moment - timedelta(hours=1)).isoformat(),
            "ends_at": (moment + timedelta(hours=6)).isoformat(), "quota": 3, "points": 15, "proof": "photo", **fields}


async def post_task(client, **fields) -> dict:
    r = await client.post("/api/v1/tasks", json=task_body(**fields))
    assert r.status_code == 201, r.text
    return r.json()


async def riders(app, world, count: int, station=None) -> list[httpx.AsyncClient]:
    """``count`` riders of the station, each signed in from an address of his own."""
    clients = []
    for n in range(count):
        await create_account(None, role=Role.RIDER, name=f"骑手{n}", password=PASSWORD, phone=f"1370000{n:04d}",
                             scope_id=(station or world.station).id)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(f"10.9.{n // 250}.{n % 250}", 1)),
                                   base_url="https://testserver")
        await sign_in(client, f"1370000{n:04d}")
        clients.append(client)
    return clients


async def no_peaks(client, world):
    r = await client.put(f"/api/v1/stations/{world.station.id}/peaks", json={"windows": []})
    assert r.status_code == 200, r.text


async def free(client, minutes=30, peak_ok=False):
    r = await client.put("/api/v1/me/availability", json={"minutes": minutes, "peak_ok": peak_ok})
    assert r.status_code == 200, r.text
    return r.json()


# --- tasks ---------------------------------------------------------------------------------------


async def test_a_task_from_post_to_points(as_role, world):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.COMPOUND, name="红桥小区", community_id=world.community.id,
                                                  latitude=43.80, longitude=87.60))
    near = await post_task(worker, title="近处的任务", place_id=None)
    place_id = (await worker.get(f"/api/v1/codes/{code}")).json()["place"]["id"]
    nearer = await post_task(worker, title="小区门口宣传", place_id=place_id)
    listed = (await rider.get("/api/v1/tasks", params={"lat": 43.801, "lng": 87.601})).json()
    assert [t["id"] for t in listed] == [nearer["id"], near["id"]]  # located first, then the others
    assert listed[0]["distance_km"] < 0.2 and listed[1]["distance_km"] is None
    # Riders of another community do not see it.
    assert (await (await as_role("rider_b")).get("/api/v1/tasks")).json() == []

    claimed = await rider.post(f"/api/v1/tasks/{nearer['id']}/claims", json={})
    assert claimed.status_code == 201 and claimed.json()["status"] == "claimed"
    share_id = claimed.json()["id"]
    again = await rider.post(f"/api/v1/tasks/{nearer['id']}/claims", json={})
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    # The proof asked is a photo: without it nothing is stored.
    missing = await rider.post(f"/api/v1/task-shares/{share_id}/proof", data={"text": "发完了"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["code"] == "proof_required"
    assert (await TaskShare.get(id=share_id)).status == "claimed"
    sent = await rider.post(f"/api/v1/task-shares/{share_id}/proof", data={"text": "发完了"},
                            files={"photo": ("p.jpg", camera_jpeg(640, 480), "image/jpeg")})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted", sent.text
    assert sent.json()["minutes"] == 1 and sent.json()["proof_photo_url"]
    assert await Notification.filter(account_id=world.accounts["community_worker"].id, kind="task_submitted").count() == 1
    # Confirmed twice (a retry): points once, with the task's own points.
    for _ in range(2):
        done = await worker.post(f"/api/v1/task-shares/{share_id}/confirm", json={"minutes": 45})
        assert done.status_code == 200 and done.json()["status"] == "confirmed"
    lines = await LedgerEntry.filter(reason="task_completed").values_list("account_id", "amount", "object_id")
    assert lines == [(world.accounts["rider"].id, 15, share_id)]
    assert (await TaskShare.get(id=share_id)).minutes == 45
    hours = (await rider.get("/api/v1/volunteer/me")).json()
    assert hours == {"minutes": 45, "hours": 0.8, "tasks": 1, "helps": 0}


async def test_bad_tasks_and_proofs_are_refused(as_role, world):
    worker, rider, head = await as_role("community_worker"), await as_role("rider"), await as_role("station_head")
    past = await worker.post("/api/v1/tasks", json=task_body(ends_at=(datetime.now(UTC) - timedelta(minutes=1)).isoformat()))
    assert past.status_code == 422
    assert [(e["field"], e["code"]) for e in past.json()["errors"]] == [("ends_at", "in_the_past")]
    for fields, field in (({"quota": 0}, "quota"), ({"kind": "party"}, "kind"), ({"points": 5000}, "points"),
                          ({"proof": "scan"}, "place_id"), ({"title": " "}, "title")):
        r = await worker.post("/api/v1/tasks", json=task_body(**fields))
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, (fields, r.text)
    assert await Task.all().count() == 0
    assert (await rider.post("/api/v1/tasks", json=task_body())).status_code == 403
    # A number is asked: a text is not enough; a rejected share gives its units back.
    counted = await post_task(head, unit="units", quota=100, proof="number")
    share = (await rider.post(f"/api/v1/tasks/{counted['id']}/claims", json={"units": 60})).json()
    assert (await rider.get(f"/api/v1/tasks/{counted['id']}")).json()["left"] == 40
    bad = await rider.post(f"/api/v1/task-shares/{share['id']}/proof", data={"number": "很多"})
    assert bad.status_code == 422
    ok = await rider.post(f"/api/v1/task-shares/{share['id']}/proof", data={"number": "58"})
    assert ok.json()["proof_number"] == 58
    no_reason = await head.post(f"/api/v1/task-shares/{share['id']}/reject", json={})
    assert no_reason.status_code == 422
    rejected = await head.post(f"/api/v1/task-shares/{share['id']}/reject", json={"reason": "照片看不清"})
    assert rejected.json()["status"] == "rejected" and rejected.json()["reason"] == "照片看不清"
    assert (await Task.get(id=counted["id"])).taken == 0
    assert await LedgerEntry.filter(reason="task_completed").count() == 0
    # A worker of another community cannot decide it.
    other = await as_role("other_admin")
    assert (await other.post(f"/api/v1/task-shares/{share['id']}/confirm", json={})).status_code == 404


async def test_fake_photos_double_proofs_and_unknown_objects_change_nothing(as_role, world, elder):
    worker, rider, other = await as_role("community_worker"), await as_role("rider"), await as_role("rider_b")
    task = await post_task(worker)
    assert (await rider.post("/api/v1/tasks/999999/claims", json={})).status_code == 404
    share = (await rider.post(f"/api/v1/tasks/{task['id']}/claims", json={})).json()
    fake = await rider.post(f"/api/v1/task-shares/{share['id']}/proof",
                            files={"photo": ("p.jpg", b"GIF89a not a photo at all", "image/jpeg")})
    assert fake.status_code == 422 and fake.json()["errors"][0]["code"] == "not_an_image"
    assert (await TaskShare.get(id=share["id"])).status == "claimed"
    photo = {"photo": ("p.jpg", camera_jpeg(320, 240), "image/jpeg")}
    assert (await rider.post(f"/api/v1/task-shares/{share['id']}/proof", files=photo)).status_code == 200
    twice = await rider.post(f"/api/v1/task-shares/{share['id']}/proof", files=photo)
    assert twice.status_code == 409 and twice.json()["code"] == "illegal_transition"
    # Another rider cannot send proof for it, nor see it.
    assert (await other.post(f"/api/v1/task-shares/{share['id']}/proof", files=photo)).status_code == 404
    # Help: unknown, not his to give back, a certificate for a period backwards.
    assert (await rider.get("/api/v1/help-requests/999999")).status_code == 404
    request = await ask_help(worker, elder)
    await free(rider)
    await rider.post(f"/api/v1/help-requests/{request['id']}/claim")
    await free(other)
    assert (await other.post(f"/api/v1/help-requests/{request['id']}/give-back",
                             json={"reason": "x"})).status_code == 404
    backwards = await rider.post("/api/v1/volunteer/certificates", json={"first_day": "2026-11-30",
                                                                         "last_day": "2026-11-01"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["code"] == "window_order"


async def test_forty_riders_claiming_twenty_leaflets_each_take_exactly_five_hundred(app, as_role, world):
    head = await as_role("station_head")
    leaflets = await post_task(head, unit="units", quota=500, title="发放传单 500 份")
    clients = await riders(app, world, 40)
    try:
        answers = await asyncio.gather(*(c.post(f"/api/v1/tasks/{leaflets['id']}/claims", json={"units": 20})
                                         for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == 25 and codes.count(409) == 15
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"task_full"}
    assert (await Task.get(id=leaflets["id"])).taken == 500
    assert sum(await TaskShare.filter(task_id=leaflets["id"]).values_list("units", flat=True)) == 500


async def test_proofs_waiting_for_confirmation_are_not_volunteer_hours(as_role, world):
    """Only a confirmed share counts: a proof sent and not yet confirmed, or rejected, is
    neither minutes nor a task in the rider's hours nor a line of the records export."""
    worker, rider = await as_role("community_worker"), await as_role("rider")
    task = await post_task(worker, proof="text")
    waiting = (await rider.post(f"/api/v1/tasks/{task['id']}/claims", json={})).json()["id"]
    sent = await rider.post(f"/api/v1/task-shares/{waiting}/proof", data={"text": "发完了"})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted", sent.text
    nothing = {"minutes": 0, "hours": 0.0, "tasks": 0, "helps": 0}
    assert (await rider.get("/api/v1/volunteer/me")).json() == nothing
    records = await worker.get("/api/v1/volunteer/records/csv")
    assert len(list(csv.reader(io.StringIO(records.content.decode("utf-8-sig"))))) == 1  # the header only
    refused = await worker.post(f"/api/v1/task-shares/{waiting}/reject", json={"reason": "照片不清楚"})
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"
    assert (await rider.get("/api/v1/volunteer/me")).json() == nothing
    other = await post_task(worker, proof="text", title="平安巡防")
    again = (await rider.post(f"/api/v1/tasks/{other['id']}/claims", json={})).json()["id"]
    await rider.post(f"/api/v1/task-shares/{again}/proof", data={"text": "补发了"})
    assert (await worker.post(f"/api/v1/task-shares/{again}/confirm", json={"minutes": 20})).status_code == 200
    assert (await rider.get("/api/v1/volunteer/me")).json() == {"minutes": 20, "hours": 0.3, "tasks": 1, "helps": 0}


async def test_a_confirmed_shares_minutes_cannot_be_rewritten(as_role, world):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    task = await post_task(worker, proof="text")
    share = (await rider.post(f"/api/v1/tasks/{task['id']}/claims", json={})).json()["id"]
    await rider.post(f"/api/v1/task-shares/{share}/proof", data={"text": "发完了"})
    assert (await worker.post(f"/api/v1/task-shares/{share}/confirm", json={"minutes": 45})).status_code == 200
    rewrite = await worker.post(f"/api/v1/task-shares/{share}/confirm", json={"minutes": 90})
    assert rewrite.status_code == 409 and rewrite.json()["code"] == "already_confirmed"
    for retry in ({"minutes": 45}, {}):  # the same confirmation sent again changes nothing
        assert (await worker.post(f"/api/v1/task-shares/{share}/confirm", json=retry)).status_code == 200
    assert (await TaskShare.get(id=share)).minutes == 45
    assert await LedgerEntry.filter(reason="task_completed").count() == 1


# --- help ------------------------------------------------------------------------------------------


@pytest.fixture
async def elder(as_role, world):
    worker = await as_role("community_worker")
    refused = await worker.post("/api/v1/beneficiaries", json={**ELDER, "consent": False})
    assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == "consent_required"
    r = await worker.post("/api/v1/beneficiaries", json=ELDER)
    assert r.status_code == 201, r.text
    await no_peaks(worker, world)
    return r.json()


async def ask_help(worker, elder, **fields) -> dict:
    r = await worker.post("/api/v1/help-requests", json={"beneficiary_id": elder["id"], "kind": "pickup",
                                                        "from_place": "红桥小区3号楼", "to_place": "菜鸟驿站", **fields})
    assert r.status_code == 201, r.text
    return r.json()


async def test_help_from_request_to_thanks(as_role, world, elder):
    worker, rider, other = await as_role("community_worker"), await as_role("rider"), await as_role("rider_b")
    await free(rider)
    request = await ask_help(worker, elder)
    assert request["address"] == ELDER["address"]  # the worker sees it
    # Only free riders of the community were told, and only they see it offered.
    told = await Notification.filter(kind="help_offered").values_list("account_id", flat=True)
    assert told == [world.accounts["rider"].id]
    offered = (await rider.get("/api/v1/help-requests/offered")).json()
    assert [(h["id"], h["address"], h["phone"], h["beneficiary"]) for h in offered] == [
        (request["id"], None, None, "王师傅")]
    assert (await other.get("/api/v1/help-requests/offered")).json() == []
    held = await rider.post(f"/api/v1/help-requests/{request['id']}/claim")
    assert held.status_code == 200, held.text
    body = held.json()
    assert (body["address"], body["phone"], body["mine"]) == (ELDER["address"], ELDER["phone"], True)
    assert len(body["code"]) == 6 and body["code"].isdigit()
    # Wrong codes count; the right one finishes it, once, however often it is sent again.
    wrong = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": "000000"
                              if body["code"] != "000000" else "111111"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["code"] == "wrong_code"
    for _ in range(2):
        done = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": body["code"]})
        assert done.status_code == 200 and done.json()["status"] == "done"
    assert await LedgerEntry.filter(reason="help_completed").values_list("account_id", flat=True) == [
        world.accounts["rider"].id]
    after = (await rider.get(f"/api/v1/help-requests/{request['id']}")).json()
    assert after["address"] is None and after["phone"] is None and after["code"] is None  # done: no longer his
    thanked = await worker.post(f"/api/v1/help-requests/{request['id']}/thanks", json={"thanks": "谢谢小伙子!"})
    assert thanked.json()["thanks"] == "谢谢小伙子!"
    assert (await rider.get("/api/v1/volunteer/me")).json()["helps"] == 1
    held = (await rider.get("/api/v1/me/data")).json()  # his own data: the help, not the address
    assert [(x["kind"], x["status"]) for x in held["help_given"]] == [("pickup", "done")]
    assert ELDER["address"] not in str(held)
    # The thanks show on the rider's station's TV, like a lit wish.
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="驿站", community_id=world.community.id,
                                                  station_id=world.station.id))
    screen = (await worker.get(f"/api/v1/stats/screen/{code}")).json()
    assert screen["help_thanks"] == [{"kind": "pickup", "thanks": "谢谢小伙子!", "rider": "测师傅", "rider_short": "测"}]


async def test_an_urgent_delivery_is_offered_and_told_only_to_free_riders(as_role, world):
    head, free_rider, busy_rider = await as_role("station_head"), await as_role("rider"), await as_role("rider_b")
    await no_peaks(head, world)
    await free(free_rider)
    urgent = await post_task(head, kind="urgent_delivery", title="药店送药到3号楼", quota=1)
    assert await Notification.filter(kind="task_offered").values_list("account_id", flat=True) == [
        world.accounts["rider"].id]
    assert [t["id"] for t in (await free_rider.get("/api/v1/tasks")).json()] == [urgent["id"]]
    await free(free_rider, minutes=0)  # busy again: no longer offered, and cannot take it
    assert (await free_rider.get("/api/v1/tasks")).json() == []
    taken = await free_rider.post(f"/api/v1/tasks/{urgent['id']}/claims", json={})
    assert taken.status_code == 409 and taken.json()["code"] == "not_free"
    assert (await busy_rider.get("/api/v1/tasks")).json() == []  # another station's rider never sees it


async def test_twenty_riders_claiming_one_request_one_holds_it(app, as_role, world, elder):
    worker = await as_role("community_worker")
    request = await ask_help(worker, elder)
    clients = await riders(app, world, 20)
    try:
        for c in clients:
            await free(c)
        answers = await asyncio.gather(*(c.post(f"/api/v1/help-requests/{request['id']}/claim") for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert sorted(a.status_code for a in answers) == [200] + [409] * 19
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"already_claimed"}
    found = await HelpRequest.get(id=request["id"])
    assert found.status == "claimed" and found.rider_id is not None


async def test_busy_riders_and_peak_hours_are_respected(as_role, world, elder):
    worker, rider, head = await as_role("community_worker"), await as_role("rider"), await as_role("station_head")
    request = await ask_help(worker, elder)
    busy = await rider.post(f"/api/v1/help-requests/{request['id']}/claim")
    assert busy.status_code == 409 and busy.json()["code"] == "not_free"
    assert (await rider.get("/api/v1/help-requests/offered")).json() == []
    # The station's peak is now: a free rider is still not offered help unless he asked.
    clock = datetime.now(BEIJING)
    window = [(clock - timedelta(minutes=30)).strftime("%H:%M"), (clock + timedelta(minutes=30)).strftime("%H:%M")]
    if window[0] > window[1]:  # around midnight: a window ends at 24:00 or starts at 00:00
        window = [window[0], "24:00"] if clock.hour == 23 else ["00:00", window[1]]
    assert (await head.put(f"/api/v1/stations/{world.station.id}/peaks", json={"windows": [window]})).status_code == 200
    state = await free(rider)
    assert state["in_peak"] is True and state["offered"] is False
    peak = await rider.post(f"/api/v1/help-requests/{request['id']}/claim")
    assert peak.status_code == 409 and peak.json()["code"] == "peak_time"
    assert (await free(rider, peak_ok=True))["offered"] is True
    assert (await rider.post(f"/api/v1/help-requests/{request['id']}/claim")).status_code == 200
    for windows in ([["13:30", "11:00"]], [["22:00", "24:30"]], [["24:00", "24:00"]], [["22:00", 23]], [["9:00", "11:00"]]):
        bad = await head.put(f"/api/v1/stations/{world.station.id}/peaks", json={"windows": windows})
        assert bad.status_code == 422, windows
    until_midnight = await head.put(f"/api/v1/stations/{world.station.id}/peaks", json={"windows": [["22:00", "24:00"]]})
    assert until_midnight.status_code == 200 and until_midnight.json()["windows"] == [["22:00", "24:00"]]
    assert (await rider.put("/api/v1/me/availability", json={"minutes": 45})).status_code == 422


async def test_only_the_holder_and_staff_ever_see_the_address_or_phone(as_role, world, elder):
    worker = await as_role("community_worker")
    request = await ask_help(worker, elder)
    holder = await as_role("rider")
    await free(holder)
    await holder.post(f"/api/v1/help-requests/{request['id']}/claim")
    for key in ("rider_b", "station_head", "property_staff", "resident", "other_admin", "other_rider"):
        client = await as_role(key)
        for path in (f"/api/v1/help-requests/{request['id']}", "/api/v1/help-requests", "/api/v1/beneficiaries",
                     "/api/v1/help-requests/offered"):
            r = await client.get(path)
            assert ELDER["address"] not in r.text and ELDER["phone"] not in r.text, (key, path, r.text)
    assert ELDER["address"] in (await holder.get(f"/api/v1/help-requests/{request['id']}")).text
    assert ELDER["address"] in (await (await as_role("admin")).get(f"/api/v1/help-requests/{request['id']}")).text
    # Given back with a reason: the rider no longer sees it.
    assert (await holder.post(f"/api/v1/help-requests/{request['id']}/give-back", json={})).status_code == 422
    back = await holder.post(f"/api/v1/help-requests/{request['id']}/give-back", json={"reason": "临时来了大单"})
    assert back.json()["status"] == "open" and back.json()["address"] is None


async def test_five_wrong_codes_lock_it_and_the_worker_confirms_by_phone(as_role, world, elder):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    request = await ask_help(worker, elder)
    await free(rider)
    code = (await rider.post(f"/api/v1/help-requests/{request['id']}/claim")).json()["code"]
    wrong = "123456" if code != "123456" else "654321"
    answers = [await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": wrong})
               for _ in range(5)]
    assert [a.json()["code"] for a in answers] == ["validation_failed"] * 4 + ["code_locked"]
    right = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": code})
    assert right.status_code == 409 and right.json()["code"] == "code_locked"
    assert (await rider.post(f"/api/v1/help-requests/{request['id']}/confirm-by-phone", json={})).status_code == 403
    by_phone = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm-by-phone", json={"minutes": 40})
    assert by_phone.status_code == 200 and by_phone.json()["status"] == "done" and by_phone.json()["minutes"] == 40


async def test_a_second_confirmation_cannot_rewrite_the_minutes_of_help(as_role, world, elder):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    request = await ask_help(worker, elder)
    await free(rider)
    code = (await rider.post(f"/api/v1/help-requests/{request['id']}/claim")).json()["code"]
    done = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": code, "minutes": 40})
    assert done.status_code == 200 and done.json()["minutes"] == 40
    for path, body in (("confirm", {"code": code, "minutes": 90}), ("confirm-by-phone", {"minutes": 5})):
        rewrite = await worker.post(f"/api/v1/help-requests/{request['id']}/{path}", json=body)
        assert rewrite.status_code == 409 and rewrite.json()["code"] == "already_confirmed", path
    for path, body in (("confirm", {"code": code}), ("confirm-by-phone", {"minutes": 40})):
        assert (await worker.post(f"/api/v1/help-requests/{request['id']}/{path}", json=body)).status_code == 200
    assert (await HelpRequest.get(id=request["id"])).minutes == 40
    assert (await rider.get("/api/v1/volunteer/me")).json()["minutes"] == 40
    assert await LedgerEntry.filter(reason="help_completed").count() == 1


async def test_someone_with_a_landline_a_relatives_phone_or_none_can_be_helped(as_role, world):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    cases = [({"phone": "0991-2345678"}, "0991-2345678", ""),
             ({"phone": "13912340077", "phone_note": "女儿"}, "13912340077", "女儿"),
             ({"phone": ""}, "", "")]
    made = []
    for extra, phone, note in cases:
        r = await worker.post("/api/v1/beneficiaries", json={**ELDER, **extra})
        assert r.status_code == 201, r.text
        assert (r.json()["phone"], r.json()["phone_note"]) == (phone, note)
        made.append(r.json())
    bad = await worker.post("/api/v1/beneficiaries", json={**ELDER, "phone": "12345"})
    assert bad.status_code == 422 and bad.json()["errors"][0] == {
        "field": "phone", "code": "invalid_contact_phone", "message": "联系电话格式不正确。"}
    assert await Beneficiary.all().count() == 3
    # No phone at all: the rider sees there is none, and the worker confirms the help.
    await no_peaks(worker, world)
    await free(rider)
    request = await ask_help(worker, made[2])
    held = (await rider.post(f"/api/v1/help-requests/{request['id']}/claim")).json()
    assert (held["phone"], held["phone_note"], held["address"]) == ("", "", ELDER["address"])
    done = await worker.post(f"/api/v1/help-requests/{request['id']}/confirm-by-phone", json={"minutes": 30})
    assert done.status_code == 200 and done.json()["status"] == "done"


async def test_a_resident_asks_for_himself_and_a_worker_approves(as_role, world):
    resident, worker = await as_role("resident"), await as_role("community_worker")
    asked = await resident.post("/api/v1/beneficiaries/ask", json={"address": "红桥小区5号楼", "kind": "pregnant",
                                                                   "consent": True})
    assert asked.status_code == 201 and asked.json()["status"] == "pending", asked.text
    again = await resident.post("/api/v1/beneficiaries/ask", json={"address": "x", "kind": "other", "consent": True})
    assert again.status_code == 409
    early = await worker.post("/api/v1/help-requests", json={"beneficiary_id": asked.json()["id"], "kind": "meal"})
    assert early.status_code == 422 and early.json()["errors"][0]["code"] == "not_approved"
    approved = await worker.post(f"/api/v1/beneficiaries/{asked.json()['id']}/approve")
    assert approved.json()["status"] == "approved"
    assert (await worker.post("/api/v1/help-requests", json={"beneficiary_id": asked.json()["id"],
                                                            "kind": "meal"})).status_code == 201
    # He confirms his own help with the rider's code (his account is the beneficiary's).
    mine = (await resident.get("/api/v1/help-requests")).json()
    assert len(mine) == 1 and mine[0]["address"] is None


async def test_certificates_show_only_surname_hours_and_period(as_role, client, world, elder):
    worker, rider = await as_role("community_worker"), await as_role("rider")
    request = await ask_help(worker, elder)
    await free(rider)
    code = (await rider.post(f"/api/v1/help-requests/{request['id']}/claim")).json()["code"]
    await worker.post(f"/api/v1/help-requests/{request['id']}/confirm", json={"code": code, "minutes": 90})
    today = datetime.now(BEIJING).date()
    made = await rider.post("/api/v1/volunteer/certificates", json={"first_day": today.replace(day=1).isoformat(),
                                                                    "last_day": today.isoformat()})
    assert made.status_code == 201, made.text
    cert = made.json()
    assert (cert["name"], cert["minutes"], cert["hours"]) == ("测师傅", 90, 1.5)
    assert cert["url"] == f"https://yizhan.test/verify/{cert['code']}"
    first = today.replace(day=1).isoformat()
    assert cert["body"]["zh"] == f"兹证明 测师傅 于 {first} 至 {today.isoformat()} 期间参加志愿服务,累计 1.5 小时。"
    assert cert["heading"]["ug"] == "پىدائىي مۇلازىمەت ئىسپاتى"
    public = await client.get(f"/api/v1/volunteer/certificates/{cert['code'].lower()}")
    assert public.status_code == 200 and public.json()["minutes"] == 90
    assert "测试rider" not in public.text and "13900000005" not in public.text
    qr = await client.get(f"/api/v1/volunteer/certificates/{cert['code']}/qr.svg")
    assert qr.status_code == 200 and b"<svg" in qr.content
    assert (await client.get("/api/v1/volunteer/certificates/NOPE")).status_code == 404
    records = await worker.get("/api/v1/volunteer/records/csv")
    lines = list(csv.reader(io.StringIO(records.content.decode("utf-8-sig"))))
    assert lines[0] == ["姓名", "证件号后四位", "服务日期", "服务时长(分钟)", "服务类型", "组织单位"]
    assert lines[1] == ["测试rider", "", today.isoformat(), "90", "上门取件", "日月星光站"]
    assert (await rider.get("/api/v1/volunteer/records/csv")).status_code == 403


async def test_times_without_their_offset_are_refused_and_answers_carry_theirs(as_role, world, elder):
    """A bare local time (no "+08:00") is in no zone: refused with its field (it was a 500); every
    time in the answers says its offset."""
    worker = await as_role("community_worker")
    bare = (datetime.now(UTC) + timedelta(hours=3)).replace(tzinfo=None, microsecond=0).isoformat()
    refused = await worker.post("/api/v1/tasks", json=task_body(ends_at=bare))
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("ends_at", "time_zone_required")]
    assert "+08:00" in refused.json()["errors"][0]["message"]
    window = await worker.post("/api/v1/help-requests", json={"beneficiary_id": elder["id"], "kind": "pickup",
                                                              "window_from": bare, "window_until": bare})
    assert window.status_code == 422 and window.json()["errors"][0]["code"] == "time_zone_required"
    assert await Task.all().count() == 0 and await HelpRequest.all().count() == 0
    task = await post_task(worker)
    later = (datetime.now(BEIJING) + timedelta(hours=3)).replace(microsecond=0)
    helped = await ask_help(worker, elder, window_from=later.isoformat(),
                            window_until=(later + timedelta(hours=2)).isoformat())
    assert datetime.fromisoformat(helped["window_from"]) == later
    for answer in (task, helped, *(await worker.get("/api/v1/tasks")).json()):
        for key, value in answer.items():
            if key.endswith("_at") or key.startswith("window_"):
                assert value is None or datetime.fromisoformat(value).utcoffset() is not None, (key, value)
