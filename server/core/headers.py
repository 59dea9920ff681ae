"""Security headers on every answer. The app's pages run only the app's own scripts and
styles (no inline script), talk only to this server, and may not be framed — except a
station's TV pages, which the station may show inside its own pages. The referrer stays on
this site: a claim page's secret token is in its address. A printable poster batch is a
standalone document with its own style and a one-line print script."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

APP_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
              "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
              "base-uri 'self'; form-action 'self'")
POSTER_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: 'self'; "
                 "base-uri 'none'; form-action 'none'")
POSTER_PATH = "/api/v1/posters"


def is_tv_page(scope: Scope) -> bool:
    return scope["path"].endswith("/screen") or b"tv=1" in scope.get("query_string", b"")


class SecurityHeadersMiddleware(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        policy = POSTER_POLICY if scope["path"] == POSTER_PATH else APP_POLICY
        framing = "'self'" if is_tv_page(scope) else "'none'"
        added = {
            "content-security-policy": f"{policy}; frame-ancestors {framing}",
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
            "x-frame-options": "SAMEORIGIN" if framing == "'self'" else "DENY",
        }

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in added.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await next_app(scope, receive, send_with_headers)
