"""Sending a report through the API, as the tests of triage, routing and notifications do."""

from __future__ import annotations

import uuid

import httpx

from tests.support.photos import camera_jpeg

SMALL_PHOTO = camera_jpeg(320, 240)


async def send_report(client: httpx.AsyncClient, code: str, category: str = "sanitation", *,
                      photo: bytes = SMALL_PHOTO, **fields: str) -> dict:
    """A report at the place of ``code`` with one photo; fails the test unless it was created."""
    r = await client.post("/api/v1/reports", data={"code": code, "category": category, "description": "楼道堆物",
                                                   "idempotency_key": uuid.uuid4().hex, **fields},
                          files=[("photos", ("a.jpg", photo, "image/jpeg"))])
    assert r.status_code == 201, r.text
    return r.json()
