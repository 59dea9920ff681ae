"""The WeChat client against a fake WeChat on loopback: a login code becomes an openid once,
WeChat's error answers become clear errors, the access token is fetched once, shared through
the store and renewed once when WeChat calls it stale, and no secret reaches a log line."""

import logging

import httpx
import pytest

from server.app import create_app
from server.core.stores import MemoryCounterStore
from server.core.wechat import WeChat, WeChatError
from tests.support.fake_wechat import APPID, SECRET, SESSION_KEY


@pytest.fixture
def fake(fresh_wechat):
    fresh_wechat.templates = {"t": {"thing1"}}  # the one template of the mini-program's console
    return fresh_wechat


@pytest.fixture
async def http():
    async with httpx.AsyncClient() as client:
        yield client


def client_for(fake, http, store=None, secret=SECRET, **options) -> WeChat:
    return WeChat(APPID, secret, http, store or MemoryCounterStore(), base_url=fake.base, **options)


async def test_a_login_code_gives_the_openid_once(fake, http):
    wechat = client_for(fake, http)
    user = await wechat.code_to_user(fake.login_code("code-1", "o-rider-1", "u-union-1"))
    assert (user.openid, user.unionid) == ("o-rider-1", "u-union-1")
    assert not hasattr(user, "session_key")
    with pytest.raises(WeChatError) as used:
        await wechat.code_to_user("code-1")
    assert (used.value.errcode, used.value.code, used.value.status) == (40163, "wechat_code_used", 409)
    with pytest.raises(WeChatError) as forged:
        await wechat.code_to_user("made-up")
    assert (forged.value.code, forged.value.status) == ("wechat_code_invalid", 422)


@pytest.mark.parametrize(("mode", "errcode", "code", "status"), [
    ("busy", -1, "wechat_busy", 503), ("rate", 45011, "wechat_rate_limited", 429), ("not_json", -1, "wechat_busy", 503),
])
async def test_wechat_refusing_or_failing_becomes_a_clear_error(fake, http, mode, errcode, code, status):
    fake.mode = mode
    with pytest.raises(WeChatError) as failed:
        await client_for(fake, http).code_to_user(fake.login_code("c", "o"))
    assert (failed.value.errcode, failed.value.code, failed.value.status) == (errcode, code, status)


async def test_a_hanging_wechat_times_out_as_busy(fake, http):
    fake.mode, fake.hang_seconds = "hang", 1.5
    with pytest.raises(WeChatError) as failed:
        await client_for(fake, http, timeout=httpx.Timeout(0.3)).code_to_user("c")
    assert failed.value.code == "wechat_busy"


async def test_the_access_token_is_fetched_once_shared_and_renewed_once(fake, http):
    store = MemoryCounterStore()
    first, second = client_for(fake, http, store), client_for(fake, http, store)  # two workers
    body = {"touser": "o-1", "template_id": "t", "data": {"thing1": {"value": "ok"}}}
    await first.post("/cgi-bin/message/subscribe/send", body)
    await second.post("/cgi-bin/message/subscribe/send", body)
    assert fake.token_fetches == 1 and len(fake.sent) == 2
    fake.expire_tokens()  # WeChat made the token stale (another server asked for a new one)
    await second.post("/cgi-bin/message/subscribe/send", body)
    assert fake.token_fetches == 2 and len(fake.sent) == 3
    assert await store.get_value("wechat:access_token") == "ACCESS-TOKEN-2-x9"
    # Errors that are not about the token are not retried.
    fake.refusing.add("o-1")
    with pytest.raises(WeChatError) as refused:
        await first.post("/cgi-bin/message/subscribe/send", body)
    assert refused.value.code == "wechat_refused" and fake.token_fetches == 2
    with pytest.raises(WeChatError) as bad:
        await first.post("/cgi-bin/message/subscribe/send", {**body, "touser": "o-2",
                                                              "data": {"thing1": {"value": "x" * 40}}})
    assert bad.value.code == "wechat_bad_data"


async def test_a_wrong_secret_is_a_configuration_error(fake, http):
    with pytest.raises(WeChatError) as failed:
        await client_for(fake, http, secret="not-it").access_token()
    assert (failed.value.errcode, failed.value.status) == (40125, 503)


async def test_no_secret_reaches_a_log_line(fake, http, caplog, settings):
    logging.getLogger("httpx").setLevel(logging.NOTSET)
    create_app(settings)  # the app quiets httpx, which logs each URL (query and all) at INFO
    assert logging.getLogger("httpx").level == logging.WARNING
    logging.getLogger().addHandler(caplog.handler)  # the app's logging setup replaced the root's handlers
    caplog.set_level(logging.DEBUG)
    wechat = client_for(fake, http)
    await wechat.code_to_user(fake.login_code("c-log", "o-log"))
    await wechat.post("/cgi-bin/message/subscribe/send", {"touser": "o", "template_id": "t", "data": {"thing1": {"value": "ok"}}})
    fake.expire_tokens()
    await wechat.post("/cgi-bin/message/subscribe/send", {"touser": "o", "template_id": "t", "data": {"thing1": {"value": "ok"}}})
    fake.mode = "busy"
    with pytest.raises(WeChatError):
        await wechat.code_to_user("c-2")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "WeChat" in logged  # it does log what happened …
    for secret in (SECRET, SESSION_KEY, "ACCESS-TOKEN"):
        assert secret not in logged  # … never a secret
