"""What the running app shares with every request: settings and stores (``app.state``)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.connection import ASGIConnection

from server.core.stores import CounterStore
from server.core.wechat import WeChat
from server.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    counters: CounterStore
    # WeChat's server APIs, when the AppID and AppSecret are set.
    wechat: WeChat | None = None
    # The official account's web sign-in, when its AppID and AppSecret are set.
    wechat_web: WeChat | None = None


def app_context(connection: ASGIConnection) -> AppContext:
    return connection.app.state.context


def client_ip(connection: ASGIConnection) -> str:
    # Behind a reverse proxy, uvicorn's --forwarded-allow-ips puts the real address here.
    return connection.client.host if connection.client else "unknown"
