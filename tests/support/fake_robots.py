"""Fake WeCom and DingTalk group robots, served on 127.0.0.1 by the test: they answer as the
real services document — HTTP 200 with ``errcode`` 0, or HTTP 200 with an error code
(invalid key, bad signature, too many messages) — and can be told to fail with a 5xx or to
hang past the client's timeout. They record every message they accept."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

WECOM_PATH = "/cgi-bin/webhook/send"
DINGTALK_PATH = "/robot/send"


@dataclass
class FakeRobots:
    wecom_key: str = "good-key"
    dingtalk_token: str = "good-token"
    dingtalk_secret: str = "SECgood"
    # What the next requests get: "ok", "rate_limited", "server_error", "hang", "not_json".
    mode: str = "ok"
    hang_seconds: float = 3.0
    # Every answer takes this long (a slow robot: a batch takes a while to send).
    delay_seconds: float = 0.0
    received: list[dict] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def wecom_url(self, key: str | None = None) -> str:
        return f"{self.base}{WECOM_PATH}?key={key or self.wecom_key}"

    def dingtalk_url(self, token: str | None = None) -> str:
        return f"{self.base}{DINGTALK_PATH}?access_token={token or self.dingtalk_token}"

    def answer(self, path: str, query: dict[str, list[str]], body: dict) -> tuple[int, dict | str]:
        with self.lock:
            self.requests += 1
            mode = self.mode  # as it was when asked: a test that follows may change it
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if mode == "hang":
            # The caller gave up long ago; nothing is delivered (nor recorded for a later test).
            time.sleep(self.hang_seconds)
            return 504, "<html>Gateway Timeout</html>"
        if self.mode == "server_error":
            return 502, "<html>Bad Gateway</html>"
        if self.mode == "not_json":
            return 200, "<html>maintenance</html>"
        if path == WECOM_PATH:
            if query.get("key", [""])[0] != self.wecom_key:
                return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
            if self.mode == "rate_limited":
                return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
            if body.get("msgtype") != "markdown" or len(body["markdown"]["content"].encode()) > 4096:
                return 200, {"errcode": 40058, "errmsg": "invalid content"}
        elif path == DINGTALK_PATH:
            if query.get("access_token", [""])[0] != self.dingtalk_token:
                return 200, {"errcode": 300001, "errmsg": "token is not exist"}
            stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            expected = base64.b64encode(hmac.new(self.dingtalk_secret.encode(), f"{stamp}\n{self.dingtalk_secret}".encode(),
                                                 hashlib.sha256).digest()).decode()
            if not stamp or sign != expected or abs(time.time() * 1000 - int(stamp)) > 3_600_000:
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
            if self.mode == "rate_limited":
                return 200, {"errcode": 130101, "errmsg": "send too fast"}
        else:
            return 404, {"errcode": 404, "errmsg": "not found"}
        with self.lock:
            self.received.append({"path": path, **body})
        return 200, {"errcode": 0, "errmsg": "ok"}


def start_fake_robots() -> tuple[FakeRobots, ThreadingHTTPServer]:
    robots = FakeRobots()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("content-length", 0)))
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            status, answer = robots.answer(parts.path, parse_qs(parts.query), body)
            data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("content-type", "text/html" if isinstance(answer, str) else "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (the timeout case)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    robots.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return robots, server


def keys_received(robots: FakeRobots) -> list[str]:
    """The delivery keys in the messages a fake robot accepted (one per message)."""
    import re

    found = []
    for message in robots.received:
        content = message.get("markdown", {}).get("content") or message.get("markdown", {}).get("text", "")
        found += re.findall(r'<font color="comment">([^<]+)</font>', content)
    return found
