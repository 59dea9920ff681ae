"""The outbox to the community's work group: rows written with the change, delivered by
the production robot clients to fake robots on 127.0.0.1, with retries and backoff, a
digest when a robot's rate is reached or quiet hours end, and exactly once however many
workers deliver at the same time."""

import asyncio
import base64
import hashlib
import hmac
import urllib.parse
from datetime import timedelta

import httpx
import pytest

from server.core.clock import now
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.channels import AddressError, check_webhook, dingtalk_signed
from server.notifications.models import Delivery, DeliveryAttempt, DeliveryStatus, GroupChannel, GroupKind
from server.notifications.outbox import MAX_ATTEMPTS, ROBOT_PER_MINUTE, Deliverer, backoff, retry_now
from server.reports.models import Report
from server.reports.telling import watch_deadlines
from tests.support.clock import next_beijing
from tests.support.fake_robots import keys_received
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report

SMALL = camera_jpeg(320, 240)

pytestmark = pytest.mark.usefixtures("fresh_robots")


@pytest.fixture
async def deliverer():
    async with httpx.AsyncClient(timeout=httpx.Timeout(1.0)) as client:
        yield Deliverer(client, "https://yizhan.test", allow_loopback=True)


@pytest.fixture
async def code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼",
                                                  community_id=world.community.id))
    return made


async def group(world, robots, kind=GroupKind.WECOM, **fields):
    url = robots.wecom_url() if kind == GroupKind.WECOM else robots.dingtalk_url()
    secret = robots.dingtalk_secret if kind == GroupKind.DINGTALK else ""
    return await GroupChannel.create(community_id=world.community.id, kind=kind, url=url, secret=secret, **fields)


async def report_by(client, code):
    return (await send_report(client, code))["id"]


async def test_a_new_report_reaches_the_wecom_group_once(as_role, world, robots, deliverer, code):
    await group(world, robots)
    rider = await as_role("rider")
    report_id = await report_by(rider, code)
    row = await Delivery.get(object_id=report_id)
    assert (row.channel, row.kind, row.status) == ("wecom", "report_submitted", DeliveryStatus.PENDING)
    assert await deliverer.deliver_due() == 1
    assert await deliverer.deliver_due() == 0
    [message] = robots.received
    content = message["markdown"]["content"]
    assert message["msgtype"] == "markdown" and f"新随手拍 #{report_id}:红桥3号楼" in content
    assert f"https://yizhan.test/reports/{report_id}" in content and "卫生环境" in content
    assert "https://yizhan.test/media/photos/" in content and row.key in content  # thumbnail, idempotency key
    row = await Delivery.get(id=row.id)
    assert row.status == DeliveryStatus.SENT and row.attempts == 1 and row.sent_at is not None
    assert [(a.ok, a.answer) for a in await DeliveryAttempt.filter(delivery_id=row.id)] == [(True, "errcode 0: ok")]
    # Another community's group hears nothing; kinds the group did not choose are not sent.
    await GroupChannel.create(community_id=world.community_b.id, kind=GroupKind.WECOM, url=robots.wecom_url())
    worker = await as_role("community_worker")
    await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
    assert await Delivery.all().count() == 1


async def test_dingtalk_messages_are_signed(as_role, world, robots, deliverer, code):
    await group(world, robots, kind=GroupKind.DINGTALK)
    await report_by(await as_role("rider"), code)
    assert await deliverer.deliver_due() == 1
    assert robots.received[0]["path"] == "/robot/send" and robots.received[0]["markdown"]["title"].startswith("新随手拍")
    # The wrong secret: the robot says "sign not match"; trying again cannot help.
    await GroupChannel.all().update(secret="SECwrong")
    await report_by(await as_role("rider"), code)
    assert await deliverer.deliver_due() == 0
    failed = await Delivery.get(status=DeliveryStatus.FAILED)
    assert failed.last_error.startswith("errcode 310000") and failed.attempts == 1


