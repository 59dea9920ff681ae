"""Sessions kept in the database, so they survive restarts and are shared by all workers.

The browser holds a random token in an HttpOnly cookie; the database holds only its
SHA-256. API clients may send the same token as ``Authorization: Bearer``. Unsafe requests
authenticated by the cookie must carry ``X-CSRF-Token``, an HMAC of the session token that
the sign-in answer and ``GET /api/v1/auth/me`` return.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from server.accounts.models import Account, Session
from server.core.clock import now
from server.core.errors import AppError
from server.core.forgery import SAFE_METHODS
from server.core.roles import Role
from server.core.security import Principal
from server.settings import Settings

COOKIE_NAME = "yizhan_session"
CSRF_HEADER = "x-csrf-token"
# Refresh "last seen" (and slide the expiry) at most this often, not on every request.
TOUCH_INTERVAL = timedelta(minutes=10)



def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret_key: str, session_token: str) -> str:
    return hmac.new(secret_key.encode(), b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()


async def start_session(account: Account, settings: Settings, user_agent: str = "") -> str:
    token = secrets.token_urlsafe(32)
    moment = now()
    await Session.create(
        token_hash=hash_token(token),
        account=account,
        last_seen_at=moment,
        expires_at=moment + timedelta(days=settings.session_days),
        user_agent=user_agent[:200],
    )
    return token


async def end_session(session_id: int) -> None:
    await Session.filter(id=session_id).delete()


async def end_all_sessions(account_id: int, keep_session_id: int | None = None) -> None:
    query = Session.filter(account_id=account_id)
    if keep_session_id is not None:
        query = query.exclude(id=keep_session_id)
    await query.delete()


async def resolve_session(token: str, settings: Settings) -> Principal | None:
    """The principal behind a token, or None if it is unknown, expired or disabled."""
    moment = now()
    session = await Session.filter(token_hash=hash_token(token)).select_related("account__scope").first()
    if session is None:
        return None
    account = session.account
    if session.expires_at <= moment or not account.is_active:
        await Session.filter(id=session.id).delete()
        return None
    if moment - session.last_seen_at > TOUCH_INTERVAL:
        await Session.filter(id=session.id).update(
            last_seen_at=moment, expires_at=moment + timedelta(days=settings.session_days)
        )
    scope = account.scope
    return Principal(
        account_id=account.id,
        role=Role(account.role),
        name=account.name,
        scope_id=scope.id if scope else None,
        scope_path=scope.path if scope else None,
        session_id=session.id,
        scope_kind=scope.kind.value if scope else "",
    )


def session_cookie(token: str, settings: Settings) -> Cookie:
    return Cookie(
        key=COOKIE_NAME,
        value=token,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


def expired_cookie(settings: Settings) -> Cookie:
    return Cookie(key=COOKIE_NAME, value="", max_age=0, path="/", httponly=True,
                  secure=settings.cookie_secure, samesite="lax")


def _bearer_token(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _cookie_token(headers: dict[str, str]) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE_NAME and value:
            return value
    return None


class SessionMiddleware(ASGIMiddleware):
    """Puts the caller's ``Principal`` (or None) in ``scope["user"]`` and enforces CSRF."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        bearer = _bearer_token(headers)
        token = bearer or _cookie_token(headers)
        scope["user"] = None
        state = scope.setdefault("state", {})
        clear_cookie = False
        if token:
            principal = await resolve_session(token, self.settings) if len(token) <= 128 else None
            if principal is None:
                state["auth_error"] = "session_invalid"
                clear_cookie = bearer is None
            else:
                scope["user"] = principal
                state["session_token"] = token
                if bearer is None and scope["method"] not in SAFE_METHODS:
                    sent = headers.get(CSRF_HEADER, "")
                    if not hmac.compare_digest(sent, csrf_token(self.settings.secret_key, token)):
                        raise AppError(403, "csrf_failed")

        if not clear_cookie:
            await next_app(scope, receive, send)
            return

        cookie_header = expired_cookie(self.settings).to_header(header="")

        async def send_clearing_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message).add("set-cookie", cookie_header)
            await send(message)

        await next_app(scope, receive, send_clearing_cookie)
