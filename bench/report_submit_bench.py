"""Report submissions through a real server: riders each send a 随手拍 with one phone-shrunk
photo (≤ 1,600 px JPEG as the app makes it), 8 at a time, to ``yizhan serve`` with N
workers; then one camera original (12 MP) to show it is still accepted and processed.

    python bench/report_submit_bench.py                   # SQLite, 1 worker
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
      YIZHAN_BENCH_REDIS_URL=redis://127.0.0.1:6379/14 python bench/report_submit_bench.py --workers 2

Prints reports a second and p50/p99 of one submission (wrk sends them: little of the two
cores goes to the client), and the server's time to process one phone-shrunk and one camera
photo in this process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import phone_shrink, print_processing  # noqa: E402

from tests.support.photos import camera_jpeg  # noqa: E402
from tests.support.server import free_port, run_yizhan  # noqa: E402

RIDERS = 400  # each may send 10 reports an hour


SEED = """
import asyncio, sys
from server.core import db
from server.settings import Settings
from server.accounts.models import Account
from server.accounts.sessions import start_session
from server.core.passwords import hash_password_sync
from server.core.roles import Role
from server.org.models import OrgNode, NodeKind

async def main():
    settings = Settings.from_env()
    async with db.db_lifespan(settings):
        station = await OrgNode.filter(kind=NodeKind.DELIVERY_STATION).first()
        password = hash_password_sync("bench-rider-2026")  # once: the bench measures reports, not sign-ins
        riders = [Account(role=Role.RIDER, name=f"骑手{n}", phone=f"1570000{n:04d}", password_hash=password,
                          scope_id=station.id) for n in range(int(sys.argv[1]))]
        await Account.bulk_create(riders)
        for rider in await Account.filter(phone__startswith="1570000").order_by("id"):
            print(await start_session(rider, settings))

asyncio.run(main())
"""

# wrk sends the reports: one multipart body per request, each with its own idempotency key,
# the riders taken in turn (each may send 10 reports an hour).
WRK_SCRIPT = """
local photo = io.open("{photo}", "rb"):read("*a")
local tokens = {{}}
for line in io.lines("{tokens}") do tokens[#tokens + 1] = line end
local n = 0
local boundary = "----yizhanbench"
local function part(name, value)
  return "--" .. boundary .. "\\r\\nContent-Disposition: form-data; name=\\"" .. name .. "\\"\\r\\n\\r\\n" .. value .. "\\r\\n"
end
request = function()
  n = n + 1
  local body = part("code", "{code}") .. part("category", "sanitation") ..
    part("idempotency_key", string.format("{run}%08d", n)) ..
    "--" .. boundary .. "\\r\\nContent-Disposition: form-data; name=\\"photos\\"; filename=\\"p.jpg\\"\\r\\n" ..
    "Content-Type: image/jpeg\\r\\n\\r\\n" .. photo .. "\\r\\n--" .. boundary .. "--\\r\\n"
  return wrk.format("POST", "/api/v1/reports", {{
    ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary}}, body)
end
response = function(status, headers, body)
  if status ~= 201 then io.write("REFUSED " .. status .. " " .. body:sub(1, 160) .. "\\n") end
end
"""


def run_wrk(base: str, script: Path, seconds: int, concurrency: int, **values: str) -> dict:
    """One wrk run; every run its own idempotency keys (else the server answers 200: the same report)."""
    script.write_text(WRK_SCRIPT.format(run=uuid.uuid4().hex[:16], **values))
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", str(script),
                          base], capture_output=True, text=True, check=True).stdout

    def ms(p: str) -> float:
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) / 1000 if unit == "us" else float(value) * 1000 if unit == "s" else float(value)

    refusals = [line for line in out.splitlines() if line.startswith("REFUSED")]  # anything but 201 Created
    if refusals:
        print("  refusals seen:", *sorted(set(refusals))[:3], sep="\n    ")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50"), "p99": ms("99"),
            "failed": len(refusals)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    camera = camera_jpeg(4000, 3000, orientation=6, gps=True)
    shrunk = phone_shrink(camera_jpeg(4000, 3000))
    print_processing({"phone-shrunk photo": shrunk, "12 MP camera photo": camera})

    database = os.environ.get("YIZHAN_BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "YIZHAN_DATA_DIR": tmp, "YIZHAN_DATABASE_URL": database,
               "YIZHAN_REDIS_URL": os.environ.get("YIZHAN_BENCH_REDIS_URL", ""), "YIZHAN_PUBLIC_URL": "http://127.0.0.1",
               "PYTHONPATH": str(ROOT)}
        if database.startswith("postgres"):
            from tests.support.db import reset_postgres
            asyncio.run(reset_postgres(database))
        if env["YIZHAN_REDIS_URL"]:  # the riders' hourly counts of an earlier run (same ids) must not count
            import redis
            redis.Redis.from_url(env["YIZHAN_REDIS_URL"]).flushdb()
        demo = run_yizhan(["demo"], env)
        assert demo.returncode == 0, demo.stderr
        seeded = subprocess.run([sys.executable, "-c", SEED, str(RIDERS)], env=env, cwd=ROOT,
                                capture_output=True, text=True)
        assert seeded.returncode == 0, seeded.stderr[-2000:]
        tokens_file, photo_file, script = Path(tmp) / "tokens.txt", Path(tmp) / "photo.jpg", Path(tmp) / "submit.lua"
        tokens_file.write_text(seeded.stdout)
        photo_file.write_bytes(shrunk)
        code = next(line.split("/q/")[1].split()[0] for line in demo.stdout.splitlines() if "/q/" in line)
        port = free_port()
        server = subprocess.Popen([str(Path(sys.executable).parent / "yizhan"), "serve", "--port", str(port),
                                   "--workers", str(args.workers)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
            kind = "PostgreSQL" if database else "SQLite"
            values = {"photo": str(photo_file), "tokens": str(tokens_file), "code": code}
            run_wrk(base, script, 2, args.concurrency, **values)  # warm up
            profiler = subprocess.Popen(["py-spy", "record", "-o", os.environ["BENCH_PROFILE"], "-f", "raw", "-d",
                                         str(args.seconds), "-p", str(server.pid), "-s"]) \
                if os.environ.get("BENCH_PROFILE") else None
            found = run_wrk(base, script, args.seconds, args.concurrency, **values)
            if profiler:
                profiler.wait()
            print(f"{kind}, {args.workers} worker(s), {args.concurrency} at a time for {args.seconds} s, one "
                  f"phone-shrunk photo each ({len(shrunk) / 1024:.0f} KB): {found['rps']:.0f} reports/s, "
                  f"p50 {found['p50']:.0f} ms, p99 {found['p99']:.0f} ms, refused {found['failed']}")
            camera_answer = httpx.post(f"{base}/api/v1/reports", timeout=60,
                                       headers={"Authorization": f"Bearer {seeded.stdout.split()[-1]}"},
                                       data={"code": code, "category": "sanitation", "idempotency_key": uuid.uuid4().hex},
                                       files=[("photos", ("camera.jpg", camera, "image/jpeg"))])
            print(f"one 12 MP camera original ({len(camera) / 1024:.0f} KB): "
                  f"{camera_answer.elapsed.total_seconds() * 1000:.0f} ms, HTTP {camera_answer.status_code}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
