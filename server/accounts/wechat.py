"""Signing in from WeChat: the mini-program (or the official account's page) sends the code of
``wx.login``; WeChat tells us the user's openid; an account bound to it is signed in. A first
time openid gets a short-lived registration ticket instead: the rider registers (name, phone,
station, consent) with it and the account is bound. A signed-in account can bind or unbind
WeChat in its settings. The ticket is signed with the server's secret key, so nothing about a
half-finished registration is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from tortoise.exceptions import IntegrityError

from server.accounts.models import Account, WeChatBinding
from server.core.errors import AppError, conflict, invalid
from server.core.security import Principal
from server.core.stores import CounterStore
from server.core.wechat import WeChat, WeChatError, WeChatUser

TICKET_SECONDS = 15 * 60


def _wechat(client: WeChat | None) -> WeChat:
    if client is None:
        raise AppError(503, "wechat_not_configured")
    return client


async def user_of(client: WeChat | None, code: str, *, web: bool = False) -> WeChatUser:
    """The WeChat user behind a code: of ``wx.login`` (the mini-program) or, ``web``, of the
    official account's page authorisation."""
    if not code or len(code) > 128:
        raise invalid("code", "required")
    try:
        return await (_wechat(client).web_code_to_user(code) if web else _wechat(client).code_to_user(code))
    except WeChatError as error:
        raise AppError(error.status, error.code) from None


async def _binding_of(user: WeChatUser) -> WeChatBinding | None:
    """The binding of this WeChat user: by openid, else by unionid — the same person has
    another openid in the official account than in the mini-program, one unionid in both."""
    binding = await WeChatBinding.get_or_none(openid=user.openid).select_related("account")
    if binding is None and user.unionid:
        binding = await WeChatBinding.filter(unionid=user.unionid).select_related("account").first()
    return binding


async def account_of(user: WeChatUser) -> Account | None:
    binding = await _binding_of(user)
    if binding is None:
        return None
    if not binding.account.is_active:
        raise AppError(403, "account_disabled")
    return binding.account


def ticket_for(user: WeChatUser, secret_key: str, now: float | None = None) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(
        {"o": user.openid, "u": user.unionid, "e": int((now or time.time()) + TICKET_SECONDS)}).encode()).decode()
    return f"{payload}.{_sign(payload, secret_key)}"


def user_from_ticket(ticket: str, secret_key: str) -> WeChatUser:
    """The WeChat user a registration ticket was made for; forged or expired → 422."""
    payload, _, signature = (ticket or "").partition(".")
    if not payload or not hmac.compare_digest(signature, _sign(payload, secret_key)):
        raise invalid("wechat_token", "invalid")
    try:
        found = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except ValueError:
        raise invalid("wechat_token", "invalid") from None
    if found["e"] < time.time():
        raise invalid("wechat_token", "expired")
    return WeChatUser(found["o"], found.get("u"))


def _sign(payload: str, secret_key: str, purpose: bytes = b"wechat-ticket:") -> str:
    return hmac.new(secret_key.encode(), purpose + payload.encode(), hashlib.sha256).hexdigest()


# --- the official account's ``state``: this browser's, once, for a few minutes -----------

STATE_SECONDS = 10 * 60
STATE_COOKIE = "yizhan_wechat_state"


def new_state(secret_key: str, now: float | None = None) -> str:
    """A state for the official account's authorisation page: letters and digits only (as
    WeChat allows, at most 128), saying when it was made, signed. The same value goes into
    this browser's cookie, so a code sent back with it is this browser's own."""
    payload = f"{int(now or time.time()):010d}{secrets.token_hex(16)}"
    return payload + _sign(payload, secret_key, b"wechat-state:")[:32]


async def check_state(state: str | None, cookie: str | None, secret_key: str, counters: CounterStore) -> None:
    """Refuse a state this browser was not given, an old one, or one used already (422
    ``wechat_state_invalid``): nobody can send a visitor back with a code of theirs."""
    state = state or ""
    payload, signature = state[:42], state[42:]
    if (len(state) != 74 or not cookie or not hmac.compare_digest(state, cookie)
            or not hmac.compare_digest(signature, _sign(payload, secret_key, b"wechat-state:")[:32])):
        raise AppError(422, "wechat_state_invalid")
    if not payload[:10].isdigit() or int(payload[:10]) + STATE_SECONDS < time.time():
        raise AppError(422, "wechat_state_invalid")
    used, _ = await counters.hit(f"wechat-state:{payload}", STATE_SECONDS)
    if used > 1:
        raise AppError(422, "wechat_state_invalid")


async def bind(account_id: int, user: WeChatUser) -> WeChatBinding:
    """Bind the openid to the account: one account each way (409 otherwise)."""
    current = await _binding_of(user)
    if current is not None and current.account_id != account_id:
        raise conflict("wechat_bound_elsewhere")
    if current is not None:
        return current
    try:
        return await WeChatBinding.create(account_id=account_id, openid=user.openid, unionid=user.unionid)
    except IntegrityError:
        raise conflict("wechat_already_bound") from None


async def unbind(principal: Principal) -> bool:
    return bool(await WeChatBinding.filter(account_id=principal.account_id).delete())


async def is_bound(principal: Principal) -> bool:
    return await WeChatBinding.filter(account_id=principal.account_id).exists()
