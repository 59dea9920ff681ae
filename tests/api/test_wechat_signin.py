"""Signing in from WeChat against the fake WeChat: a new WeChat user registers as a rider
with his ticket and is bound; next time the code signs him in; WeChat's refusals and a forged
ticket are clear errors that store nothing; binding and unbinding from one's settings; and no
secret in any answer or log line."""

import logging
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from server.accounts.models import Account, WeChatBinding
from tests.support.fake_wechat import OA_APPID, OA_SECRET, SECRET, SESSION_KEY, USER_TOKEN
from tests.support.world import PASSWORD

REGISTRATION = {"name": "阿不都·热合曼", "phone": "13512340001", "password": "ride-safe-2026", "consent": True}


@pytest.fixture
def wechat(fresh_wechat):
    return fresh_wechat


async def test_a_new_wechat_user_registers_then_signs_in_with_a_code(client, world, wechat, caplog):
    caplog.set_level(logging.DEBUG)
    first = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("c1", "o-new", "u-1")})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["registered"] is False and "signed_in" not in body and "set-cookie" not in first.headers
    registered = await client.post("/api/v1/auth/register", json={
        **REGISTRATION, "station_id": world.station.id, "wechat_token": body["registration_token"]})
    assert registered.status_code == 201, registered.text
    account = await Account.get(phone="13512340001")
    binding = await WeChatBinding.get(account_id=account.id)
    assert (binding.openid, binding.unionid) == ("o-new", "u-1")
    await client.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": registered.json()["csrf_token"]})
    again = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("c2", "o-new")})
    assert again.json()["registered"] is True
    assert again.json()["signed_in"]["account"]["name"] == "阿不都·热合曼"
    assert (await client.get("/api/v1/auth/me")).status_code == 200  # the cookie works
    for answer in (first, registered, again):
        assert SESSION_KEY not in answer.text and SECRET not in answer.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET not in logged and SESSION_KEY not in logged and "ACCESS-TOKEN" not in logged


@pytest.mark.parametrize(("setup", "status", "code"), [
    ("reused", 409, "wechat_code_used"), ("forged", 422, "wechat_code_invalid"),
    ("busy", 503, "wechat_busy"), ("rate", 429, "wechat_rate_limited"), ("not_json", 503, "wechat_busy"),
])
async def test_wechat_refusals_are_clear(client, wechat, setup, status, code):
    wechat.login_code("c-used", "o-x")
    if setup == "reused":
        assert (await client.post("/api/v1/wechat/session", json={"code": "c-used"})).status_code == 200
    if setup in ("busy", "rate", "not_json"):
        wechat.mode = setup
    sent = "c-used" if setup in ("reused", "busy", "rate", "not_json") else "c-forged"
    r = await client.post("/api/v1/wechat/session", json={"code": sent})
    assert r.status_code == status and r.json()["code"] == code, r.text
    if status == 429:  # WeChat says no time: a minute, said like every limit
        assert r.headers["retry-after"] == "60" and r.json()["retry_after"] == 60
        assert "之后再试" in r.json()["detail"]


async def test_a_forged_or_altered_ticket_registers_nobody(client, world, wechat):
    ticket = (await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("c3", "o-t")})).json()[
        "registration_token"]
    payload, _, signature = ticket.partition(".")
    for forged in ("nonsense", payload + ".0" * 32, payload[:-2] + "xx." + signature):
        r = await client.post("/api/v1/auth/register", json={**REGISTRATION, "station_id": world.station.id,
                                                             "wechat_token": forged})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "wechat_token", r.text
    assert not await Account.filter(phone="13512340001").exists()
    assert not await WeChatBinding.filter(openid="o-t").exists()


