"""Two app workers deliver one outbox on PostgreSQL; one is killed (SIGKILL) in the middle
of a batch. Every message reaches the robot; only the one being sent at the moment of the
kill may arrive a second time (and it carries the same key)."""

import collections
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from server.accounts.service import create_account
from server.core.clock import now
from server.core.roles import Role
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Delivery, DeliveryStatus, GroupChannel, GroupKind, Notification
from server.reports.models import Report
from tests.support.db import TEST_DATABASE_URL, is_postgres
from tests.support.fake_robots import keys_received, start_fake_robots
from tests.support.reports import send_report
from tests.support.world import PASSWORD

ROOT = Path(__file__).parents[2]
GROUPS, PER_GROUP = 10, 5


@pytest.mark.skipif(not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…")
async def test_two_workers_one_killed_mid_batch_deliver_every_message_once(world):
    robots, server = start_fake_robots()
    robots.delay_seconds = 0.1
    try:
        community_ids = [world.community.id, world.community_b.id]
        rows = []
        for g in range(GROUPS):
            group = await GroupChannel.create(community_id=community_ids[g % 2], kind=GroupKind.WECOM,
                                              url=robots.wecom_url())
            for n in range(PER_GROUP):
                rows.append(await Delivery.create(
                    key=f"report_submitted:report:{g * 100 + n}:submitted::group:{group.id}", channel="wecom",
                    group_id=group.id, kind="report_submitted", object_type="report", object_id=g * 100 + n,
                    status_of_object="submitted", params={"place": f"{g}号楼"}, next_attempt_at=now()))
        command = [sys.executable, "-m", "tests.support.delivery_worker", TEST_DATABASE_URL, "2", "60"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        second = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while robots.requests < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)  # mid-batch: messages are being sent
        first.wait(10)
        assert second.wait(90) == 0, second.stderr.read()[-2000:]
        statuses = collections.Counter(await Delivery.all().values_list("status", flat=True))
        assert statuses == {DeliveryStatus.SENT: GROUPS * PER_GROUP}
        received = collections.Counter(keys_received(robots))
        assert set(received) == {row.key for row in rows}  # every one arrived
        twice = [key for key, count in received.items() if count > 1]
        assert len(twice) <= 1 and max(received.values()) <= 2, received  # only the one in flight, once more
    finally:
        server.shutdown()


@pytest.mark.skipif(not is_postgres(TEST_DATABASE_URL), reason="needs YIZHAN_TEST_DATABASE_URL=postgres://…")
async def test_two_workers_sweeping_at_once_announce_each_deadline_once(as_role, world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    rider = await as_role("rider")
    ids = []
    for _ in range(8):  # a rider may send 10 an hour
        ids.append((await send_report(rider, code))["id"])
    # All 30 hours past their deadline: each is due for its overdue notice and its escalation.
    await Report.filter(id__in=ids).update(status="assigned", assigned_company_id=world.company.id,
                                           deadline_at=now() - timedelta(hours=30))
    await create_account(None, role=Role.COMMUNITY_WORKER, name="街道", password=PASSWORD, phone="13900000077",
                         scope_id=world.street.id)
    await Notification.all().delete()
    command = [sys.executable, "-m", "tests.support.sweep_worker", TEST_DATABASE_URL, "3"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    told = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        told.append(int(out.strip().splitlines()[-1]))
    kinds = collections.Counter(await Notification.all().values_list("kind", flat=True))
    # Per report: overdue to the worker and the company's staff, escalated to the street's
    # worker — however the two workers shared the reports.
    assert kinds == {"report_overdue": 16, "report_escalated": 8} and sum(told) == 24
    assert await Report.filter(id__in=ids, escalated_for__isnull=False).count() == 8
