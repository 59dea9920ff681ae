"""Fixtures: a real app on a real database (SQLite file, or PostgreSQL when asked),
driven in-process over ASGI, with the database reachable for assertions."""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import datetime

import httpx
import pytest
import time_machine

from server.app import create_app
from server.core import db
from server.core.stores import FallbackCounterStore, MemoryCounterStore, RedisCounterStore
from server.settings import Settings
from tests.support.db import TEST_REDIS_URL, clean_tables, database_url, is_postgres, reset_postgres
from tests.support.fake_wechat import APPID, OA_APPID, OA_SECRET, SECRET
from tests.support.ledger import assert_balances_match_ledgers


@pytest.fixture(scope="session")
def fake_wechat():
    """A fake of WeChat's server APIs on 127.0.0.1 for the whole run (the app talks to it)."""
    from tests.support.fake_wechat import start_fake_wechat

    fake, server = start_fake_wechat()
    yield fake
    server.shutdown()


@pytest.fixture
def fresh_wechat(fake_wechat):
    """The fake WeChat answering normally, with no codes, tokens or messages from before."""
    fake_wechat.mode, fake_wechat.codes, fake_wechat.used, fake_wechat.tokens = "ok", {}, set(), {}
    fake_wechat.token_fetches, fake_wechat.sent, fake_wechat.scenes, fake_wechat.refusing = 0, [], [], set()
    fake_wechat.templates, fake_wechat.web_user, fake_wechat.web_codes = {}, ("o-web-1", None), {}
    return fake_wechat


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, fake_wechat) -> Settings:
    data_dir = tmp_path_factory.mktemp("var")
    return Settings.from_env({
        "YIZHAN_DATA_DIR": str(data_dir),
        "YIZHAN_DATABASE_URL": database_url(str(data_dir)),
        "YIZHAN_REDIS_URL": TEST_REDIS_URL or "",
        "YIZHAN_PUBLIC_URL": "https://yizhan.test",
        # The tests run the housekeeping and the delivery rounds themselves, at the moments
        # they choose; the app's own loops must not race them.
        "YIZHAN_SWEEP_SECONDS": "86400",
        "YIZHAN_DELIVERY_SECONDS": "86400",
        "YIZHAN_WEBHOOK_ALLOW_LOOPBACK": "1",
        "YIZHAN_WECHAT_APPID": APPID,
        "YIZHAN_WECHAT_SECRET": SECRET,
        "YIZHAN_WECHAT_API": fake_wechat.base,
        "YIZHAN_WECHAT_OA_APPID": OA_APPID,
        "YIZHAN_WECHAT_OA_SECRET": OA_SECRET,
        "YIZHAN_WECHAT_OAUTH_URL": fake_wechat.base,
    })


@pytest.fixture(scope="session")
async def app(settings: Settings):
    if is_postgres(settings.database_url):
        await reset_postgres(settings.database_url)
    await db.migrate(settings)
    application = create_app(settings)
    # The lifespan must start and end in one task; pytest runs setup and teardown in
    # different ones, so it gets a task of its own.
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        async with application.lifespan():
            started.set()
            await stopping.wait()

    task = asyncio.create_task(run_lifespan())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # start-up failed: raise its error here
    yield application
    stopping.set()
    await task


# ``YIZHAN_TEST_NOW=2031-02-28T23:59:00+08:00`` runs every test from that moment on, the
# clock ticking (CI runs the date-sensitive tests so on a month's last minute): "tonight",
# "this month" and "past the deadline" must come from the clock, never from a literal date.
TEST_NOW = os.environ.get("YIZHAN_TEST_NOW", "")


@pytest.fixture(autouse=True)
def travelled_clock():
    """Each test starts at ``YIZHAN_TEST_NOW`` when it is set (a fresh minute each test)."""
    if not TEST_NOW:
        yield None
        return
    moment = datetime.fromisoformat(TEST_NOW)
    if moment.tzinfo is None:
        raise pytest.UsageError("YIZHAN_TEST_NOW needs its offset, e.g. 2031-02-28T23:59:00+08:00")
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(autouse=True)
async def clean_state(travelled_clock, request: pytest.FixtureRequest):
    """Each test starts with empty tables and fresh counters."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    await clean_tables()
    from server.core import hot

    hot.forget_all()
    from server.reports.categories import ensure_default_categories

    await ensure_default_categories()
    from server.points.service import ensure_default_rules

    await ensure_default_rules()
    shutil.rmtree(application.state.context.settings.media_dir / "photos", ignore_errors=True)
    counters = application.state.context.counters
    if isinstance(counters, FallbackCounterStore):
        redis = counters.primary._redis
        keys = [key async for key in redis.scan_iter(match=RedisCounterStore.PREFIX + "*")]
        if keys:
            await redis.delete(*keys)
        counters.standby = MemoryCounterStore()
    else:
        application.state.context.counters = MemoryCounterStore()
    yield
    await assert_balances_match_ledgers()



def make_client(application) -> httpx.AsyncClient:
    # https base URL: the session cookie is Secure because the public URL is https.
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="https://testserver")


@pytest.fixture
async def client(app):
    async with make_client(app) as anonymous:
        yield anonymous


@pytest.fixture
async def world(app):
    from tests.support.world import build_world

    return await build_world()


@pytest.fixture
async def as_role(app, world):
    """``await as_role("admin")`` → a client signed in as that account of the world."""
    from tests.support.world import sign_in

    opened: list[httpx.AsyncClient] = []

    async def open_as(key: str) -> httpx.AsyncClient:
        signed = make_client(app)
        opened.append(signed)
        await sign_in(signed, world.login(key))
        return signed

    yield open_as
    for signed in opened:
        await signed.aclose()


@pytest.fixture(scope="session")
def robots():
    """Fake WeCom and DingTalk robots on 127.0.0.1 for the whole run."""
    from tests.support.fake_robots import start_fake_robots

    fake, server = start_fake_robots()
    yield fake
    server.shutdown()


@pytest.fixture
def fresh_robots(robots):
    """The fake robots answering normally, with nothing received yet."""
    robots.mode, robots.delay_seconds, robots.received, robots.requests = "ok", 0.0, [], 0
    return robots


def pytest_collection_modifyitems(config, items):
    """``YIZHAN_REVERSE_ORDER=1`` runs the tests last to first (CI does it once for the
    browser tests, which share one demo server): a test that needs another's leftovers, or
    breaks on them, shows."""
    if os.environ.get("YIZHAN_REVERSE_ORDER") == "1":
        items.reverse()
