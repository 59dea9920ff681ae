"""Sign-in, sessions, CSRF, sign-out, password change and throttling."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from server.accounts.models import Account, Session
from server.accounts.sessions import COOKIE_NAME
from server.core.passwords import verify_password
from tests.conftest import make_client
from tests.support.world import PASSWORD, sign_in


async def test_sign_in_by_phone_in_any_spelling_and_by_username(app, world):
    for login in ("13900000005", "+86 139-0000-0005", "8613900000005"):
        async with make_client(app) as c:
            body = await sign_in(c, login)
            assert body["account"]["id"] == world.accounts["rider"].id
            assert COOKIE_NAME in c.cookies
    async with make_client(app) as c:
        body = await sign_in(c, "ADMIN1")
        assert body["account"]["role"] == "admin"
    assert await Session.all().count() == 4


async def test_session_cookie_is_httponly_secure_lax(client, world):
    response = await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
    # Only a hash of the token is stored.
    token = client.cookies[COOKIE_NAME]
    assert not await Session.filter(token_hash=token).exists()


async def test_wrong_password_and_unknown_login_look_the_same(client, world):
    wrong = await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": "nope-nope-1"})
    unknown = await client.post("/api/v1/auth/sign-in", json={"login": "nobody", "password": "nope-nope-1"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "bad_credentials"
    assert await Session.all().count() == 0


async def test_failed_sign_ins_are_throttled_even_for_the_right_password(client, world, settings):
    for _ in range(settings.signin_failures_per_login):
        r = await client.post("/api/v1/auth/sign-in", json={"login": "13900000005", "password": "guess-guess-1"})
        assert r.status_code == 401
    # Another spelling of the same phone counts against the same login.
    r = await client.post("/api/v1/auth/sign-in", json={"login": "+8613900000005", "password": PASSWORD})
    assert r.status_code == 429
    assert r.json()["code"] == "rate_limited"
    assert 0 < int(r.headers["retry-after"]) <= settings.signin_window_seconds
    # Another account from the same address is not locked by this.
    r = await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": PASSWORD})
    assert r.status_code == 200


async def test_a_success_clears_the_failure_count(client, world, settings):
    for _ in range(settings.signin_failures_per_login - 1):
        await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": "guess-guess-1"})
    await sign_in(client, "admin1")
    for _ in range(settings.signin_failures_per_login - 1):
        r = await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": "guess-guess-1"})
        assert r.status_code == 401


async def test_me_returns_account_and_csrf_token(as_role, world):
    c = await as_role("rider")
    r = await c.get("/api/v1/auth/me")
    assert r.status_code == 200
    body = r.json()
    assert body["account"]["phone"] == "13900000005"
    assert body["account"]["scope"]["name"] == "日月星光站"
    assert body["csrf_token"] == c.headers["X-CSRF-Token"]


async def test_unsafe_cookie_request_needs_the_csrf_token(as_role, world):
    c = await as_role("admin")
    token = c.headers.pop("X-CSRF-Token")
    payload = {"kind": "street", "name": "新街道", "parent_id": world.district.id}
    missing = await c.post("/api/v1/org/nodes", json=payload)
    c.headers["X-CSRF-Token"] = "0" * 64
    forged = await c.post("/api/v1/org/nodes", json=payload)
    for r in (missing, forged):
        assert r.status_code == 403
        assert r.json()["code"] == "csrf_failed"
    from server.org.models import OrgNode

    assert not await OrgNode.filter(name="新街道").exists()
    c.headers["X-CSRF-Token"] = token
    assert (await c.post("/api/v1/org/nodes", json=payload)).status_code == 201


async def test_bearer_token_needs_no_csrf(client, world):
    r = await client.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": PASSWORD, "bearer": True})
    body = r.json()
    assert "set-cookie" not in r.headers and body["token"] and "csrf_token" not in body
    headers = {"Authorization": f"Bearer {body['token']}"}
    r = await client.post("/api/v1/org/nodes", headers=headers,
                          json={"kind": "street", "name": "新街道", "parent_id": world.district.id})
    assert r.status_code == 201


async def test_forged_and_expired_sessions_get_401_and_the_cookie_cleared(app, world):
    async with make_client(app) as c:
        c.cookies.set(COOKIE_NAME, "forged-token-value")
        r = await c.get("/api/v1/auth/me")
        assert r.status_code == 401
        assert r.json()["code"] == "session_invalid"
        assert f"{COOKIE_NAME}=" in r.headers["set-cookie"] and "max-age=0" in r.headers["set-cookie"].lower()

    async with make_client(app) as c:
        await sign_in(c, "admin1")
        await Session.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        r = await c.get("/api/v1/auth/me")
        assert r.status_code == 401
        assert r.json()["code"] == "session_invalid"
        assert await Session.all().count() == 0


async def test_public_endpoints_still_answer_with_a_stale_cookie(app, world):
    async with make_client(app) as c:
        c.cookies.set(COOKIE_NAME, "stale")
        r = await c.get("/api/v1/org/nodes")
        assert r.status_code == 200


async def test_sign_out_ends_the_session(as_role, world):
    c = await as_role("rider")
    assert await Session.filter(account_id=world.accounts["rider"].id).count() == 1
    r = await c.post("/api/v1/auth/sign-out")
    assert r.status_code == 204
    assert await Session.filter(account_id=world.accounts["rider"].id).count() == 0
    assert (await c.get("/api/v1/auth/me")).status_code == 401


async def test_sessions_live_in_the_database_across_app_instances(app, settings, world):
    """A second app (another worker, or after a restart) honours the same cookie."""
    from server.app import create_app

    async with make_client(app) as c:
        await sign_in(c, "admin1")
        cookie = c.cookies[COOKIE_NAME]
    other = create_app(settings)
    other.state.context = app.state.context
    async with make_client(other) as c:
        c.cookies.set(COOKIE_NAME, cookie)
        r = await c.get("/api/v1/auth/me")
        assert r.status_code == 200 and r.json()["account"]["username"] == "admin1"


async def test_password_change(app, as_role, world):
    phone = world.login("rider")
    this_device = await as_role("rider")
    async with make_client(app) as other_device:
        await sign_in(other_device, phone)

        r = await this_device.post("/api/v1/auth/password",
                                   json={"current_password": "wrong-one-1", "new_password": "new-secret-22"})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "current_password"
        r = await this_device.post("/api/v1/auth/password",
                                   json={"current_password": PASSWORD, "new_password": "12345678"})
        assert r.status_code == 422 and r.json()["errors"][0]["code"] == "weak_password"
        account = await Account.get(id=world.accounts["rider"].id)
        assert await verify_password(PASSWORD, account.password_hash)

        r = await this_device.post("/api/v1/auth/password",
                                   json={"current_password": PASSWORD, "new_password": "new-secret-22"})
        assert r.status_code == 204
        assert (await this_device.get("/api/v1/auth/me")).status_code == 200
        assert (await other_device.get("/api/v1/auth/me")).status_code == 401
    async with make_client(app) as c:
        await sign_in(c, phone, "new-secret-22")
        r = await c.post("/api/v1/auth/sign-in", json={"login": phone, "password": PASSWORD})
        assert r.status_code == 401


async def test_disabled_account_cannot_sign_in(as_role, client, world):
    rider = await as_role("rider")
    admin = await as_role("admin")
    r = await admin.patch(f"/api/v1/accounts/{world.accounts['rider'].id}", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert (await rider.get("/api/v1/auth/me")).status_code == 401
    r = await client.post("/api/v1/auth/sign-in", json={"login": world.login("rider"), "password": PASSWORD})
    assert r.status_code == 403 and r.json()["code"] == "account_disabled"


async def test_problem_detail_follows_the_callers_language(client, world):
    body = {"login": "admin1", "password": "nope-nope-1"}
    zh = await client.post("/api/v1/auth/sign-in", json=body)
    en = await client.post("/api/v1/auth/sign-in", json=body, headers={"Accept-Language": "en-US,en;q=0.9"})
    ug = await client.post("/api/v1/auth/sign-in", json=body, headers={"Accept-Language": "ug-CN"})
    assert zh.json()["detail"] == "账号或密码不正确。"
    assert en.json()["detail"] == "Wrong phone, user name or password."
    assert ug.json()["detail"] == "ھېسابات ياكى پارول خاتا."
    assert zh.json()["code"] == en.json()["code"] == ug.json()["code"] == "bad_credentials"


async def test_long_or_odd_logins_are_just_wrong_credentials(client, world):
    for login in ("x" * 64, "名字", "13900000005x", "a b"):
        r = await client.post("/api/v1/auth/sign-in", json={"login": login, "password": "whatever-1"})
        assert r.status_code == 401 and r.json()["code"] == "bad_credentials", login


async def test_session_probe_never_401s(client, world):
    r = await client.get("/api/v1/auth/session")
    assert r.status_code == 200 and r.json() is None
    await sign_in(client, "admin1")
    r = await client.get("/api/v1/auth/session")
    assert r.status_code == 200 and r.json()["account"]["username"] == "admin1"


async def test_forty_guesses_at_once_get_five_password_checks(app, world, settings):
    """Each 401 is a password checked; each 429 an attempt refused before any check."""
    clients = [make_client(app) for _ in range(40)]
    try:
        answers = await asyncio.gather(*(c.post("/api/v1/auth/sign-in", json={
            "login": "13900000005", "password": f"guess-guess-{n}"}) for n, c in enumerate(clients)))
    finally:
        for c in clients:
            await c.aclose()
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(401) == settings.signin_failures_per_login
    assert statuses.count(429) == 40 - settings.signin_failures_per_login
    # The window is still closed for the right password, and opens for nobody else's.
    async with make_client(app) as late:
        right = await late.post("/api/v1/auth/sign-in", json={"login": "13900000005", "password": PASSWORD})
        assert right.status_code == 429
        assert (await late.post("/api/v1/auth/sign-in", json={"login": "admin1", "password": PASSWORD})).status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x",
                                          ""])
async def test_a_json_endpoint_refuses_a_body_a_form_on_another_site_could_send(client, world, content_type):
    body = json.dumps({"login": "13900000005", "password": PASSWORD})
    headers = {"Content-Type": content_type} if content_type else {}
    answer = await client.post("/api/v1/auth/sign-in", content=body, headers=headers)
    assert answer.status_code == 415 and answer.json()["code"] == "json_only"
    assert COOKIE_NAME not in answer.cookies and (await client.get("/api/v1/auth/me")).status_code == 401
    # Any other JSON endpoint too (signed in: the CSRF token is right, the body is still refused).
    await sign_in(client, "13900000005")
    changed = await client.put("/api/v1/notifications/preferences", content='{"muted": []}', headers=headers)
    assert changed.status_code == 415


@pytest.mark.parametrize(("headers", "status"), [
    ({"Sec-Fetch-Site": "cross-site"}, 403), ({"Sec-Fetch-Site": "same-site"}, 403),
    ({"Origin": "https://evil.example"}, 403), ({"Sec-Fetch-Site": "same-origin"}, 200),
    ({"Origin": "https://testserver"}, 200), ({}, 200),  # an app, a mini-program, curl: no such headers
])
async def test_sign_in_refuses_what_the_browser_says_comes_from_another_site(client, world, headers, status):
    answer = await client.post("/api/v1/auth/sign-in", json={"login": "13900000005", "password": PASSWORD},
                               headers=headers)
    assert answer.status_code == status, answer.text
    if status == 403:
        assert answer.json()["code"] == "cross_site" and COOKIE_NAME not in answer.cookies