def test_the_dingtalk_signature_is_the_documented_one():
    signed = dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=T", "SECx", at_ms=1700000000000)
    digest = hmac.new(b"SECx", b"1700000000000\nSECx", hashlib.sha256).digest()
    sign = urllib.parse.quote(base64.b64encode(digest).decode(), safe="")
    assert signed == f"https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1700000000000&sign={sign}"
    assert dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=T", "") == \
        "https://oapi.dingtalk.com/robot/send?access_token=T"  # no secret: no signature


@pytest.mark.parametrize("mode, error", [("rate_limited", "errcode 45009"), ("server_error", "HTTP 502"),
                                         ("hang", "timeout"), ("not_json", "HTTP 200, not JSON")])
async def test_passing_failures_are_retried_with_backoff_then_given_up(as_role, world, robots, deliverer, code,
                                                                       mode, error):
    await group(world, robots)
    await report_by(await as_role("rider"), code)
    robots.mode, robots.hang_seconds = mode, 2.0
    moment = now()
    assert await deliverer.deliver_due(at=moment) == 0
    row = await Delivery.get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and row.last_error.startswith(error)
    assert row.next_attempt_at - moment == backoff(1) == timedelta(seconds=30)
    assert await deliverer.deliver_due(at=moment + timedelta(seconds=10)) == 0  # not due yet
    assert (await Delivery.get()).attempts == 1
    for attempt in range(2, MAX_ATTEMPTS + 1):
        moment += backoff(attempt - 1)
        await deliverer.deliver_due(at=moment)
    row = await Delivery.get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == MAX_ATTEMPTS == 8
    assert await DeliveryAttempt.filter(delivery_id=row.id).count() == MAX_ATTEMPTS
    assert backoff(20) == timedelta(hours=1)  # never longer than an hour between tries
    # The admin's "retry now" after the robot is fixed.
    robots.mode = "ok"
    assert await retry_now(row.id)
    assert await deliverer.deliver_due() == 1 and (await Delivery.get()).status == DeliveryStatus.SENT


async def test_a_wrong_key_fails_at_once_and_says_why(as_role, world, robots, deliverer, code):
    await GroupChannel.create(community_id=world.community.id, kind=GroupKind.WECOM, url=robots.wecom_url("bad"))
    await report_by(await as_role("rider"), code)
    assert await deliverer.deliver_due() == 0
    row = await Delivery.get()
    assert row.status == DeliveryStatus.FAILED and row.last_error == "errcode 93000: invalid webhook url"


async def test_past_the_robots_rate_the_rest_goes_as_one_digest(as_role, world, robots, deliverer, code):
    await group(world, robots)
    rider = await as_role("rider")
    for _ in range(3):
        await report_by(rider, code)
    # 19 messages went out this minute already: room for one more.
    gid = (await GroupChannel.get()).id
    for n in range(ROBOT_PER_MINUTE - 1):
        await Delivery.create(key=f"old:{n}", channel="wecom", group_id=gid, kind="report_submitted",
                              object_type="report", object_id=0, status=DeliveryStatus.SENT, sent_at=now(),
                              next_attempt_at=now())
    assert await deliverer.deliver_due() == 3
    [digest] = robots.received
    assert "3 条新消息" in digest["markdown"]["content"]
    assert await Delivery.filter(status=DeliveryStatus.SENT, sent_at__gte=now() - timedelta(minutes=1)).count() == 22
    # A full minute: the next ones wait for the next minute, no attempt counted.
    await report_by(rider, code)
    assert await deliverer.deliver_due() == 0
    waiting = await Delivery.get(status=DeliveryStatus.PENDING)
    assert waiting.attempts == 0 and waiting.next_attempt_at > now() + timedelta(seconds=50)


