"""A fake of WeChat's server APIs on 127.0.0.1, answering as WeChat documents: HTTP 200 with
JSON, and an ``errcode`` when something is wrong (40029 invalid code, 40163 code used, 45011
too frequent, -1 busy, 40001 invalid token, 40125 bad secret, 43101 refused, 47003 bad data,
40037 unknown template).
It can also be told to answer with a non-JSON page or to hang. It records what it accepted."""

from __future__ import annotations

import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image

APPID = "wx-test-app"
SECRET = "wechat-app-secret-5f3a9c"   # distinctive: the log test looks for it
SESSION_KEY = "session-key-must-not-leak"
OA_APPID = "wx-test-official-account"
OA_SECRET = "official-account-secret-77b1"
USER_TOKEN = "user-access-token-must-not-leak"


@dataclass
class FakeWeChat:
    # "ok", "busy" (-1), "rate" (45011), "not_json", "hang"
    mode: str = "ok"
    hang_seconds: float = 2.0
    codes: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    tokens: dict[str, bool] = field(default_factory=dict)
    token_fetches: int = 0
    refusing: set[str] = field(default_factory=set)  # openids that did not subscribe
    sent: list[dict] = field(default_factory=list)
    templates: dict[str, set[str]] = field(default_factory=dict)  # the console's templates: id → field keys
    scenes: list[str] = field(default_factory=list)  # mini-program codes drawn, by scene
    # Who the official account's authorisation page says the phone's user is.
    web_user: tuple[str, str | None] = ("o-web-1", None)
    web_codes: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def login_code(self, code: str, openid: str, unionid: str | None = None) -> str:
        """What ``wx.login`` would give the phone of this user."""
        self.codes[code] = (openid, unionid)
        return code

    def authorize(self, query: dict) -> tuple[int, str]:
        """The official account's authorisation page (``snsapi_base`` is silent): back to the
        page's redirect_uri with a code and the state. Answers (status, Location or text)."""
        one = {key: values[0] for key, values in query.items()}
        if one.get("appid") != OA_APPID or one.get("response_type") != "code" or not one.get("redirect_uri"):
            return 200, "参数错误"
        with self.lock:
            code = f"web-code-{len(self.web_codes) + 1}"
            self.web_codes[code] = self.web_user
        joiner = "&" if "?" in one["redirect_uri"] else "?"
        return 302, f"{one['redirect_uri']}{joiner}code={code}&state={one.get('state', '')}"

    def expire_tokens(self) -> None:
        self.tokens = {token: False for token in self.tokens}

    def answer(self, method: str, path: str, query: dict, body: dict) -> tuple[int, str, bytes]:
        if self.mode == "hang":
            time.sleep(self.hang_seconds)
        if self.mode == "not_json":
            return 502, "text/html", b"<html>Bad Gateway</html>"
        if self.mode == "busy":
            return self._error(-1, "system error")
        if self.mode == "rate":
            return self._error(45011, "api minute-quota reach limit")
        one = {key: values[0] for key, values in query.items()}
        if path == "/cgi-bin/token":
            if one.get("appid") != APPID or one.get("secret") != SECRET:
                return self._error(40125, "invalid appsecret")
            with self.lock:
                self.token_fetches += 1
                token = f"ACCESS-TOKEN-{self.token_fetches}-x9"
                self.tokens[token] = True
            return self._ok({"access_token": token, "expires_in": 7200})
        if path == "/sns/jscode2session":
            if one.get("secret") != SECRET:
                return self._error(40125, "invalid appsecret")
            return self._exchange(self.codes, one.get("js_code", ""), {"session_key": SESSION_KEY})
        if path == "/sns/oauth2/access_token":
            if one.get("appid") != OA_APPID or one.get("secret") != OA_SECRET:
                return self._error(40125, "invalid appsecret")
            return self._exchange(self.web_codes, one.get("code", ""), {
                "access_token": USER_TOKEN, "expires_in": 7200, "refresh_token": "r-" + USER_TOKEN, "scope": "snsapi_base"})
        if not self.tokens.get(one.get("access_token", "")):
            return self._error(40001, "invalid credential, access_token is invalid or not latest")
        if path == "/cgi-bin/message/subscribe/send":
            if body.get("touser") in self.refusing:
                return self._error(43101, "user refuse to accept the msg")
            keys = self.templates.get(body.get("template_id", ""))
            if keys is None:
                return self._error(40037, "invalid template_id")
            data = body.get("data", {})
            if set(data) != keys or any(not _fits(key, str(v.get("value", ""))) for key, v in data.items()):
                return self._error(47003, "argument invalid! data.thing1.value invalid")
            self.sent.append(body)
            return self._ok({"errcode": 0, "errmsg": "ok"})
        if path == "/wxa/getwxacodeunlimit":
            if not 1 <= len(body.get("scene", "")) <= 32:
                return self._error(40169, "invalid length for scene")
            self.scenes.append(body["scene"])
            picture = io.BytesIO()
            Image.new("RGB", (280, 280), "white").save(picture, "PNG")
            return 200, "image/png", picture.getvalue()
        return 404, "text/plain", b"not found"

    def _exchange(self, known: dict[str, tuple[str, str | None]], code: str, extra: dict) -> tuple[int, str, bytes]:
        """A code for the user it was made for: once, and only a code WeChat made."""
        with self.lock:
            if code in self.used:
                return self._error(40163, "code been used")
            if code not in known:
                return self._error(40029, "invalid code")
            self.used.add(code)
        openid, unionid = known[code]
        return self._ok({"openid": openid, **extra, **({"unionid": unionid} if unionid else {})})

    @staticmethod
    def _ok(found: dict) -> tuple[int, str, bytes]:
        return 200, "application/json", json.dumps(found).encode()

    @staticmethod
    def _error(code: int, message: str) -> tuple[int, str, bytes]:
        return 200, "application/json", json.dumps({"errcode": code, "errmsg": message}).encode()


# What each field type takes, as WeChat documents it.
def _fits(key: str, value: str) -> bool:
    if not value:
        return False
    if key.startswith("thing"):
        return len(value) <= 20
    if key.startswith("phrase"):
        return len(value) <= 5
    if key.startswith("name"):
        return len(value) <= 10
    if key.startswith(("character_string", "number")):
        return len(value) <= 32 and value.isascii()
    return True


def start_fake_wechat() -> tuple[FakeWeChat, ThreadingHTTPServer]:
    fake = FakeWeChat()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/connect/oauth2/authorize":
                status, where = fake.authorize(parse_qs(parts.query))
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", where)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                payload = where.encode()
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            status, kind, payload = fake.answer(self.command, parts.path, parse_qs(parts.query), body)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _serve

        def log_message(self, *args) -> None:  # quiet
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a client that gave up waiting (the timeout test) is not an error here

    server = Server(("127.0.0.1", 0), Handler)
    fake.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
