"""微心愿 over the API: the whole way from a rider's wish to a lit wall, claims without an
account (one active claim, private links), expiry, staff on a rider's behalf, the counts,
and every refusal the issue names."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from server.accounts.models import Account
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Notification
from server.points.models import LedgerEntry
from server.wishes.claims import expire_claims
from server.wishes.models import ClaimStatus, Wish, WishClaim, WishEvent, WishStatus
from tests.support.photos import camera_jpeg

CLAIMER = {"name": "李大姐", "phone": "139 1234 5678", "kind": "resident", "consent": True}


@pytest.fixture
async def codes(world):
    _, station_place = await create_place(None, PlaceInput(
        kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站", community_id=world.community.id,
        station_id=world.station.id))
    _, building = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼",
                                                      community_id=world.community.id))
    _, other = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="二社区1号楼",
                                                   community_id=world.community_b.id))
    return {"station": station_place, "building": building, "other": other}


async def wish_by(client, code, expect=201, **fields):
    data = {"code": code, "category": "charging", "title": "想要一个充电的地方",
            "description": "冬天电池掉电快,希望驿站能充电", "idempotency_key": uuid.uuid4().hex, **fields}
    photo = data.pop("photo", None)
    files = {"photo": ("wish.jpg", photo, "image/jpeg")} if photo else None
    response = await client.post("/api/v1/wishes", data=data, files=files)
    assert response.status_code == expect, response.text
    return response.json()


async def published_wish(as_role, codes, **fields):
    rider, head = await as_role("rider"), await as_role("station_head")
    wish = await wish_by(rider, codes["station"], **fields)
    published = await head.post(f"/api/v1/wishes/{wish['wish']['id']}/review/publish")
    assert published.status_code == 200, published.text
    return wish["wish"]["id"], rider, head


def from_address(app, address):
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 40000)),
                             base_url="https://testserver")


async def test_from_a_riders_wish_to_a_lit_wall(client, as_role, world, codes):
    rider, head = await as_role("rider"), await as_role("station_head")
    sent = await wish_by(rider, codes["station"], photo=camera_jpeg(1200, 900), needed_by="2099-01-31")
    wish_id = sent["wish"]["id"]
    assert sent["wish"]["status"] == "submitted" and sent["wish"]["rider"] == "测师傅"
    wall = (await client.get(f"/api/v1/walls/places/{codes['station']}")).json()
    assert wall["open"] == [] and wall["place"]["name"] == "日月星光骑手驿站"
    assert (await client.get(f"/api/v1/wishes/{wish_id}")).status_code == 404  # not public before review

    queue = (await head.get("/api/v1/wishes")).json()["items"]
    assert [w["id"] for w in queue] == [wish_id]
    assert (await head.post(f"/api/v1/wishes/{wish_id}/review/publish")).json()["wish"]["status"] == "published"
    wall = (await client.get(f"/api/v1/walls/places/{codes['station'].lower()}")).json()
    assert [w["id"] for w in wall["open"]] == [wish_id]
    card = wall["open"][0]
    assert card["rider"] == "测师傅" and card["needed_by"] == "2099-01-31" and card["photo_url"]
    assert "测试rider" not in str(wall) and "13900000005" not in str(wall)
    photo = await client.get(card["photo_url"])
    assert photo.status_code == 200 and photo.content[:3] == b"\xff\xd8\xff"

    claimed = await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    assert claimed.status_code == 201, claimed.text
    token = claimed.json()["token"]
    assert claimed.json()["link"] == f"https://yizhan.test/claim/{token}"
    stored = await WishClaim.get(wish_id=wish_id)
    assert stored.phone == "13912345678" and stored.token_hash != token and token not in stored.token_hash
    assert (await client.get(f"/api/v1/walls/places/{codes['station']}")).json()["open"] == []
    # The rider and the station head see who claimed it, to get in touch.
    for viewer in (rider, head):
        detail = (await viewer.get(f"/api/v1/wishes/{wish_id}")).json()
        assert detail["claim"]["name"] == "李大姐" and detail["claim"]["phone"] == "13912345678"
    public = (await client.get(f"/api/v1/wishes/{wish_id}")).json()
    assert public["claim"] is None and public["events"] == [] and public["can"] == []

    page = (await client.get(f"/api/v1/claims/{token}")).json()
    assert page["status"] == "active" and page["wish"]["title"] == "想要一个充电的地方"
    done = await client.post(f"/api/v1/claims/{token}/fulfil", data={"note": "充电宝已送到驿站"},
                             files={"photo": ("done.jpg", camera_jpeg(800, 600), "image/jpeg")})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "fulfilled" and done.json()["wish"]["status"] == "fulfilled"
    assert await Notification.filter(account_id=world.accounts["rider"].id, object_type="wish").count() >= 3

    thanked = await rider.post(f"/api/v1/wishes/{wish_id}/thank", json={"thanks": "谢谢李大姐,冬天不怕没电了!"})
    assert thanked.status_code == 200 and thanked.json()["wish"]["status"] == "thanked"
    wall = (await client.get(f"/api/v1/walls/places/{codes['station']}")).json()
    assert [(w["id"], w["thanks"]) for w in wall["lit"]] == [(wish_id, "谢谢李大姐,冬天不怕没电了!")]
    community = (await client.get(f"/api/v1/walls/communities/{world.community.id}")).json()
    assert [w["id"] for w in community["lit"]] == [wish_id] and community["title"] == "红桥社区"
    actions = await WishEvent.filter(wish_id=wish_id).order_by("id").values_list("action", flat=True)
    assert actions == ["submit", "publish", "claim", "fulfil", "thank"]
    # The claimer appears in the history as she gave her name, not as a rider ("李师傅").
    history = (await rider.get(f"/api/v1/wishes/{wish_id}")).json()["events"]
    assert [e["actor"] for e in history if e["action"] in ("claim", "fulfil")] == ["李大姐", "李大姐"]
    # Nobody paid: the claimer had no account.
    assert await LedgerEntry.filter(reason="wish_fulfilled").count() == 0


async def test_fifty_people_claiming_at_once_one_wins(app, as_role, codes):
    wish_id, _, _ = await published_wish(as_role, codes)
    clients = [from_address(app, f"10.0.{n // 200}.{n % 200 + 1}") for n in range(50)]
    try:
        results = await asyncio.gather(*(c.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert sorted(r.status_code for r in results) == [201] + [409] * 49
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"already_claimed"}
    assert await WishClaim.filter(wish_id=wish_id).count() == 1
    assert (await Wish.get(id=wish_id)).status == WishStatus.CLAIMED


async def test_a_signed_in_resident_claims_sees_it_and_earns_points(as_role, world, codes):
    wish_id, rider, head = await published_wish(as_role, codes)
    resident = await as_role("resident")
    token = (await resident.post(f"/api/v1/wishes/{wish_id}/claims",
                                 json={**CLAIMER, "phone": "13900000006"})).json()["token"]
    mine = (await resident.get("/api/v1/claims/mine")).json()
    assert [(c["wish"]["id"], c["status"]) for c in mine] == [(wish_id, "active")]
    # The station head saw the things arrive and marks it fulfilled for the claimer.
    done = await head.post(f"/api/v1/wishes/{wish_id}/fulfil", json={"note": "东西已送到站里"})
    assert done.status_code == 200 and done.json()["wish"]["status"] == "fulfilled"
    entry = await LedgerEntry.get(reason="wish_fulfilled")
    assert entry.account_id == world.accounts["resident"].id and entry.amount == 10
    again = await resident.post(f"/api/v1/claims/{token}/fulfil", data={"note": "x"})
    assert again.status_code == 409 and again.json()["code"] == "claim_closed"
    assert await LedgerEntry.filter(reason="wish_fulfilled").count() == 1


async def test_giving_up_and_expiry_put_the_wish_back_on_the_wall(client, as_role, world, codes):
    wish_id, rider, _ = await published_wish(as_role, codes)
    token = (await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)).json()["token"]
    back = await client.post(f"/api/v1/claims/{token}/give-up")
    assert back.status_code == 200 and back.json()["status"] == "given_up"
    assert back.json()["wish"]["status"] == "published"
    reused = await client.post(f"/api/v1/claims/{token}/give-up")
    assert reused.status_code == 409 and reused.json()["code"] == "claim_closed"

    resident = await as_role("resident")
    await resident.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    await WishClaim.filter(status=ClaimStatus.ACTIVE).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    assert await expire_claims() == 1
    assert await expire_claims() == 0
    assert (await Wish.get(id=wish_id)).status == WishStatus.PUBLISHED
    told = await Notification.get(account_id=world.accounts["resident"].id, object_type="wish")
    assert told.status == "claim_expired"
    mine = (await resident.get("/api/v1/claims/mine")).json()
    assert mine[0]["status"] == "expired"
    wall = (await client.get(f"/api/v1/walls/places/{codes['station']}")).json()
    assert [w["id"] for w in wall["open"]] == [wish_id]


async def test_an_expired_claim_link_says_so_before_the_sweeper_runs(client, as_role, codes):
    wish_id, _, _ = await published_wish(as_role, codes)
    token = (await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)).json()["token"]
    await WishClaim.filter(wish_id=wish_id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    page = (await client.get(f"/api/v1/claims/{token}")).json()
    assert page["status"] == "expired" and page["wish"]["status"] == "published"
    late = await client.post(f"/api/v1/claims/{token}/fulfil", data={"note": "done"})
    assert late.status_code == 409 and late.json()["code"] == "claim_closed"


async def test_staff_write_down_wishes_for_riders(client, as_role, world, codes):
    worker = await as_role("community_worker")
    by_phone = await wish_by(worker, codes["building"], rider_phone="13900000005", source="talk_session",
                             category="access", title="快递进不了小区大门")
    assert by_phone["wish"]["status"] == "published" and by_phone["source"] == "talk_session"
    assert (await Wish.get(id=by_phone["wish"]["id"])).rider_id == world.accounts["rider"].id
    by_name = await wish_by(worker, codes["building"], rider_name="马晓军", source="listening_point")
    assert by_name["wish"]["rider"] == "马师傅"
    token = (await client.post(f"/api/v1/wishes/{by_name['wish']['id']}/claims", json=CLAIMER)).json()["token"]
    await client.post(f"/api/v1/claims/{token}/fulfil", data={"note": "ok"})
    # No rider account: the staff member who wrote it down says the thanks for him.
    thanked = await worker.post(f"/api/v1/wishes/{by_name['wish']['id']}/thank", json={"thanks": "马师傅说谢谢"})
    assert thanked.status_code == 200 and thanked.json()["wish"]["status"] == "thanked"
    for fields, code in (({"rider_phone": "12345"}, "invalid_phone"), ({"rider_phone": "13911112222"}, "unknown_account"),
                         ({}, "required"), ({"rider_name": "x", "source": "party"}, "invalid")):
        refused = await wish_by(worker, codes["building"], expect=422, **fields)
        assert refused["errors"][0]["code"] == code, fields


async def test_wishes_are_refused_with_clear_errors(client, app, as_role, world, codes):
    rider = await as_role("rider")
    for fields, code in (
        ({"description": "很" * 5000}, "too_long"),
        ({"title": ""}, "required"),
        ({"title": "标" * 41}, "too_long"),
        ({"category": "flying"}, "unknown_category"),
        ({"code": "NOPE000000"}, "place_unknown"),
        ({"needed_by": "2020-01-01"}, "in_the_past"),
        ({"needed_by": "tomorrow"}, "invalid"),
        ({"photo": b"this is not a picture"}, "not_an_image"),
    ):
        refused = await wish_by(rider, fields.pop("code", codes["station"]), expect=422, **fields)
        assert refused["errors"][0]["code"] == code, fields
    assert await Wish.all().count() == 0
    assert (await client.post("/api/v1/wishes", data={"code": codes["station"]})).status_code == 401
    resident = await as_role("resident")
    assert (await wish_by(resident, codes["station"], expect=403))["code"] == "forbidden"
    key = uuid.uuid4().hex
    first = await wish_by(rider, codes["station"], idempotency_key=key)
    again = await wish_by(rider, codes["station"], expect=200, idempotency_key=key)
    assert first["wish"]["id"] == again["wish"]["id"] and await Wish.all().count() == 1
    other = await as_role("rider_b")
    assert (await wish_by(other, codes["station"], expect=409, idempotency_key=key))["code"] == "idempotency_conflict"


async def test_reviews_withdrawals_and_claims_are_guarded(client, app, as_role, world, codes):
    from server.accounts.models import Role
    from server.accounts.service import create_account
    from tests.conftest import make_client
    from tests.support.world import PASSWORD, sign_in

    rider = await as_role("rider")
    wish = (await wish_by(rider, codes["station"]))["wish"]
    await create_account(None, role=Role.STATION_HEAD, name="别站长", password=PASSWORD, phone="13600000009",
                         scope_id=world.station_b.id)
    async with make_client(app) as head_b:
        await sign_in(head_b, "13600000009")
        elsewhere = await head_b.post(f"/api/v1/wishes/{wish['id']}/review/publish")
        assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "wish_other_place"
        assert (await head_b.get("/api/v1/wishes")).json()["items"] == []
    head = await as_role("station_head")
    reject = await head.post(f"/api/v1/wishes/{wish['id']}/review/reject", json={"note": " "})
    assert reject.status_code == 422 and reject.json()["errors"][0]["code"] == "reason_required"
    not_yet = await client.post(f"/api/v1/wishes/{wish['id']}/claims", json=CLAIMER)
    assert not_yet.status_code == 409 and not_yet.json()["code"] == "wish_not_open"
    await head.post(f"/api/v1/wishes/{wish['id']}/review/publish")
    again = await head.post(f"/api/v1/wishes/{wish['id']}/review/publish")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"

    for body, code in (({**CLAIMER, "phone": "12345"}, "invalid_phone"), ({**CLAIMER, "consent": False}, "consent_required"),
                       ({**CLAIMER, "kind": "robot"}, "invalid"), ({**CLAIMER, "name": ""}, "required")):
        refused = await client.post(f"/api/v1/wishes/{wish['id']}/claims", json=body)
        assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == code, body
    missing = await client.post(f"/api/v1/wishes/{wish['id']}/claims", json={"name": "x"})
    assert missing.status_code == 422
    for forged in ("x" * 32, "short", "a" * 80):
        page = await client.get(f"/api/v1/claims/{forged}")
        assert page.status_code == 404 and page.json()["code"] == "unknown_claim"
    assert (await client.post(f"/api/v1/claims/{'y' * 32}/give-up")).json()["code"] == "unknown_claim"

    other_rider = await as_role("rider_b")
    assert (await other_rider.post(f"/api/v1/wishes/{wish['id']}/withdraw")).status_code == 403
    withdrawn = await rider.post(f"/api/v1/wishes/{wish['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["wish"]["status"] == "withdrawn"
    gone = await client.post(f"/api/v1/wishes/{wish['id']}/claims", json=CLAIMER)
    assert gone.status_code == 409 and gone.json()["code"] == "wish_not_open"
    assert (await client.post("/api/v1/wishes/999999/claims", json=CLAIMER)).json()["code"] == "unknown_wish"
    assert (await rider.post(f"/api/v1/wishes/{wish['id']}/thank", json={})).status_code == 409


async def test_claim_spam_from_one_address_is_limited(client, as_role, codes):
    ids = [(await published_wish(as_role, codes))[0] for _ in range(6)]
    statuses = [(await client.post(f"/api/v1/wishes/{i}/claims", json=CLAIMER)).status_code for i in ids]
    assert statuses == [201] * 5 + [429]
    assert (await Wish.get(id=ids[-1])).status == WishStatus.PUBLISHED


async def test_walls_filter_by_category_and_page(client, as_role, world, codes):
    worker = await as_role("community_worker")
    for n in range(35):
        await wish_by(worker, codes["building"], rider_name=f"王{n}", category="eating" if n % 5 == 0 else "charging")
    await wish_by(worker, codes["station"], rider_name="赵一", category="eating")
    first = (await client.get(f"/api/v1/walls/places/{codes['building']}")).json()
    assert len(first["open"]) == 30 and first["next_cursor"]
    rest = (await client.get(f"/api/v1/walls/places/{codes['building']}", params={"cursor": first["next_cursor"]})).json()
    assert len(rest["open"]) == 5 and rest["next_cursor"] is None
    eating = (await client.get(f"/api/v1/walls/communities/{world.community.id}", params={"category": "eating"})).json()
    assert len(eating["open"]) == 8 and {w["category"] for w in eating["open"]} == {"eating"}
    bad = await client.get(f"/api/v1/walls/places/{codes['building']}", params={"category": "flying"})
    assert bad.status_code == 422
    assert (await client.get("/api/v1/walls/places/ZZZZZZZZZZ")).status_code == 404
    assert (await client.get(f"/api/v1/walls/communities/{world.station.id}")).status_code == 404


async def test_the_counts_show_what_riders_are_short_of(client, as_role, world, codes):
    worker = await as_role("community_worker")
    ids = [(await wish_by(worker, codes["building"], rider_name="王五", category=category))["wish"]["id"]
           for category in ("charging", "charging", "eating")]
    await Wish.filter(id=ids[0]).update(published_at=datetime.now(UTC) - timedelta(days=3))
    token = (await client.post(f"/api/v1/wishes/{ids[0]}/claims", json=CLAIMER)).json()["token"]
    await client.post(f"/api/v1/claims/{token}/fulfil", data={})
    rider = await as_role("rider")
    await wish_by(rider, codes["station"], category="charging")  # collected, not yet published
    rows = (await worker.get("/api/v1/wishes/stats")).json()
    by_category = {r["category"]: r for r in rows}
    assert by_category["charging"] == {"community_id": world.community.id, "community_name": "红桥社区",
                                       "category": "charging", "collected": 3, "published": 2, "claimed": 1,
                                       "fulfilled": 1, "median_days_to_claim": 3.0}
    assert by_category["eating"]["collected"] == 1 and by_category["eating"]["median_days_to_claim"] is None
    head_rows = (await (await as_role("station_head")).get("/api/v1/wishes/stats")).json()
    assert [(r["category"], r["collected"]) for r in head_rows] == [("charging", 1)]
    assert (await rider.get("/api/v1/wishes/stats")).status_code == 403


async def test_a_rider_sends_at_most_ten_wishes_an_hour(as_role, codes):
    rider = await as_role("rider")
    for _ in range(10):
        await wish_by(rider, codes["station"])
    limited = await rider.post("/api/v1/wishes", data={"code": codes["station"], "category": "other", "title": "x"})
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert await Wish.all().count() == 10


async def test_wish_news_is_read_apart_from_report_news(client, as_role, world, codes):
    wish_id, rider, _ = await published_wish(as_role, codes)
    await Notification.create(account_id=world.accounts["rider"].id, kind="report_status", object_type="report",
                              object_id=1, status="verified")
    await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    marked = await rider.post("/api/v1/notifications/read", params={"object_type": "wish"})
    assert marked.json() == {"marked": 2}  # published, claimed
    unread = [n for n in (await rider.get("/api/v1/notifications")).json() if not n["read"]]
    assert [(n["object_type"], n["status"]) for n in unread] == [("report", "verified")]


def stored_photos(app):
    folder = app.state.context.settings.media_dir / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


async def test_a_huge_or_fake_picture_loses_nothing(app, client, as_role, codes):
    rider = await as_role("rider")
    huge = camera_jpeg(640, 480) + b"\0" * (15 * 1024 * 1024 + 10)
    refused = await wish_by(rider, codes["station"], expect=413, photo=huge)
    assert refused["code"] == "photo_too_large"
    assert await Wish.all().count() == 0 and stored_photos(app) == []

    wish_id, _, _ = await published_wish(as_role, codes)
    token = (await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)).json()["token"]
    fake = await client.post(f"/api/v1/claims/{token}/fulfil", data={"note": "done"},
                             files={"photo": ("done.jpg", b"<html>not a photo</html>", "image/jpeg")})
    assert fake.status_code == 422 and fake.json()["errors"][0]["code"] == "not_an_image"
    assert (await WishClaim.get(token_hash__isnull=False)).status == ClaimStatus.ACTIVE
    assert (await Wish.get(id=wish_id)).status == WishStatus.CLAIMED and stored_photos(app) == []


async def test_a_double_submitted_wish_is_one_wish_with_one_picture(app, as_role, world, codes):
    from tests.conftest import make_client
    from tests.support.world import sign_in

    key = uuid.uuid4().hex
    async with make_client(app) as a, make_client(app) as b:
        await sign_in(a, world.login("rider"))
        await sign_in(b, world.login("rider"))
        results = await asyncio.gather(
            *(c.post("/api/v1/wishes", data={"code": codes["station"], "category": "goods", "title": "手套",
                                             "idempotency_key": key},
                     files={"photo": ("w.jpg", camera_jpeg(800, 600), "image/jpeg")}) for c in (a, b)))
    assert sorted(r.status_code for r in results) == [200, 201]
    assert await Wish.all().count() == 1
    assert len(stored_photos(app)) == 2  # one picture and its thumbnail; the loser's were removed


async def test_a_claim_lasts_seven_days(client, as_role, codes):
    wish_id, _, _ = await published_wish(as_role, codes)
    before = datetime.now(UTC)
    claimed = await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    assert claimed.status_code == 201
    row = await WishClaim.get(wish_id=wish_id)
    assert timedelta(days=7) <= row.expires_at - before <= timedelta(days=7, seconds=30)
    page = (await client.get(f"/api/v1/claims/{claimed.json()['token']}")).json()
    assert datetime.fromisoformat(page["expires_at"]) == row.expires_at


async def test_the_running_app_sweeps_expired_claims_and_rewards(app, client, as_role, codes):
    housekeeping = app.state.housekeeping
    assert housekeeping.running
    assert {"expire_claims", "expire_due", "warn_expiring_claims", "watch_deadlines"} <= set(housekeeping.job_names)
    wish_id, _, _ = await published_wish(as_role, codes)
    await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)
    await WishClaim.filter(wish_id=wish_id).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    done = await housekeeping.run_once()
    assert done["expire_claims"] == 1
    assert (await Wish.get(id=wish_id)).status == WishStatus.PUBLISHED


async def test_a_claimers_own_done_pays_nothing_until_the_rider_thanks(as_role, world, codes):
    wish_id, rider, _ = await published_wish(as_role, codes)
    resident = await as_role("resident")
    token = (await resident.post(f"/api/v1/wishes/{wish_id}/claims",
                                 json={**CLAIMER, "phone": "13900000006"})).json()["token"]
    done = await resident.post(f"/api/v1/claims/{token}/fulfil", data={"note": "放在驿站了"})
    assert done.status_code == 200 and done.json()["wish"]["status"] == "fulfilled"
    assert not await LedgerEntry.filter(reason="wish_fulfilled").exists()  # his word alone pays nothing
    assert (await rider.post(f"/api/v1/wishes/{wish_id}/thank", json={"thanks": "收到了,谢谢"})).status_code == 200
    entry = await LedgerEntry.get(reason="wish_fulfilled")
    assert (entry.account_id, entry.amount) == (world.accounts["resident"].id, 10)


async def test_a_rider_cannot_claim_his_own_wish_by_account_or_by_phone(client, as_role, world, codes):
    wish_id, rider, _ = await published_wish(as_role, codes)
    own = await rider.post(f"/api/v1/wishes/{wish_id}/claims", json={**CLAIMER, "phone": "13800138000"})
    assert own.status_code == 409 and own.json()["code"] == "own_wish"
    by_phone = await client.post(f"/api/v1/wishes/{wish_id}/claims", json={**CLAIMER, "phone": "139 0000 0005"})
    assert by_phone.status_code == 409 and by_phone.json()["code"] == "own_wish"
    assert not await WishClaim.exists()
    assert (await client.post(f"/api/v1/wishes/{wish_id}/claims", json=CLAIMER)).status_code == 201


async def test_a_riders_name_by_phone_is_found_only_within_the_speakers_scope(as_role, world, codes):
    head = await as_role("station_head")
    own = await wish_by(head, codes["station"], rider_phone="13900000005", source="talk_session")
    assert own["wish"]["status"] == "published"
    elsewhere = await wish_by(head, codes["station"], expect=422, rider_phone="13900000025", source="talk_session")
    nobody = await wish_by(head, codes["station"], expect=422, rider_phone="13911112222", source="talk_session")
    assert elsewhere == {**nobody, "instance": elsewhere["instance"]}  # the same answer: nothing learnt
    assert "13900000025" not in str(elsewhere) and world.accounts["other_rider"].name not in str(elsewhere)


async def test_a_resident_signs_up_himself_then_claims_and_asks_for_help(app, client, as_role, world, codes):
    """Residents sign up themselves (phone, name, community, consent) and act as themselves;
    a resident is never a rider, and a rider's number cannot sign up again as a resident."""
    body = {"name": "古丽", "phone": "136 1234 0001", "password": "tianshan-home-9", "community_id": world.community.id,
            "consent": True}
    for changes, field, code in (({"consent": False}, "consent", "consent_required"),
                                 ({"community_id": world.station.id}, "community_id", "unknown_node"),
                                 ({"phone": "0991-2345678"}, "phone", "invalid_phone"),
                                 ({"password": "qwertyui"}, "password", "common_password")):
        refused = await client.post("/api/v1/auth/register-resident", json={**body, **changes})
        assert refused.status_code == 422 and (refused.json()["errors"][0]["field"],
                                               refused.json()["errors"][0]["code"]) == (field, code), changes
    rider_phone = await client.post("/api/v1/auth/register-resident", json={**body, "phone": "13900000005"})
    assert rider_phone.status_code == 409 and rider_phone.json()["code"] == "phone_taken"
    assert not await Account.filter(name="古丽").exists()

    made = await client.post("/api/v1/auth/register-resident", json=body)
    assert made.status_code == 201, made.text
    me = made.json()["account"]
    assert (me["role"], me["scope"]["id"], me["phone"]) == ("resident", world.community.id, "13612340001")
    csrf = {"X-CSRF-Token": made.json()["csrf_token"]}
    wish_id, _, _ = await published_wish(as_role, codes)
    claimed = await client.post(f"/api/v1/wishes/{wish_id}/claims", json={**CLAIMER, "phone": "13612340001"}, headers=csrf)
    assert claimed.status_code == 201, claimed.text
    assert [c["wish"]["id"] for c in (await client.get("/api/v1/claims/mine")).json()] == [wish_id]
    asked = await client.post("/api/v1/beneficiaries/ask", json={"address": "红桥小区2号楼", "kind": "elderly",
                                                                 "consent": True}, headers=csrf)
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    # He is no rider: no tasks, no rider registration with the same phone.
    assert (await client.put("/api/v1/me/availability", json={"minutes": 30}, headers=csrf)).status_code == 403
    from tests.conftest import make_client

    async with make_client(app) as elsewhere:
        again = await elsewhere.post("/api/v1/auth/register", json={
            "name": "古丽", "phone": "13612340001", "password": "tianshan-home-9", "station_id": world.station.id,
            "consent": True})
    assert again.status_code == 409 and again.json()["code"] == "phone_taken"
