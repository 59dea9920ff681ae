"""Hot reads against the framework's ceiling: the pages every poster scan and every station TV
asks for, each measured with wrk beside a bare Litestar handler in the same run (this
machine is shared and noisy; only the ratio means something).

    python bench/hot_reads_bench.py                       # SQLite, 1 worker
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
      YIZHAN_BENCH_REDIS_URL=redis://127.0.0.1:6379/14 python bench/hot_reads_bench.py --workers 2
    python bench/hot_reads_bench.py --seconds 60          # the 200-connection run for 60 s

Each endpoint: ``wrk -t1 -c32`` with the headers a phone sends (Accept-Encoding: gzip, br),
requests a second and the ratio to the bare handler; then 200 connections: p50, p99 and
errors. The worker's RSS is printed idle, after the load, and after each of three load
rounds (a leak shows as growth from round to round).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.server import free_port, run_yizhan  # noqa: E402

PHONE_HEADERS = ["-H", "Accept-Encoding: gzip, br", "-H", "Accept-Language: zh-CN,zh;q=0.9",
                 "-H", "User-Agent: Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Mobile Safari/537.36"]


# 500 more places in the first community, for the poster batch that runs beside the load.
SEED_PLACES = """
import asyncio
from server.core import db
from server.settings import Settings
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import NodeKind, OrgNode

async def main():
    async with db.db_lifespan(Settings.from_env()):
        community = await OrgNode.filter(kind=NodeKind.COMMUNITY).order_by("id").first()
        for n in range(500):
            await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name=f"印刷测试{n}号楼",
                                                name_en=f"Print test building {n}", community_id=community.id))
        print(community.id)

