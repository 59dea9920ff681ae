"""What every benchmark needs: the real app on a fresh temporary database (SQLite, or
PostgreSQL from ``YIZHAN_BENCH_DATABASE_URL``, which is wiped), an in-process HTTP client,
and a way to print timings."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.app import create_app  # noqa: E402
from server.core import db  # noqa: E402
from server.org.models import NodeKind, OrgNode  # noqa: E402
from server.org.service import create_node  # noqa: E402
from server.settings import Settings  # noqa: E402


@contextlib.asynccontextmanager
async def bench_app() -> AsyncIterator[tuple[object, httpx.AsyncClient, str]]:
    """(app, client, database kind) with migrations applied and the lifespan running."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("YIZHAN_BENCH_DATABASE_URL") or f"sqlite://{tmp}/bench.sqlite3"
        # The benchmarks run housekeeping and deliveries themselves, when they measure them.
        settings = Settings.from_env({"YIZHAN_DATA_DIR": tmp, "YIZHAN_DATABASE_URL": url,
                                      "YIZHAN_SWEEP_SECONDS": "86400", "YIZHAN_DELIVERY_SECONDS": "86400"})
        if url.startswith("postgres"):
            from tests.support.db import reset_postgres

            await reset_postgres(url)
        await db.migrate(settings)
        app = create_app(settings)
        async with app.lifespan():
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
                yield app, client, url.split("://")[0]


async def communities(count: int) -> tuple[OrgNode, list[OrgNode]]:
    """天山区 / 碱泉街道 with ``count`` communities under it: (district, communities)."""
    district = await create_node(None, kind=NodeKind.DISTRICT, name="天山区", parent_id=None)
    street = await create_node(None, kind=NodeKind.STREET, name="碱泉街道", parent_id=district.id)
    made = [await create_node(None, kind=NodeKind.COMMUNITY, name=f"社区{i}", parent_id=street.id)
            for i in range(count)]
    return district, made


async def sign_in(client: httpx.AsyncClient, login: str, password: str) -> None:
    r = await client.post("/api/v1/auth/sign-in", json={"login": login, "password": password, "bearer": True})
    client.headers["Authorization"] = f"Bearer {r.json()['token']}"


def timed(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, n={len(ordered)}"


def phone_shrink(raw: bytes) -> bytes:
    """What the app uploads: the photo upright, ≤ 1,600 px, JPEG quality 0.8, no metadata."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as image:
        image.thumbnail((1600, 1600))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
        return out.getvalue()


def print_processing(photos: dict[str, bytes]) -> None:
    """The server's time to process each photo (ten runs each)."""
    from server.core.media import process_photo

    for label, photo in photos.items():
        samples = []
        for _ in range(10):
            started = time.perf_counter()
            process_photo(photo)
            samples.append(time.perf_counter() - started)
        print(f"server processing of one {label} ({len(photo) / 1024:.0f} KB): {timed(samples)}")
