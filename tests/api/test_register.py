"""Rider self-registration."""

import pytest

from server.accounts.models import Account, Role, Session
from server.accounts.service import PRIVACY_NOTICE_VERSION


def registration(world, **changes):
    body = {"name": "买买提", "phone": "+86 137 0000 0001", "password": "ride-safe-77",
            "station_id": world.station.id, "platform": "meituan", "consent": True}
    body.update(changes)
    return body


async def test_rider_registers_and_is_signed_in(client, world):
    r = await client.post("/api/v1/auth/register", json=registration(world))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["account"]["role"] == "rider" and body["csrf_token"]
    account = await Account.get(phone="13700000001").select_related("scope")
    assert account.role == Role.RIDER
    assert account.scope.id == world.station.id
    assert account.consent_version == PRIVACY_NOTICE_VERSION and account.consent_at is not None
    assert await Session.filter(account=account).count() == 1
    assert (await client.get("/api/v1/auth/me")).json()["account"]["id"] == account.id


@pytest.mark.parametrize(
    ("changes", "status", "field", "code"),
    [
        ({"consent": False}, 422, "consent", "consent_required"),
        ({"phone": "12345"}, 422, "phone", "invalid_phone"),
        ({"phone": "23900000001"}, 422, "phone", "invalid_phone"),
        ({"password": "12345678"}, 422, "password", "weak_password"),
        ({"password": "short"}, 422, "password", "weak_password"),
        ({"station_id": 999999}, 422, "station_id", "station_unknown"),
        ({"platform": "eleme"}, 422, "platform", "platform_mismatch"),
        ({"platform": "didi"}, 422, "platform", "invalid"),
        ({"name": ""}, 422, "name", "invalid"),
        ({"name": "x" * 51}, 422, "name", "invalid"),
    ],
)
async def test_bad_registrations_are_refused_and_write_nothing(client, world, changes, status, field, code):
    before = await Account.all().count()
    r = await client.post("/api/v1/auth/register", json=registration(world, **changes))
    assert r.status_code == status, r.text
    error = r.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, code)
    assert await Account.all().count() == before
    assert await Session.all().count() == 0


async def test_registering_at_a_non_station_or_inactive_station_fails(client, world):
    r = await client.post("/api/v1/auth/register", json=registration(world, station_id=world.community.id))
    assert r.json()["errors"][0]["code"] == "station_unknown"
    world.station.is_active = False
    await world.station.save()
    r = await client.post("/api/v1/auth/register", json=registration(world))
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "station_unknown"


async def test_phone_registered_twice_is_a_conflict(client, world):
    r = await client.post("/api/v1/auth/register", json=registration(world, phone=world.login("rider")))
    assert r.status_code == 409
    assert r.json()["code"] == "phone_taken" and r.json()["errors"][0]["field"] == "phone"
    assert await Account.filter(phone=world.login("rider")).count() == 1


async def test_double_submitted_registration_creates_one_account(app, world):
    import asyncio

    from tests.conftest import make_client

    async with make_client(app) as a, make_client(app) as b:
        results = await asyncio.gather(
            a.post("/api/v1/auth/register", json=registration(world)),
            b.post("/api/v1/auth/register", json=registration(world)),
        )
    assert sorted(r.status_code for r in results) == [201, 409]
    assert await Account.filter(phone="13700000001").count() == 1


@pytest.mark.parametrize("password", ["password123", "Qwerty123", "woaini1314", "1q2w3e4r"])
async def test_the_commonest_passwords_are_refused(client, world, password):
    answer = await client.post("/api/v1/auth/register", json={
        "name": "新骑手", "phone": "13512340099", "password": password, "station_id": world.station.id, "consent": True})
    assert answer.status_code == 422 and answer.json()["errors"][0]["code"] == "common_password"


@pytest.mark.parametrize(("password", "code", "why"), [
    ("qwertyui", "common_password", "最常被用的密码"), ("sunshine1", "common_password", "最常被用的密码"),
    ("zxcvbnm,./", "keyboard_walk", "键盘上连着按"), ("!QAZ2wsx3edc", "keyboard_walk", "键盘上连着按"),
    (";lkjhgfds", "keyboard_walk", "键盘上连着按"), ("rfvtgbyhn", "keyboard_walk", "键盘上连着按"), ("13512340099x", None, None)])
async def test_a_refused_password_says_why(client, world, password, code, why):
    answer = await client.post("/api/v1/auth/register", json={
        "name": "新骑手", "phone": "13512340099", "password": password, "station_id": world.station.id, "consent": True})
    if code is None:
        assert answer.status_code == 201, answer.text
        return
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("password", code) and why in error["message"]
    assert not await Account.filter(phone="13512340099").exists()


async def test_a_password_equal_to_the_user_name_is_refused(as_role, world):
    admin = await as_role("admin")
    made = await admin.post("/api/v1/accounts", json={"role": "community_worker", "name": "新社工",
                                                      "username": "hongqiao-new", "password": "Hongqiao-New",
                                                      "scope_id": world.community.id})
    assert made.status_code == 422 and made.json()["errors"][0]["code"] == "personal_password"


async def test_asking_whether_numbers_have_accounts_is_throttled_like_sign_in(app, world, settings):
    from tests.conftest import make_client

    limit = settings.signin_failures_per_ip

    def taken(station_id=world.station.id):
        return {"name": "试探", "phone": "13900000005", "password": "ride-safe-2026", "station_id": station_id,
                "consent": True}

    async with make_client(app) as probe:
        answers = [await probe.post("/api/v1/auth/register", json=taken()) for _ in range(limit - 1)]
        assert {a.json()["code"] for a in answers} == {"phone_taken"}
        for _ in range(3):  # other refusals do not count towards the limit
            assert (await probe.post("/api/v1/auth/register", json=taken(station_id=999999))).status_code == 422
        assert (await probe.post("/api/v1/auth/register", json=taken())).json()["code"] == "phone_taken"
        refused = await probe.post("/api/v1/auth/register", json=taken())
        assert refused.status_code == 429 and "retry-after" in refused.headers