asyncio.run(main())
"""


def wrk(url: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *PHONE_HEADERS, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p: str) -> float:
        found = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(errors.group(1)) if errors else 0
    if socket_errors:
        failed += sum(int(n) for n in socket_errors.groups())
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"), "errors": failed}


def rss_kib(port: int) -> int:
    """The resident memory of the worker(s) listening on ``port`` (summed over workers)."""
    total = 0
    for pid in subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True, text=True).stdout.split():
        for child in [pid, *subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()]:
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+)", status)
            total += int(found.group(1)) if found else 0
    return total


def wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer in 60 s")


def print_posters(base: str, community: int, landing: str, seconds: int) -> None:
    """500 A4 posters and the ZIP of 500 PNG codes, timed; then the landing data under load
    while batches render in the same worker(s)."""
    admin = httpx.post(f"{base}/api/v1/auth/sign-in", json={"login": "admin", "password": "yizhan-demo-2026",
                                                            "bearer": True}).json()["token"]
    headers = {"Authorization": f"Bearer {admin}"}
    for what, path in (("500 A4 posters (HTML, QR inline)", "/api/v1/posters"),
                       ("ZIP of 500 PNG codes", "/api/v1/posters/codes.zip")):
        started = time.perf_counter()
        answer = httpx.get(base + path, params={"community_id": community}, headers=headers, timeout=120)
        assert answer.status_code == 200, answer.text[:300]
        print(f"{what}: {time.perf_counter() - started:.1f} s, {len(answer.content) / 1024:.0f} KB (first time)")
    quiet = wrk(landing, 32, seconds)
    stop = threading.Event()

    def keep_rendering() -> None:
        while not stop.is_set():
            httpx.get(base + "/api/v1/posters", params={"community_id": community, "size": "A5"},
                      headers=headers, timeout=120)

    renderer = threading.Thread(target=keep_rendering)
    renderer.start()
    try:
        busy = wrk(landing, 32, seconds)
    finally:
        stop.set()
        renderer.join()
    print(f"landing data p99 {quiet['p99']:.1f} ms alone, {busy['p99']:.1f} ms while 500-poster batches render")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10, help="each 200-connection run")
    parser.add_argument("--short", type=int, default=5, help="each 32-connection run")
    args = parser.parse_args()
    database = os.environ.get("YIZHAN_BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "YIZHAN_DATA_DIR": tmp, "YIZHAN_DATABASE_URL": database,
               "YIZHAN_REDIS_URL": os.environ.get("YIZHAN_BENCH_REDIS_URL", ""), "YIZHAN_PUBLIC_URL": "http://127.0.0.1"}
        if database.startswith("postgres"):
            import asyncio

            from tests.support.db import reset_postgres
            asyncio.run(reset_postgres(database))
        demo = run_yizhan(["demo"], env)
        assert demo.returncode == 0, demo.stderr
        codes = re.findall(r"/q/([A-Z0-9]+)\s+(\S+)", demo.stdout)
        seeded = subprocess.run([sys.executable, "-c", SEED_PLACES], env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
                                capture_output=True, text=True)
        assert seeded.returncode == 0, seeded.stderr[-2000:]
        poster_community = int(seeded.stdout.split()[-1])
        station_code = next(code for code, name in codes if name.endswith("驿站"))
        building_code = next(code for code, name in codes if "楼" in name)
        app_port, bare_port = free_port(), free_port()
        yizhan = Path(sys.executable).parent / "yizhan"
        app = subprocess.Popen([str(yizhan), "serve", "--port", str(app_port), "--workers", str(args.workers)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bare = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(bare_port),
                                 "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base, bare_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
            wait_healthy(base + "/healthz")
            wait_healthy(bare_base)
            community = httpx.get(f"{base}/api/v1/org/nodes", params={"kind": "community"}).json()[0]["id"]
            pages = {
                "landing data /api/v1/codes/{code}": f"/api/v1/codes/{station_code}",
                "place wall /api/v1/walls/places/{code}": f"/api/v1/walls/places/{station_code}",
                "community wall /api/v1/walls/communities/{id}": f"/api/v1/walls/communities/{community}",
                "poster page /q/{code}": f"/q/{building_code}",
                "station screen /api/v1/stats/screen/{code}": f"/api/v1/stats/screen/{station_code}",
            }
            kind = "PostgreSQL" if database else "SQLite"
            print(f"{kind}, {args.workers} worker(s); wrk -t1 -c32 -d{args.short}s with Accept-Encoding: gzip, br")
            print(f"RSS idle: {rss_kib(app_port) / 1024:.0f} MiB")
            for path in pages.values():  # warm up (first answers build caches, import lazily)
                wrk(base + path, 8, 1)
            reference = wrk(bare_base + "/", 32, args.short)
            print(f"  {'bare Litestar handler':48} {reference['rps']:8.0f} req/s  p50 {reference['p50']:6.2f} ms")
            for name, path in pages.items():
                found = wrk(base + path, 32, args.short)
                print(f"  {name:48} {found['rps']:8.0f} req/s  {found['rps'] / reference['rps']:5.2f}×  "
                      f"p50 {found['p50']:6.2f} ms  errors {found['errors']}")
            print(f"200 connections, {args.seconds} s each")
            reference = wrk(bare_base + "/", 200, args.seconds)
            print(f"  {'bare Litestar handler':48} p50 {reference['p50']:7.2f} ms  p99 {reference['p99']:7.2f} ms")
            for round_number in (1, 2, 3):
                for name, path in pages.items():
                    if round_number > 1 and "landing" not in name:
                        continue  # the leak check repeats one page
                    found = wrk(base + path, 200, args.seconds)
                    print(f"  {name:48} p50 {found['p50']:7.2f} ms  p99 {found['p99']:7.2f} ms  "
                          f"errors {found['errors']}  ({found['rps']:.0f} req/s)")
                print(f"RSS after load round {round_number}: {rss_kib(app_port) / 1024:.0f} MiB")
            print_posters(base, poster_community, base + pages["landing data /api/v1/codes/{code}"], args.short)
        finally:
            for process in (app, bare):
                process.terminate()
                process.wait(timeout=20)


if __name__ == "__main__":
    main()
