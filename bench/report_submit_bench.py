"""Report submissions through a real server: riders each send a 随手拍 with one phone-shrunk
photo (≤ 1,600 px JPEG as the app makes it), 8 at a time, to ``yizhan serve`` with N
workers; then one camera original (12 MP) to show it is still accepted and processed.

    python bench/report_submit_bench.py                   # SQLite, 1 worker
    YIZHAN_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
      YIZHAN_BENCH_REDIS_URL=redis://127.0.0.1:6379/14 python bench/report_submit_bench.py --workers 2

Prints reports a second and p50/p99 of one submission, and the server's time to process
one phone-shrunk and one camera photo in this process. The client runs on the same
machine and takes its share of the two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from server.core.media import process_photo  # noqa: E402
from tests.support.photos import camera_jpeg  # noqa: E402
from tests.support.server import free_port, run_yizhan  # noqa: E402

RIDERS = 200
PASSWORD = "bench-rider-2026"


def phone_shrink(raw: bytes) -> bytes:
    """What the app uploads: the photo upright, ≤ 1,600 px, JPEG quality 0.8, no metadata."""
    with Image.open(io.BytesIO(raw)) as image:
        image.thumbnail((1600, 1600))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
        return out.getvalue()


SEED = """
import asyncio, sys
from server.core import db
from server.settings import Settings
from server.accounts.service import register_rider
from server.org.models import OrgNode, NodeKind

async def main():
    settings = Settings.from_env()
    async with db.db_lifespan(settings):
        station = await OrgNode.filter(kind=NodeKind.DELIVERY_STATION).first()
        for n in range(int(sys.argv[1])):
            await register_rider(name=f"骑手{n}", phone=f"1570000{n:04d}", password=sys.argv[2],
                                 station_id=station.id, platform=None, consent=True, wechat=None)

asyncio.run(main())
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def submit_all(base: str, tokens: list[str], code: str, photo: bytes, count: int, concurrency: int):
    latencies: list[float] = []
    failures: list[str] = []
    queue = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(max_connections=concurrency)) as client:
        async def worker() -> None:
            while not queue.empty():
                n = queue.get_nowait()
                t0 = time.perf_counter()
                r = await client.post("/api/v1/reports", headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}"},
                                      data={"code": code, "category": "sanitation", "idempotency_key": uuid.uuid4().hex},
                                      files=[("photos", ("p.jpg", photo, "image/jpeg"))])
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    failures.append(f"{r.status_code} {r.text[:120]}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return count / elapsed, latencies, failures


async def sign_in_all(base: str, count: int) -> list[str]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        tokens = []
        for n in range(count):
            r = await client.post("/api/v1/auth/sign-in", json={"login": f"1570000{n:04d}", "password": PASSWORD,
                                                                "bearer": True})
            assert r.status_code == 200, r.text
            tokens.append(r.json()["token"])
        return tokens


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    camera = camera_jpeg(4000, 3000, orientation=6, gps=True)
    shrunk = phone_shrink(camera_jpeg(4000, 3000))
    for label, photo in (("phone-shrunk photo", shrunk), ("12 MP camera photo", camera)):
        samples = []
        for _ in range(10):
            t0 = time.perf_counter()
            process_photo(photo)
            samples.append(time.perf_counter() - t0)
        print(f"processing one {label} ({len(photo) / 1024:.0f} KB): median {statistics.median(samples) * 1000:.1f} ms")

    database = os.environ.get("YIZHAN_BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "YIZHAN_DATA_DIR": tmp, "YIZHAN_DATABASE_URL": database,
               "YIZHAN_REDIS_URL": os.environ.get("YIZHAN_BENCH_REDIS_URL", ""), "YIZHAN_PUBLIC_URL": "http://127.0.0.1",
               "PYTHONPATH": str(ROOT)}
        if database.startswith("postgres"):
            from tests.support.db import reset_postgres
            asyncio.run(reset_postgres(database))
        demo = run_yizhan(["demo"], env)
        assert demo.returncode == 0, demo.stderr
        seeded = subprocess.run([sys.executable, "-c", SEED, str(RIDERS), PASSWORD], env=env, cwd=ROOT,
                                capture_output=True, text=True)
        assert seeded.returncode == 0, seeded.stderr[-2000:]
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
            tokens = asyncio.run(sign_in_all(base, RIDERS))
            kind = "PostgreSQL" if database else "SQLite"
            asyncio.run(submit_all(base, tokens, code, shrunk, 40, args.concurrency))  # warm up
            rate, latencies, failures = asyncio.run(submit_all(base, tokens, code, shrunk, args.reports, args.concurrency))
            print(f"{kind}, {args.workers} worker(s), {args.concurrency} at a time, {args.reports} reports with one "
                  f"phone-shrunk photo ({len(shrunk) / 1024:.0f} KB): {rate:.0f} reports/s, "
                  f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
                  f"failures {len(failures)} {failures[:2]}")
            _, camera_latency, camera_failures = asyncio.run(submit_all(base, tokens[-1:], code, camera, 1, 1))
            print(f"one 12 MP camera original ({len(camera) / 1024:.0f} KB): {camera_latency[0] * 1000:.0f} ms, "
                  f"{'accepted' if not camera_failures else camera_failures}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