async def test_binding_and_unbinding_from_ones_settings(as_role, world, wechat, client):
    rider, other = await as_role("rider"), await as_role("rider_b")
    assert (await rider.get("/api/v1/wechat/binding")).json() == {"bound": False}
    bound = await rider.post("/api/v1/wechat/binding", json={"code": wechat.login_code("b1", "o-rider")})
    assert bound.status_code == 200 and bound.json() == {"bound": True}
    taken = await other.post("/api/v1/wechat/binding", json={"code": wechat.login_code("b2", "o-rider")})
    assert taken.status_code == 409 and taken.json()["code"] == "wechat_bound_elsewhere"
    second = await rider.post("/api/v1/wechat/binding", json={"code": wechat.login_code("b3", "o-another")})
    assert second.status_code == 409 and second.json()["code"] == "wechat_already_bound"
    signed = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("b4", "o-rider")})
    assert signed.json()["signed_in"]["account"]["id"] == world.accounts["rider"].id
    assert (await rider.delete("/api/v1/wechat/binding")).json() == {"bound": False}
    client.cookies.clear()  # another phone: not signed in
    after = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("b5", "o-rider")})
    assert after.json()["registered"] is False


async def test_a_disabled_account_cannot_sign_in_from_wechat(as_role, world, wechat, client):
    rider = await as_role("rider")
    await rider.post("/api/v1/wechat/binding", json={"code": wechat.login_code("d1", "o-gone")})
    await Account.filter(id=world.accounts["rider"].id).update(is_active=False)
    r = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("d2", "o-gone")})
    assert r.status_code == 403 and r.json()["code"] == "account_disabled"


async def test_deleting_the_account_frees_its_wechat(as_role, world, wechat, client):
    rider = await as_role("rider")
    await rider.post("/api/v1/wechat/binding", json={"code": wechat.login_code("e1", "o-leaving")})
    assert (await rider.post("/api/v1/me/delete", json={"password": PASSWORD})).status_code == 204
    assert not await WeChatBinding.filter(openid="o-leaving").exists()
    again = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("e2", "o-leaving")})
    assert again.json()["registered"] is False


async def authorised_code(wechat, state: str, openid: str, unionid: str | None = None) -> str:
    """What WeChat appends to our page's address after the official account's silent
    authorisation of this user: a code, and the state unchanged."""
    wechat.web_user = (openid, unionid)
    async with httpx.AsyncClient() as browser:
        back = await browser.get(f"{wechat.base}/connect/oauth2/authorize", params={
            "appid": OA_APPID, "redirect_uri": "https://yizhan.test/signin/wechat", "response_type": "code",
            "scope": "snsapi_base", "state": state})
    assert back.status_code == 302
    query = parse_qs(urlsplit(back.headers["location"]).query)
    assert query["state"] == [state]
    return query["code"][0]


async def web_sign_in(client, wechat, openid: str, unionid: str | None = None) -> dict:
    """The page's round trip: a state from the server (and its cookie in this browser),
    WeChat's page, and back — the body for ``POST /wechat/session``."""
    given = await client.post("/api/v1/wechat/web-sign-in/state")
    assert given.status_code == 200, given.text
    state = given.json()["state"]
    assert state.isalnum() and len(state) <= 128  # what WeChat allows in a state
    return {"code": await authorised_code(wechat, state, openid, unionid), "source": "official_account", "state": state}


async def test_the_official_accounts_page_signs_a_rider_in_inside_wechat(client, world, wechat, caplog):
    caplog.set_level(logging.DEBUG)
    offered = (await client.get("/api/v1/wechat/web-sign-in")).json()
    assert offered == {"enabled": True, "appid": OA_APPID, "authorize_url": f"{wechat.base}/connect/oauth2/authorize"}
    first = await client.post("/api/v1/wechat/session",
                              json=await web_sign_in(client, wechat, "o-web-9"))
    assert first.status_code == 200 and first.json()["registered"] is False
    registered = await client.post("/api/v1/auth/register", json={
        **REGISTRATION, "station_id": world.station.id, "wechat_token": first.json()["registration_token"]})
    assert registered.status_code == 201
    assert (await WeChatBinding.get(openid="o-web-9")).account_id == registered.json()["account"]["id"]
    await client.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": registered.json()["csrf_token"]})
    again = await client.post("/api/v1/wechat/session",
                              json=await web_sign_in(client, wechat, "o-web-9"))
    assert again.json()["registered"] is True
    # A mini-program code is not an official-account code, nor the other way round.
    client.cookies.clear()
    crossed = await client.post("/api/v1/wechat/session", json={"code": (await web_sign_in(client, wechat, "o-web-9"))["code"]})
    assert crossed.status_code == 422 and crossed.json()["code"] == "wechat_code_invalid"
    for answer in (first, registered, again):
        assert USER_TOKEN not in answer.text and OA_SECRET not in answer.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert USER_TOKEN not in logged and OA_SECRET not in logged


