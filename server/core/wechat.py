"""WeChat's server APIs, as the mini-program and the official account use them: the access
token, ``jscode2session`` (a ``wx.login`` code → openid), the official account's web page
authorisation (a page code → openid), subscribe messages and mini-program codes. The
production client talks to ``https://api.weixin.qq.com``; tests start a fake that answers as
WeChat documents, and only the base URL differs.

WeChat answers HTTP 200 with an ``errcode`` in the body when something is wrong; each code a
caller can act on becomes a ``WeChatError`` with a stable ``code``. The access token is fetched
once, kept in the shared store (Redis when there are several workers) until shortly before it
expires, and fetched again once when WeChat says it is no longer valid. No secret — the
AppSecret, a ``session_key``, the access token — is ever logged or returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from server.core.stores import CounterStore

log = logging.getLogger("yizhan.wechat")

DEFAULT_BASE = "https://api.weixin.qq.com"
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
TOKEN_KEY = "wechat:access_token"
# Fetch a new token this long before WeChat's own expiry (7,200 s), so none expires in use.
TOKEN_MARGIN_SECONDS = 300
# The token is no longer valid (another worker, or the console, made a new one).
STALE_TOKEN = {40001, 40014, 42001}

# errcode → (our code, HTTP status the API answers with).
MEANINGS = {
    40029: ("wechat_code_invalid", 422),
    40163: ("wechat_code_used", 409),
    45011: ("wechat_rate_limited", 429),
    -1: ("wechat_busy", 503),
    43101: ("wechat_refused", 409),   # the user has not (or no longer) subscribed
    47003: ("wechat_bad_data", 422),  # a template field does not fit
    41030: ("wechat_bad_page", 422),
    40125: ("wechat_bad_secret", 503),
    40013: ("wechat_bad_appid", 503),
}


@dataclass
class WeChatError(Exception):
    errcode: int
    errmsg: str

    @property
    def code(self) -> str:
        return MEANINGS.get(self.errcode, ("wechat_error", 502))[0]

    @property
    def status(self) -> int:
        return MEANINGS.get(self.errcode, ("wechat_error", 502))[1]

    def __str__(self) -> str:
        return f"WeChat {self.errcode}: {self.errmsg}"


@dataclass(frozen=True)
class WeChatUser:
    openid: str
    unionid: str | None


class WeChat:
    def __init__(self, appid: str, secret: str, http: httpx.AsyncClient, store: CounterStore,
                 base_url: str = DEFAULT_BASE, timeout: httpx.Timeout = TIMEOUT) -> None:
        self.appid, self._secret, self._http, self._store = appid, secret, http, store
        self.base, self.timeout = base_url.rstrip("/"), timeout

    async def _get(self, path: str, params: dict) -> dict:
        try:
            response = await self._http.get(self.base + path, params=params, timeout=self.timeout)
        except httpx.HTTPError as error:
            log.warning("WeChat %s unreachable: %s", path, type(error).__name__)
            raise WeChatError(-1, "unreachable") from None
        return _json(response, path)

    async def access_token(self, *, renew: bool = False) -> str:
        if not renew and (token := await self._store.get_value(TOKEN_KEY)):
            return token
        found = await self._get("/cgi-bin/token", {"grant_type": "client_credential", "appid": self.appid,
                                                   "secret": self._secret})
        token, lifetime = found["access_token"], int(found.get("expires_in", 7200))
        await self._store.set_value(TOKEN_KEY, token, max(60, lifetime - TOKEN_MARGIN_SECONDS))
        log.info("WeChat access token renewed (valid %s s)", lifetime)
        return token

    async def code_to_user(self, code: str) -> WeChatUser:
        """``wx.login``'s code → the user's openid (and unionid). The session_key WeChat also
        sends is dropped here: nothing of ours needs it."""
        found = await self._get("/sns/jscode2session", {"appid": self.appid, "secret": self._secret, "js_code": code,
                                                        "grant_type": "authorization_code"})
        return WeChatUser(found["openid"], found.get("unionid"))

    async def web_code_to_user(self, code: str) -> WeChatUser:
        """The official account's web page authorisation (``snsapi_base``): the code WeChat
        appended to our page's address → the user's openid (and unionid). The user access
        token that comes with it is dropped: nothing of ours calls on the user's behalf."""
        found = await self._get("/sns/oauth2/access_token", {"appid": self.appid, "secret": self._secret, "code": code,
                                                             "grant_type": "authorization_code"})
        return WeChatUser(found["openid"], found.get("unionid"))

    async def post(self, path: str, body: dict) -> httpx.Response:
        """A server API call with the access token; a stale token is renewed once."""
        for attempt in (1, 2):
            token = await self.access_token(renew=attempt == 2)
            try:
                response = await self._http.post(self.base + path, params={"access_token": token}, json=body,
                                                  timeout=self.timeout)
            except httpx.HTTPError as error:
                log.warning("WeChat %s unreachable: %s", path, type(error).__name__)
                raise WeChatError(-1, "unreachable") from None
            if response.headers.get("content-type", "").startswith("image/"):
                return response  # a mini-program code
            try:
                _json(response, path)
            except WeChatError as error:
                if error.errcode in STALE_TOKEN and attempt == 1:
                    continue
                raise
            return response
        raise AssertionError("unreachable")

    async def send_subscribe(self, openid: str, template_id: str, data: dict[str, str], *, page: str = "",
                             state: str = "formal") -> None:
        """One subscribe message (``subscribeMessage.send``); ``data`` maps the template's
        field keys to their values. Refusals come as ``WeChatError`` (43101 not subscribed,
        47003 a value that does not fit its field)."""
        body: dict = {"touser": openid, "template_id": template_id, "miniprogram_state": state, "lang": "zh_CN",
                      "data": {key: {"value": value} for key, value in data.items()}}
        if page:
            body["page"] = page
        await self.post("/cgi-bin/message/subscribe/send", body)

    async def mini_program_code(self, scene: str, page: str, env_version: str) -> bytes:
        """A mini-program code (``getwxacodeunlimit``) opening ``page`` with ``scene``
        (at most 32 characters: a place's code)."""
        response = await self.post("/wxa/getwxacodeunlimit", {"scene": scene, "page": page, "check_path": False,
                                                              "env_version": env_version, "width": 430})
        if not response.headers.get("content-type", "").startswith("image/"):
            raise WeChatError(-1, "no image")
        return response.content


def _json(response: httpx.Response, path: str) -> dict:
    try:
        found = response.json()
    except ValueError:
        log.warning("WeChat %s answered %s without JSON", path, response.status_code)
        raise WeChatError(-1, f"HTTP {response.status_code}") from None
    errcode = int(found.get("errcode") or 0)
    if errcode:
        log.info("WeChat %s refused: %s %s", path, errcode, found.get("errmsg", ""))
        raise WeChatError(errcode, str(found.get("errmsg", "")))
    return found
