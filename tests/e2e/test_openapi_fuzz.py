"""Generated input against every operation of the served OpenAPI document (schemathesis):
whatever arrives, the answer is never a 5xx. Run anonymously and as the district's admin,
on the suite's database (SQLite, or PostgreSQL when the suite runs there), with WeChat the
fake one on this machine (so "WeChat is not configured", a documented 503, is not what is
tested). Bounded: 25 examples an operation and a fixed seed, so a run is repeatable; pass
``YIZHAN_FUZZ_SEED`` to explore with another."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.demo import DEMO_PASSWORD
from tests.support.db import TEST_DATABASE_URL, drop_sibling, is_postgres, sibling_database
from tests.support.fake_wechat import APPID, OA_APPID, OA_SECRET, SECRET
from tests.support.server import run_yizhan, running_server

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
EXAMPLES = "25"
SEED = os.environ.get("YIZHAN_FUZZ_SEED", "20261130")
# What the admin's own run must not do to itself: its token would be gone, and every later
# case would only test "401".
SELF_DESTRUCTIVE = ["/api/v1/auth/sign-out", "/api/v1/me/delete"]


@pytest.fixture
def database(request, tmp_path):
    if not is_postgres(TEST_DATABASE_URL):
        yield ""  # the default: a SQLite file in the data folder
        return
    url = sibling_database(f"fuzz_{request.node.callspec.id}")
    yield url
    drop_sibling(url)


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_generated_request_gets_a_server_error(who, database, tmp_path, fresh_wechat):
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": database, "YIZHAN_REDIS_URL": "",
           "YIZHAN_WECHAT_APPID": APPID, "YIZHAN_WECHAT_SECRET": SECRET, "YIZHAN_WECHAT_API": fresh_wechat.base,
           "YIZHAN_WECHAT_OA_APPID": OA_APPID, "YIZHAN_WECHAT_OA_SECRET": OA_SECRET,
           "YIZHAN_WECHAT_OAUTH_URL": fresh_wechat.base}
    if database:
        assert run_yizhan(["migrate"], env).returncode == 0
    assert run_yizhan(["demo"], env).returncode == 0
    log = tmp_path / "serve.log"
    with running_server(env, log_path=log) as base:
        command = [SCHEMATHESIS, "run", f"{base}/api/schema/openapi.json", "--checks", "not_a_server_error",
                   "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "2", "--generation-database", "none",
                   "--no-color", "--request-timeout", "30", "--report", "junit",
                   "--report-junit-path", str(tmp_path / "fuzz.xml")]
        if who == "admin":
            signed_in = httpx.post(f"{base}/api/v1/auth/sign-in",
                                   json={"login": "admin", "password": DEMO_PASSWORD, "bearer": True})
            command += ["--header", f"Authorization: Bearer {signed_in.json()['token']}"]
            for path in SELF_DESTRUCTIVE:
                command += ["--exclude-path", path]
        # In the test's folder: schemathesis keeps a cache where it runs, not in the checkout.
        run = subprocess.run(command, capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    summary = run.stdout[run.stdout.find("FAILURES"):] if "FAILURES" in run.stdout else run.stdout[-3000:]
    assert run.returncode == 0, summary + run.stderr
    generated = re.search(r"(\d+) generated", run.stdout)
    assert generated and int(generated.group(1)) >= 141 * 5, run.stdout[-3000:]  # every operation, many times
    served = log.read_text()
    assert "unhandled error" not in served and "Traceback" not in served, served[-5000:]