async def test_the_same_person_is_found_by_unionid_across_mini_program_and_official_account(client, world, wechat):
    first = await client.post("/api/v1/wechat/session", json={"code": wechat.login_code("m1", "o-mini-7", "u-7")})
    registered = await client.post("/api/v1/auth/register", json={
        **REGISTRATION, "station_id": world.station.id, "wechat_token": first.json()["registration_token"]})
    await client.post("/api/v1/auth/sign-out", headers={"X-CSRF-Token": registered.json()["csrf_token"]})
    web = await client.post("/api/v1/wechat/session",
                            json=await web_sign_in(client, wechat, "o-web-7", "u-7"))
    assert web.json()["registered"] is True and web.json()["signed_in"]["account"]["name"] == REGISTRATION["name"]
    client.cookies.clear()
    stranger = await client.post("/api/v1/wechat/session",
                                 json=await web_sign_in(client, wechat, "o-web-8", "u-8"))
    assert stranger.json()["registered"] is False


async def test_official_account_refusals_are_clear(client, wechat):
    body = await web_sign_in(client, wechat, "o-web-5")
    assert (await client.post("/api/v1/wechat/session", json=body)).status_code == 200
    again = await web_sign_in(client, wechat, "o-web-5")
    reused = await client.post("/api/v1/wechat/session", json={**again, "code": body["code"]})
    assert reused.status_code == 409 and reused.json()["code"] == "wechat_code_used"
    fresh = await web_sign_in(client, wechat, "o-web-5")
    forged = await client.post("/api/v1/wechat/session", json={**fresh, "code": "made-up"})
    assert forged.status_code == 422 and forged.json()["code"] == "wechat_code_invalid"
    odd = await client.post("/api/v1/wechat/session", json={"code": "x", "source": "sms"})
    assert odd.status_code == 422


async def test_the_official_accounts_state_is_checked_by_the_server(app, client, wechat, settings):
    """The state must be the one this browser was given (its cookie), unused and young: a
    code sent back with another browser's state, none, a forged or an old one signs nobody
    in, and WeChat is not even asked."""
    from server.accounts.wechat import STATE_COOKIE, STATE_SECONDS, new_state
    from tests.conftest import make_client

    body = await web_sign_in(client, wechat, "o-web-6")
    async with make_client(app) as victim:
        other = await victim.post("/api/v1/wechat/session", json=body)  # a code and state given to someone else
        assert other.status_code == 422 and other.json()["code"] == "wechat_state_invalid"
        assert "set-cookie" not in other.headers
    for changed in ({"state": None}, {"state": body["state"][:-1] + "0"}, {"state": "x" * 74}):
        refused = await client.post("/api/v1/wechat/session", json={**body, **changed})
        assert refused.status_code == 422 and refused.json()["code"] == "wechat_state_invalid", changed
    old = new_state(settings.secret_key, now=time.time() - STATE_SECONDS - 1)
    client.cookies.set(STATE_COOKIE, old, domain="testserver", path="/api/v1/wechat")
    stale = await client.post("/api/v1/wechat/session", json={**body, "state": old})
    assert stale.status_code == 422 and stale.json()["code"] == "wechat_state_invalid"
    assert body["code"] not in wechat.used  # WeChat was never asked
    client.cookies.set(STATE_COOKIE, body["state"], domain="testserver", path="/api/v1/wechat")
    assert (await client.post("/api/v1/wechat/session", json=body)).status_code == 200
    # The same state again, even with a fresh code of WeChat's: once only.
    replayed = await client.post("/api/v1/wechat/session",
                                 json={**body, "code": await authorised_code(wechat, body["state"], "o-web-6")})
    assert replayed.status_code == 422 and replayed.json()["code"] == "wechat_state_invalid"
