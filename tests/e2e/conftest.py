"""Browser tests: Debian's Chromium driven by Playwright against a live ``yizhan serve``
with the demo data on a temporary SQLite database. A failing test leaves a screenshot in
``test-artifacts/``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.db import drop_sibling, sibling_database
from tests.support.fake_wechat import APPID, OA_APPID, OA_SECRET, SECRET
from tests.support.server import free_port, run_yizhan, running_server

CHROMIUM = os.environ.get("YIZHAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    if os.environ.get("YIZHAN_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class LiveServer:
    base: str
    codes: dict[str, str]  # demo place name → its poster code
    data_dir: Path  # its SQLite file, for a test that moves a deadline into the past

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def fresh_postgres_database(request):
    """A database of this test's own, beside the one the tests were given; dropped afterwards."""
    url = sibling_database(request.node.name)
    yield url
    drop_sibling(url)


@pytest.fixture(scope="session")
def live(tmp_path_factory, fake_wechat):
    """The real command line: ``yizhan demo`` then ``yizhan serve`` on a free port, its
    WeChat the fake one on this machine."""
    data_dir = tmp_path_factory.mktemp("live")
    port = free_port()
    # The public URL is the server itself, so that QR codes lead back to it.
    env = {"YIZHAN_DATA_DIR": str(data_dir), "YIZHAN_DATABASE_URL": "", "YIZHAN_REDIS_URL": "",
           "YIZHAN_PUBLIC_URL": f"http://127.0.0.1:{port}",
           # The work-group robot of the notifications test is a fake one on this machine.
           "YIZHAN_WEBHOOK_ALLOW_LOOPBACK": "1",
           "YIZHAN_WECHAT_APPID": APPID, "YIZHAN_WECHAT_SECRET": SECRET, "YIZHAN_WECHAT_API": fake_wechat.base,
           "YIZHAN_WECHAT_OA_APPID": OA_APPID, "YIZHAN_WECHAT_OA_SECRET": OA_SECRET,
           "YIZHAN_WECHAT_OAUTH_URL": fake_wechat.base}
    demo = run_yizhan(["demo"], env)
    assert demo.returncode == 0, demo.stderr
    codes = {name: code for code, name in re.findall(r"/q/([A-Z0-9]+)\s+(\S+)", demo.stdout)}
    assert len(codes) >= 4, demo.stdout
    with running_server(env, log_path=data_dir / "serve.log", port=port) as base:
        yield LiveServer(base, codes, data_dir)


@pytest.fixture(scope="session")
async def playwright():
    _need_chromium()
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        yield driver


class TestBrowser:
    """Chromium whose contexts bypass the app's Content-Security-Policy unless asked not to:
    the tests' own probes (``wait_for_function``) run as page scripts, which the policy
    forbids. ``test_content_security_policy.py`` drives the app under the policy."""

    def __init__(self, chromium) -> None:
        self._chromium = chromium

    async def new_context(self, **options):
        return await self._chromium.new_context(**{"bypass_csp": True, **options})

    def __getattr__(self, name):
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
async def browser(playwright):
    chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield TestBrowser(chromium)
    await chromium.close()


async def api_sign_in(tab, live, login: str, password: str | None = None) -> dict[str, str]:
    """Sign the page's context in through the API (cookie); returns the CSRF header to send."""
    from server.demo import DEMO_PASSWORD

    answer = await tab.request.post(live.url("/api/v1/auth/sign-in"), data={"login": login, "password": password or DEMO_PASSWORD})
    assert answer.status == 200, await answer.text()
    return {"X-CSRF-Token": (await answer.json())["csrf_token"]}


async def ready(tab) -> None:
    """Wait until the app has rendered the screen for the current URL."""
    await tab.wait_for_function("document.documentElement.dataset.ready === '1'")


async def goto(tab, url: str) -> None:
    await tab.goto(url)
    await ready(tab)


@pytest.fixture
async def context(browser):
    ctx = await browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="allow")
    yield ctx
    await ctx.close()


@pytest.fixture
async def page(context, request):
    """A fresh phone-sized page; console errors are collected; a failure leaves a screenshot."""
    tab = await context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.console_errors = errors
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not tab.is_closed():
        ARTIFACTS.mkdir(exist_ok=True)
        await tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


def unexpected_errors(tab, *expected_statuses: int) -> list[str]:
    """Console errors other than the browser's note on an HTTP error the test provoked."""
    allowed = tuple(f"status of {status}" for status in expected_statuses)
    return [m for m in tab.console_errors if not (allowed and "Failed to load resource" in m and any(a in m for a in allowed))]