async def test_quiet_hours_hold_messages_for_one_digest_but_not_escalations(as_role, world, robots, deliverer, code):
    await group(world, robots, quiet_from="23:00", quiet_until="07:00",
                kinds=["report_submitted", "report_escalated"])
    rider, worker = await as_role("rider"), await as_role("community_worker")
    ids = [await report_by(rider, code) for _ in range(2)]
    night = next_beijing(23, 30)
    morning = next_beijing(7, 0, after=night)
    assert await deliverer.deliver_due(at=night) == 0
    held = await Delivery.filter(held=True)
    assert len(held) == 2 and all(r.next_attempt_at == morning for r in held)
    # An escalation in the night goes at once.
    await worker.post(f"/api/v1/reports/{ids[0]}/actions/verify", json={})
    await worker.post(f"/api/v1/reports/{ids[0]}/actions/assign", json={"company_id": world.company.id,
                                                                           "deadline_hours": 1})
    deadline = (await Report.get(id=ids[0])).deadline_at
    await watch_deadlines(at=deadline + timedelta(hours=25))
    assert await deliverer.deliver_due(at=night + timedelta(minutes=1)) == 1
    assert "督办" in robots.received[0]["markdown"]["content"]
    # At seven, the two held ones arrive as one digest.
    assert await deliverer.deliver_due(at=morning + timedelta(seconds=1)) == 2
    assert len(robots.received) == 2 and "2 条新消息" in robots.received[1]["markdown"]["content"]


async def test_many_workers_deliver_each_message_exactly_once(as_role, world, robots, code):
    await group(world, robots)
    rider = await as_role("rider")
    for _ in range(6):
        await report_by(rider, code)
    async with httpx.AsyncClient(timeout=httpx.Timeout(2.0)) as client:
        workers = [Deliverer(client, "https://yizhan.test", allow_loopback=True) for _ in range(4)]
        sent = await asyncio.gather(*(w.deliver_due() for w in workers))
    assert sum(sent) == 6 and robots.requests == 6
    keys = keys_received(robots)
    assert len(keys) == 6 and len(set(keys)) == 6  # six different messages, none twice


async def test_a_worker_killed_mid_send_leaves_a_lease_that_runs_out(as_role, world, robots, deliverer, code):
    await group(world, robots)
    await report_by(await as_role("rider"), code)
    row = await Delivery.get()
    # A worker took it and died before it could say "sent".
    await Delivery.filter(id=row.id).update(status=DeliveryStatus.SENDING, lease_until=now() + timedelta(seconds=60))
    assert await deliverer.deliver_due() == 0  # still leased to the dead worker
    assert await deliverer.deliver_due(at=now() + timedelta(seconds=61)) == 1
    assert len(robots.received) == 1


async def test_a_removed_or_switched_off_group_fails_the_row_and_says_so(as_role, world, robots, deliverer, code):
    await group(world, robots)
    await report_by(await as_role("rider"), code)
    await GroupChannel.all().update(is_active=False)
    assert await deliverer.deliver_due() == 0
    assert (await Delivery.get()).last_error == "the work group was removed or switched off"


def test_webhook_addresses_must_be_public_https():
    assert check_webhook("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K")
    for url, why in [("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "not_https"),
                     ("https://10.0.0.5/robot/send", "private_address"),
                     ("https://192.168.1.1/x", "private_address"),
                     ("https://169.254.169.254/latest/meta-data", "private_address"),
                     ("https://[fd00::1]/x", "private_address"),
                     ("https://127.0.0.1:8080/x", "private_address"),
                     ("https://intranet/x", "private_address"),
                     ("ftp://example.com/x", "not_https"),
                     ("not a url", "not_a_webhook")]:
        with pytest.raises(AddressError) as refused:
            check_webhook(url)
        assert str(refused.value) == why, url
    assert check_webhook("http://127.0.0.1:9000/x", allow_loopback=True)


async def test_the_same_event_is_queued_once(world, robots):
    from server.notifications.outbox import Event, queue_for_groups

    await group(world, robots)
    event = Event("report_submitted", "report", 7, "submitted", {"place": "3号楼"})
    await queue_for_groups(world.community.id, event)
    await queue_for_groups(world.community.id, event)  # a retry of the same change
    assert await Delivery.all().count() == 1
    deadline = now() + timedelta(hours=1)
    later = Event("report_overdue", "report", 7, "assigned", {"deadline": deadline.isoformat()})
    again = Event("report_overdue", "report", 7, "assigned", {"deadline": (deadline + timedelta(days=1)).isoformat()})
    await queue_for_groups(world.community.id, later)
    await queue_for_groups(world.community.id, again)  # a new deadline is a new alarm
    assert await Delivery.filter(kind="report_overdue").count() == 2
