"""The ``yizhan`` command as an operator uses it: demo, serve, check, create-user."""

import os
import re
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image

from server.demo import ACCOUNTS, DEMO_PASSWORD
from tests.support.db import TEST_DATABASE_URL, TEST_REDIS_URL, is_postgres
from tests.support.server import run_yizhan, running_server


@pytest.fixture
def sqlite_env(tmp_path):
    return {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": "", "YIZHAN_REDIS_URL": ""}


def sign_in(base: str, login: str, password: str = DEMO_PASSWORD) -> httpx.Response:
    return httpx.post(f"{base}/api/v1/auth/sign-in", json={"login": login, "password": password}, timeout=10)


def test_demo_then_serve_every_demo_account_signs_in(sqlite_env, tmp_path):
    first = run_yizhan(["demo"], sqlite_env)
    assert first.returncode == 0, first.stderr
    assert "demo data loaded" in first.stdout
    for _, _, phone, username, _ in ACCOUNTS:
        assert (username or phone) in first.stdout
    again = run_yizhan(["demo"], sqlite_env)
    assert again.returncode == 0 and "demo data already present" in again.stdout

    with running_server(sqlite_env, log_path=tmp_path / "serve.log") as base:
        cookies = {}
        for role, _, phone, username, _ in ACCOUNTS:
            response = sign_in(base, username or phone)
            assert response.status_code == 200, (username or phone, response.text)
            assert response.json()["account"]["role"] == role.value
            cookies[username or phone] = response.cookies["yizhan_session"]
        me = httpx.get(f"{base}/api/v1/auth/me", cookies={"yizhan_session": cookies["admin"]})
        assert me.status_code == 200

    # A restart keeps the sessions: they live in the database.
    with running_server(sqlite_env) as base:
        me = httpx.get(f"{base}/api/v1/auth/me", cookies={"yizhan_session": cookies["admin"]})
        assert me.status_code == 200 and me.json()["account"]["username"] == "admin"
        assert httpx.get(f"{base}/api/schema/openapi.json").status_code == 200


def test_serve_refuses_several_workers_on_sqlite(sqlite_env):
    result = run_yizhan(["serve", "--workers", "2"], sqlite_env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("yizhan: error: SQLite serves one worker only")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"YIZHAN_DATABASE_URL": "mysql://db/yizhan"}, "YIZHAN_DATABASE_URL must start with"),
        ({"YIZHAN_PUBLIC_URL": "yizhan.example"}, "YIZHAN_PUBLIC_URL must be an http(s) URL"),
        ({"YIZHAN_DATA_DIR": "/proc/1"}, "is not writable"),
    ],
)
def test_invalid_settings_stop_start_up_with_one_line(sqlite_env, env, message):
    result = run_yizhan(["serve"], {**sqlite_env, **env}, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_unreachable_database_is_one_line_too(sqlite_env):
    env = {**sqlite_env, "YIZHAN_DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}
    result = run_yizhan(["migrate"], env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("yizhan: error: migration failed") and "Traceback" not in result.stderr
    check = run_yizhan(["check"], env, timeout=60)
    assert check.returncode == 1 and "PROBLEM: cannot reach the database" in check.stdout


def test_migrate_check_and_create_user(sqlite_env):
    assert run_yizhan(["migrate"], sqlite_env).returncode == 0
    check = run_yizhan(["check"], sqlite_env)
    assert check.returncode == 0 and check.stdout.strip().endswith("ok"), check.stdout
    created = run_yizhan(["create-user", "--role", "admin", "--name", "区管理员", "--username", "root",
                          "--password", "very-secret-9"], sqlite_env)
    assert created.returncode == 0, created.stderr
    duplicate = run_yizhan(["create-user", "--role", "admin", "--name", "x", "--username", "ROOT",
                            "--password", "very-secret-9"], sqlite_env)
    assert duplicate.returncode == 1 and "username_taken" in duplicate.stderr
    weak = run_yizhan(["create-user", "--role", "rider", "--name", "x", "--phone", "13800138000",
                       "--password", "123"], sqlite_env)
    assert weak.returncode == 1 and "weak_password" in weak.stderr
    with running_server(sqlite_env) as base:
        assert sign_in(base, "root", "very-secret-9").status_code == 200


def test_retention_counts_then_removes(sqlite_env):
    assert run_yizhan(["migrate"], sqlite_env).returncode == 0
    dry = run_yizhan(["retention", "--dry-run"], sqlite_env)
    assert dry.returncode == 0 and "would remove guest contacts from 0 report(s) and phones from 0 claim(s)" in dry.stdout
    assert "180 days" in dry.stdout
    done = run_yizhan(["retention", "--days", "30"], sqlite_env)
    assert done.returncode == 0 and "removed" in done.stdout and "30 days" in done.stdout
    refused = run_yizhan(["retention", "--days", "-5"], sqlite_env)
    assert refused.returncode == 1 and "--days" in refused.stderr


@pytest.mark.skipif(not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…")
def test_two_workers_on_postgres_share_sessions_and_throttles(tmp_path, fresh_postgres_database):
    url = fresh_postgres_database
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": url,
           "YIZHAN_REDIS_URL": TEST_REDIS_URL or ""}
    refused = run_yizhan(["serve"], env, timeout=60)
    assert refused.returncode == 2 and "run `yizhan migrate` first" in refused.stderr
    assert run_yizhan(["migrate"], env).returncode == 0
    assert run_yizhan(["demo"], env).returncode == 0
    with running_server(env, "--workers", "2", log_path=tmp_path / "serve.log") as base:
        cookie = sign_in(base, "admin").cookies["yizhan_session"]
        statuses = [httpx.get(f"{base}/api/v1/auth/me", cookies={"yizhan_session": cookie}).status_code
                    for _ in range(30)]
        assert statuses == [200] * 30
        if TEST_REDIS_URL:
            failures = [sign_in(base, "13800000005", "wrong-password-1").status_code for _ in range(8)]
            assert failures[:5] == [401] * 5 and failures[5:] == [429] * 3
    log = (tmp_path / "serve.log").read_text()
    assert log.count("Started server process") >= 2


@pytest.mark.skipif(not (is_postgres(TEST_DATABASE_URL) and TEST_REDIS_URL),
                    reason="needs YIZHAN_TEST_DATABASE_URL=postgres://… and YIZHAN_TEST_REDIS_URL")
def test_a_wish_published_on_one_worker_is_on_the_wall_of_every_worker_at_once(tmp_path, fresh_postgres_database):
    url = fresh_postgres_database
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": url, "YIZHAN_REDIS_URL": TEST_REDIS_URL}
    assert run_yizhan(["migrate"], env).returncode == 0
    demo = run_yizhan(["demo"], env)
    station = next(code for code, name in re.findall(r"/q/([A-Z0-9]+)\s+(\S+)", demo.stdout) if name == "日月星光骑手驿站")
    with running_server(env, "--workers", "2", log_path=tmp_path / "serve.log") as base:
        wall = f"{base}/api/v1/walls/places/{station}"

        def titles_on_the_wall() -> set[tuple[str, ...]]:
            # New connections each time: the two workers take turns at the socket.
            return {tuple(w["title"] for w in httpx.get(wall, headers={"Connection": "close"}).json()["open"])
                    for _ in range(40)}

        before = titles_on_the_wall()  # both workers now keep the wall
        assert len(before) == 1
        def bearer(login: str) -> dict:
            answer = httpx.post(f"{base}/api/v1/auth/sign-in", json={"login": login, "password": DEMO_PASSWORD,
                                                                     "bearer": True})
            return {"Authorization": "Bearer " + answer.json()["token"]}

        rider, head = bearer("13800000025"), bearer("rijingxingguang")
        sent = httpx.post(f"{base}/api/v1/wishes", headers=rider, data={
            "code": station, "category": "resting", "title": "想要一把折叠椅", "idempotency_key": "hot-walls-0001"})
        assert sent.status_code == 201, sent.text
        published = httpx.post(f"{base}/api/v1/wishes/{sent.json()['wish']['id']}/review/publish", headers=head)
        assert published.status_code == 200, published.text
        after = titles_on_the_wall()
        assert len(after) == 1 and "想要一把折叠椅" in next(iter(after))


@pytest.mark.skipif(not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…")
def test_one_worker_on_postgres_starts(tmp_path, fresh_postgres_database):
    """``serve`` checks the database's migrations, then starts the app in the same process:
    both used to take Tortoise's global context, and the server exited at start."""
    url = fresh_postgres_database
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": url, "YIZHAN_REDIS_URL": ""}
    assert run_yizhan(["migrate"], env).returncode == 0
    with running_server(env, log_path=tmp_path / "serve.log") as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
        assert httpx.get(f"{base}/api/v1/report-categories").status_code == 200


@pytest.mark.skipif(not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…")
def test_a_database_that_stops_answering_gives_503_in_seconds_not_a_hang(tmp_path, fresh_postgres_database):
    from urllib.parse import urlsplit

    from tests.support.tcp_proxy import SilentableProxy

    real = urlsplit(fresh_postgres_database)
    env = {"YIZHAN_DATA_DIR": str(tmp_path / "var"), "YIZHAN_DATABASE_URL": fresh_postgres_database,
           "YIZHAN_REDIS_URL": ""}
    assert run_yizhan(["migrate"], env).returncode == 0
    proxy = SilentableProxy(real.hostname, real.port or 5432)
    try:
        through_proxy = fresh_postgres_database.replace(real.netloc, f"{real.username}@127.0.0.1:{proxy.port}")
        env = {**env, "YIZHAN_DATABASE_URL": through_proxy, "YIZHAN_DB_CONNECT_TIMEOUT": "1",
               "YIZHAN_DB_COMMAND_TIMEOUT": "2"}
        with running_server(env, log_path=tmp_path / "serve.log") as base:
            assert httpx.get(f"{base}/api/v1/report-categories").status_code == 200
            proxy.silent = True
            answer = httpx.get(f"{base}/api/v1/report-categories", timeout=30)
            assert answer.status_code == 503 and answer.json()["code"] == "database_unavailable"
            assert answer.headers["retry-after"] == "5"
            assert answer.elapsed.total_seconds() < 10  # the command timeout, not asyncpg's minute
            proxy.silent = False
            statuses = [httpx.get(f"{base}/api/v1/report-categories", timeout=30).status_code for _ in range(5)]
            assert statuses[-1] == 200  # the pool makes new connections once the database answers
    finally:
        proxy.close()


def test_with_redis_away_people_still_sign_in_and_report_and_healthz_says_503(sqlite_env, tmp_path):
    from tests.support.server import free_port

    env = {**sqlite_env, "YIZHAN_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}  # nothing listens there
    assert run_yizhan(["demo"], env).returncode == 0
    with running_server(env, log_path=tmp_path / "serve.log", up_when=(503,)) as base:
        health = httpx.get(f"{base}/healthz").json()
        assert health["checks"]["database"] == "ok" and health["checks"]["redis"].startswith("error")
        assert sign_in(base, "13800000005").status_code == 200
        # The limits still hold, counted by this worker.
        failures = [sign_in(base, "13800000015", "wrong-password-1").status_code for _ in range(7)]
        assert failures[:5] == [401] * 5 and failures[5:] == [429] * 2
        code = httpx.get(f"{base}/api/v1/org/nodes", params={"kind": "community"}).json()[0]["id"]
        assert httpx.get(f"{base}/api/v1/walls/communities/{code}").status_code == 200
    log = (tmp_path / "serve.log").read_text()
    assert "Redis unavailable" in log and log.count("Redis unavailable") <= 2  # once a minute, not per request
    assert "Internal Server Error" not in log and "unhandled error" not in log


def test_media_gc_removes_only_old_files_no_row_names(sqlite_env, tmp_path):
    import os
    import time

    assert run_yizhan(["demo"], sqlite_env).returncode == 0
    photos = tmp_path / "var" / "media" / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    in_use = sorted(p.name for p in photos.iterdir())
    old_orphan, new_orphan = photos / "OrphanFromACrash0000001.jpg", photos / "BeingWrittenNow00000001.jpg"
    for path in (old_orphan, new_orphan):
        path.write_bytes(b"\xff\xd8\xff")
    two_hours_ago = time.time() - 7200
    os.utime(old_orphan, (two_hours_ago, two_hours_ago))
    for path in photos.iterdir():  # the demo's own photos are old too: only what no row names goes
        if path != new_orphan:
            os.utime(path, (two_hours_ago, two_hours_ago))
    listed = run_yizhan(["media-gc", "--dry-run"], sqlite_env)
    assert listed.returncode == 0 and old_orphan.name in listed.stdout and new_orphan.name not in listed.stdout
    assert "would remove 1 photo file(s)" in listed.stdout and old_orphan.exists()
    removed = run_yizhan(["media-gc"], sqlite_env)
    assert removed.returncode == 0 and "removed 1 photo file(s)" in removed.stdout
    assert not old_orphan.exists() and new_orphan.exists()
    assert sorted(p.name for p in photos.iterdir() if p != new_orphan) == in_use


@pytest.mark.parametrize(("port", "said"), [("abc", "not a port number: 'abc'"), ("99999", "a port is 1–65535, not 99999")])
def test_a_bad_port_is_one_line_and_help_still_works(sqlite_env, port, said):
    env = {**sqlite_env, "YIZHAN_PORT": port}
    assert run_yizhan(["--help"], env).returncode == 0
    assert run_yizhan(["serve", "--help"], env).returncode == 0
    refused = run_yizhan(["serve"], env)
    assert refused.returncode == 2 and refused.stderr.strip().splitlines() == [f"yizhan: error: YIZHAN_PORT: {said}"]
    flag = run_yizhan(["serve", "--port", port], sqlite_env)
    assert flag.returncode == 2 and "Traceback" not in flag.stderr and said in flag.stderr


def test_posters_offline_say_what_is_wrong_in_one_line(sqlite_env, tmp_path):

    def qr(*args, env):
        return run_yizhan(["posters", "--out", str(tmp_path / "out"), *args], env)

    nothing = qr(env={**sqlite_env, "YIZHAN_DATA_DIR": str(tmp_path / "elsewhere")})
    assert nothing.returncode == 1 and "Traceback" not in nothing.stderr
    assert f"no database at {tmp_path / 'elsewhere' / 'yizhan.sqlite3'}" in nothing.stderr
    assert not (tmp_path / "elsewhere").exists()
    (tmp_path / "unready").mkdir()
    sqlite3.connect(tmp_path / "unready" / "yizhan.sqlite3").close()  # a database no migration ran on
    empty = qr(env={**sqlite_env, "YIZHAN_DATA_DIR": str(tmp_path / "unready")})
    assert empty.returncode == 1 and "Traceback" not in empty.stderr
    assert "not ready" in empty.stderr and "yizhan migrate" in empty.stderr
    assert run_yizhan(["demo"], sqlite_env).returncode == 0
    unknown = qr("--community", "99999", env=sqlite_env)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    line = unknown.stderr.strip()
    assert line.startswith("yizhan: error: validation_failed: community_id: ") and line.count("\n") == 0
    made = qr(env=sqlite_env)
    assert made.returncode == 0 and (tmp_path / "out" / "posters.html").exists()


def test_without_a_public_url_codes_point_where_the_server_answers(sqlite_env, tmp_path):
    demo = run_yizhan(["demo"], sqlite_env)
    code = re.findall(r"/q/([A-Z0-9]+)", demo.stdout)[0]
    with running_server(sqlite_env, log_path=tmp_path / "serve.log") as base:
        svg = httpx.get(f"{base}/api/v1/codes/{code}/qr.svg").text
        assert f"<title>{base}/q/{code}" in svg and "localhost" not in svg


@contextmanager
def read_only(path: Path):
    """The file made read-only even for root (immutable); skipped where that is not allowed."""
    import subprocess

    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        path.chmod(0o644)
        return
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only as root here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_database_is_seen_by_check_and_healthz_and_answers_503(sqlite_env, tmp_path):
    assert run_yizhan(["demo"], sqlite_env).returncode == 0
    database = Path(sqlite_env["YIZHAN_DATA_DIR"]) / "yizhan.sqlite3"
    assert run_yizhan(["check"], sqlite_env).returncode == 0
    with read_only(database):
        check = run_yizhan(["check"], sqlite_env)
        assert check.returncode == 1, check.stdout
        assert "PROBLEM: the database is read-only: the SQLite file or its folder is read-only" in check.stdout
        with running_server(sqlite_env, log_path=tmp_path / "serve.log", up_when=(503,)) as base:
            health = httpx.get(f"{base}/healthz")
            assert health.status_code == 503 and health.json()["checks"]["database"] == "error: ReadOnlyDatabase"
            refused = sign_in(base, "13800000005")  # a sign-in writes a session
            assert refused.status_code == 503 and refused.json()["code"] == "database_unavailable"
            assert httpx.get(f"{base}/api/v1/report-categories").status_code == 200  # reads still work
    log = (tmp_path / "serve.log").read_text()
    assert "database is read-only" in log and "unhandled error" not in log


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (from /proc: no extra package)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_stopping_serve_leaves_no_helper_process_behind(sqlite_env, tmp_path, signal_name):
    import signal
    import subprocess
    import time

    from tests.support.server import YIZHAN, free_port

    assert run_yizhan(["demo"], sqlite_env).returncode == 0
    port = free_port()
    process = subprocess.Popen([YIZHAN, "serve", "--port", str(port)], env={**os.environ, **sqlite_env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        admin = sign_in(base, "admin")
        # Posters are drawn in the worker's helper process: it exists now.
        posters = httpx.get(f"{base}/api/v1/posters", params={"size": "A6"}, cookies=admin.cookies, timeout=60)
        assert posters.status_code == 200
        helpers = _children(process.pid)
        assert helpers, "the poster helper process should be running"
        signum = getattr(signal, signal_name)
        process.send_signal(signum)
        assert process.wait(timeout=30) in (0, -signum)  # uvicorn stops cleanly, then re-raises the signal
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in helpers if _alive(pid)] == []
    finally:
        if process.poll() is None:
            process.kill()


def _bare_env() -> dict[str, str]:
    """The environment of someone who set nothing: no YIZHAN_* at all."""
    return {k: v for k, v in os.environ.items() if not k.startswith("YIZHAN_")}


def test_check_and_posters_in_an_empty_folder_say_where_they_looked_and_create_nothing(tmp_path):
    import subprocess
    import sys

    from tests.support.server import YIZHAN

    empty = tmp_path / "empty"
    empty.mkdir()
    checked = subprocess.run([YIZHAN, "check"], cwd=empty, env={**_bare_env(), "YIZHAN_PORT": "abc"},
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1, checked.stderr
    assert "PROBLEM: YIZHAN_PORT: not a port number: 'abc'" in checked.stdout
    assert f"PROBLEM: no database at {empty / 'var' / 'yizhan.sqlite3'}" in checked.stdout
    assert f"{empty / 'var'}  (does not exist)" in checked.stdout
    posters = subprocess.run([YIZHAN, "posters", "--out", str(tmp_path / "out")], cwd=empty, env=_bare_env(),
                             capture_output=True, text=True, timeout=60)
    assert posters.returncode == 1 and "Traceback" not in posters.stderr
    assert posters.stderr.startswith(f"yizhan: error: no database at {empty / 'var' / 'yizhan.sqlite3'}")
    assert list(empty.iterdir()) == [] and not (tmp_path / "out").exists()
    # The qr library's own command draws one code and needs no database at all.
    drawn = subprocess.run([sys.executable, "-m", "qr", "https://example.org/q/ABC", "--out", str(tmp_path / "c.png")],
                           cwd=empty, env=_bare_env(), capture_output=True, text=True, timeout=60)
    assert drawn.returncode == 0, drawn.stderr
    [found] = zxingcpp.read_barcodes(Image.open(tmp_path / "c.png"))
    assert found.text == "https://example.org/q/ABC" and list(empty.iterdir()) == []


def test_scripts_demo_help_loads_nothing(tmp_path):
    import subprocess

    root = Path(__file__).resolve().parents[2]
    before = sorted(p.name for p in root.iterdir())
    # A Python that does not exist: the help must not even look for one.
    shown = subprocess.run([str(root / "scripts" / "demo"), "--help"], env={**_bare_env(), "PYTHON": "/nonexistent"},
                           capture_output=True, text=True, timeout=30)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("usage: scripts/demo") and "--port" in shown.stdout
    assert sorted(p.name for p in root.iterdir()) == before


def test_a_second_server_on_a_busy_port_says_so_before_its_banner(sqlite_env):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        second = run_yizhan(["serve", "--port", str(port)], sqlite_env, timeout=60)
    assert second.returncode == 1 and "Yizhan on" not in second.stdout
    assert second.stderr.strip().splitlines() == [
        f"yizhan: error: port {port} on 127.0.0.1 is taken: another server (another Yizhan?) is listening there; "
        "stop it, or choose another with --port or YIZHAN_PORT"]
