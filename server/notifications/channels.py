"""Outside channels, each behind one small interface: ``send(address, secret, message)``
answers whether it arrived, and whether trying again could help.

* WeCom (企业微信) group robot: ``POST <webhook>`` ``{"msgtype": "markdown", …}``; it answers
  HTTP 200 with ``{"errcode": 0}`` — errors come as HTTP 200 too, with another ``errcode``
  (93000 invalid webhook, 45009 too many messages).
* DingTalk group robot: ``POST <webhook>&timestamp=MS&sign=S`` where S is the URL-encoded
  base64 of HMAC-SHA256(secret, "MS\\nsecret"); ``errcode`` 0 on success.
* SMS: no gateway yet; the logging channel records what would be sent.

The production clients are the ones the tests drive, against fake servers on 127.0.0.1;
only the address differs.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote_plus, urlsplit

import httpx

logger = logging.getLogger("yizhan.channels")

TIMEOUT = httpx.Timeout(10.0, connect=5.0)  # the delivery loop's client; tests use a shorter one
WECOM_MAX_BYTES = 4096
# Answers that say the robot's address or secret is wrong: trying again cannot help.
WECOM_FATAL = {93000, 40058, 300005}          # invalid webhook url, bad content, robot removed
DINGTALK_FATAL = {300001, 310000, 400101}     # invalid token, sign/keyword/IP check failed, robot gone


@dataclass(frozen=True)
class OutboundMessage:
    title: str
    markdown: str
    text: str          # plain, for SMS
    key: str           # the delivery's idempotency key, shown to the receiver


@dataclass(frozen=True)
class SendResult:
    ok: bool
    answer: str
    retry: bool = True   # worth trying again later (rate limits, 5xx, timeouts)


class Channel(Protocol):
    name: str

    async def send(self, address: str, secret: str, message: OutboundMessage) -> SendResult: ...


def _cut_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    return text if len(encoded) <= limit else encoded[: limit - 3].decode("utf-8", "ignore") + "…"


async def _post_json(client: httpx.AsyncClient, url: str, body: dict) -> tuple[SendResult | None, dict]:
    """POST and read a robot's JSON answer; a transport failure or a non-JSON answer is a
    result already (retry)."""
    try:
        response = await client.post(url, json=body)
    except httpx.TimeoutException:
        return SendResult(False, "timeout"), {}
    except httpx.HTTPError as exc:
        return SendResult(False, f"network: {type(exc).__name__}"), {}
    if response.status_code >= 500:
        return SendResult(False, f"HTTP {response.status_code}"), {}
    try:
        answer = response.json()
    except ValueError:
        return SendResult(False, f"HTTP {response.status_code}, not JSON", retry=response.status_code != 404), {}
    if not isinstance(answer, dict):
        return SendResult(False, "unexpected answer"), {}
    return None, answer


async def _robot_send(client: httpx.AsyncClient, url: str, body: dict, fatal: set[int]) -> SendResult:
    """Both robots answer HTTP 200 with ``errcode``: 0 is delivered; ``fatal`` codes say the
    address or secret is wrong (no retry); others (rate limits, busy) are worth retrying."""
    failed, answer = await _post_json(client, url, body)
    if failed:
        return failed
    code = answer.get("errcode")
    said = f"errcode {code}: {answer.get('errmsg', '')}"[:500]
    if code == 0:
        return SendResult(True, said)
    return SendResult(False, said, retry=code not in fatal)


class WeComRobot:
    name = "wecom"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, address: str, secret: str, message: OutboundMessage) -> SendResult:
        body = {"msgtype": "markdown", "markdown": {"content": _cut_utf8(message.markdown, WECOM_MAX_BYTES)}}
        return await _robot_send(self.client, address, body, WECOM_FATAL)


def dingtalk_signed(address: str, secret: str, at_ms: int | None = None) -> str:
    """The webhook address with DingTalk's timestamp and signature (when a secret is set)."""
    if not secret:
        return address
    at_ms = at_ms if at_ms is not None else int(time.time() * 1000)
    digest = hmac.new(secret.encode(), f"{at_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    return f"{address}{'&' if '?' in address else '?'}timestamp={at_ms}&sign={sign}"


class DingTalkRobot:
    name = "dingtalk"

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, address: str, secret: str, message: OutboundMessage) -> SendResult:
        body = {"msgtype": "markdown", "markdown": {"title": message.title[:64], "text": message.markdown}}
        return await _robot_send(self.client, dingtalk_signed(address, secret), body, DINGTALK_FATAL)


class LoggingSms:
    """SMS without a gateway: what would be sent is logged (and recorded as the answer)."""

    name = "sms"

    async def send(self, address: str, secret: str, message: OutboundMessage) -> SendResult:
        logger.info("SMS to %s****%s: %s [%s]", address[:3], address[-4:], message.text, message.key)
        return SendResult(True, "logged (no SMS gateway configured)")


class AddressError(ValueError):
    """A webhook address the server will not call."""


def check_webhook(url: str, *, allow_loopback: bool = False) -> str:
    """An https address of a public host. Loopback only when allowed (tests and a robot
    proxy on the same machine); private and link-local addresses never: the server must
    not be turned into a way into its own network."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if not host or len(url) > 500:
        raise AddressError("not_a_webhook")
    loopback = host == "localhost" or _is_ip(host) and ipaddress.ip_address(host).is_loopback
    if loopback:
        if not allow_loopback:
            raise AddressError("private_address")
        if parts.scheme not in ("http", "https"):
            raise AddressError("not_https")
        return url.strip()
    if parts.scheme != "https":
        raise AddressError("not_https")
    if _is_ip(host) and not ipaddress.ip_address(host).is_global:
        raise AddressError("private_address")
    if host.endswith((".local", ".internal", ".lan")) or "." not in host:
        raise AddressError("private_address")
    return url.strip()


async def check_resolved(url: str, *, allow_loopback: bool = False) -> None:
    """Where the address really leads: every address its host resolves to must be public
    (loopback only when allowed). Catches what the text does not show — ``127.1``,
    ``0x7f.0.0.1``, ``0177.0.0.1``, ``[::ffff:127.0.0.1]``, a name pointing inside. Used on
    save, on the test message and by the outbox before every send. A host that does not
    resolve now passes: the send itself fails (and the outbox retries)."""
    host = urlsplit(url.strip()).hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if address.is_loopback and allow_loopback:
            continue
        if not address.is_global:
            raise AddressError("private_address")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
