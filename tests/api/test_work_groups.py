"""Work groups and the outbox over the API: who may connect a robot, what addresses are
refused, the test-send, the deliveries list with retry, the unread count and the choices
of what to be told."""

import dataclasses
import socket

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.channels import AddressError, check_resolved
from server.notifications.models import Delivery, DeliveryStatus, GroupChannel, Notification
from tests.support.reports import send_report

pytestmark = pytest.mark.usefixtures("fresh_robots")


async def test_a_community_worker_connects_a_robot_and_test_sends(as_role, world, robots):
    worker = await as_role("community_worker")
    path = f"/api/v1/notifications/groups/community/{world.community.id}"
    made = await worker.post(path, json={"kind": "wecom", "url": robots.wecom_url(), "quiet_from": "23:00",
                                         "quiet_until": "07:00"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["url_shown"] == robots.base + "/cgi-bin/webhook/send" and "good-key" not in made.text
    assert body["kinds"] == ["report_submitted", "report_overdue", "report_escalated", "wish_submitted"]
    tested = await worker.post(f"/api/v1/notifications/groups/{body['id']}/test")
    assert tested.json() == {"ok": True, "answer": "errcode 0: ok"} and "驿站测试消息" in str(robots.received)
    # A wrong key: the robot's own answer is shown.
    await worker.patch(f"/api/v1/notifications/groups/{body['id']}", json={"url": robots.wecom_url("bad")})
    tested = await worker.post(f"/api/v1/notifications/groups/{body['id']}/test")
    assert tested.json() == {"ok": False, "answer": "errcode 93000: invalid webhook url"}
    # Editing cannot sneak in an address that adding would refuse.
    for url, code in (("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "not_https"),
                      ("https://192.168.0.9/robot", "private_address")):
        refused = await worker.patch(f"/api/v1/notifications/groups/{body['id']}", json={"url": url})
        assert refused.status_code == 422 and refused.json()["errors"][0]["code"] == code
    assert (await GroupChannel.get(id=body["id"])).url == robots.wecom_url("bad")
    # Another community's groups are not his; riders and station heads have none.
    assert (await worker.get(f"/api/v1/notifications/groups/community/{world.community_b.id}")).status_code == 404
    for role in ("station_head", "rider", "property_staff"):
        client = await as_role(role)
        assert (await client.get(path)).status_code == 403, role


@pytest.mark.parametrize("url, code", [("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", "not_https"),
                                       ("https://10.1.2.3/cgi-bin/webhook/send?key=K", "private_address"),
                                       ("https://169.254.169.254/latest", "private_address")])
async def test_unsafe_addresses_are_refused(as_role, world, url, code):
    worker = await as_role("community_worker")
    refused = await worker.post(f"/api/v1/notifications/groups/community/{world.community.id}",
                                json={"kind": "wecom", "url": url})
    error = refused.json()["errors"][0]
    assert refused.status_code == 422 and (error["field"], error["code"]) == ("url", code)
    assert error["message"] not in ("", code)  # said in words, in the caller's language
    assert await GroupChannel.all().count() == 0


async def test_bad_kinds_and_hours_are_refused(as_role, world, robots):
    worker = await as_role("community_worker")
    path = f"/api/v1/notifications/groups/community/{world.community.id}"
    for body, field in (({"kinds": ["everything"]}, "kinds"), ({"quiet_from": "25:00", "quiet_until": "07:00"}, "quiet_from"),
                        ({"quiet_from": "23:00"}, "quiet_until")):
        r = await worker.post(path, json={"kind": "wecom", "url": robots.wecom_url(), **body})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, body
    assert (await worker.post(path, json={"kind": "telegram", "url": robots.wecom_url()})).status_code == 422


async def test_the_admin_sees_failed_deliveries_and_retries_them(as_role, world, robots, app):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    await GroupChannel.create(community_id=world.community.id, kind="wecom", url=robots.wecom_url("bad"))
    rider = await as_role("rider")
    await send_report(rider, code)
    await app.state.deliverer.deliver_due()
    admin = await as_role("admin")
    failed = (await admin.get("/api/v1/notifications/deliveries", params={"status": "failed"})).json()["items"]
    assert [(d["kind"], d["last_error"]) for d in failed] == [("report_submitted", "errcode 93000: invalid webhook url")]
    await GroupChannel.all().update(url=robots.wecom_url())
    retried = await admin.post(f"/api/v1/notifications/deliveries/{failed[0]['id']}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
    assert await app.state.deliverer.deliver_due() == 1
    assert (await Delivery.get()).status == DeliveryStatus.SENT
    assert (await admin.post(f"/api/v1/notifications/deliveries/{failed[0]['id']}/retry")).status_code == 409
    other = await as_role("other_admin")
    assert (await other.get("/api/v1/notifications/deliveries")).json()["items"] == []
    assert (await other.post(f"/api/v1/notifications/deliveries/{failed[0]['id']}/retry")).status_code == 404


async def test_unread_count_mark_all_read_and_muted_kinds(as_role, world):
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    worker, head, rider = await as_role("community_worker"), await as_role("station_head"), await as_role("rider")
    muted = await head.put("/api/v1/notifications/preferences", json={"muted": ["report_submitted"]})
    assert muted.json()["muted"] == ["report_submitted"] and "report_overdue" in muted.json()["kinds"]
    assert (await head.put("/api/v1/notifications/preferences", json={"muted": ["nonsense"]})).status_code == 422
    for _ in range(2):
        await send_report(rider, code)
    assert (await worker.get("/api/v1/notifications/unread")).json() == {"count": 2}
    assert (await head.get("/api/v1/notifications/unread")).json() == {"count": 0}  # he chose not to be told
    assert (await worker.post("/api/v1/notifications/read")).json() == {"marked": 2}
    assert (await worker.get("/api/v1/notifications/unread")).json() == {"count": 0}
    assert await Notification.filter(account_id=world.accounts["station_head"].id).count() == 0


@pytest.fixture
def no_loopback(app):
    """The app as deployed: robots on this machine's loopback are not allowed either."""
    context = app.state.context
    kept = context.settings
    context.settings = dataclasses.replace(kept, webhooks_allow_loopback=False)
    yield
    context.settings = kept


HIDDEN_LOOPBACKS = ["https://127.1:{port}/cgi-bin/webhook/send?key=good-key",
                    "https://0x7f.0.0.1:{port}/cgi-bin/webhook/send?key=good-key",
                    "https://0177.0.0.1:{port}/cgi-bin/webhook/send?key=good-key",
                    "https://[::ffff:127.0.0.1]:{port}/cgi-bin/webhook/send?key=good-key"]


@pytest.fixture
def trap():
    """A port on loopback that records whether anything connected to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    yield listener
    listener.close()


def connections(listener: socket.socket) -> int:
    count = 0
    while True:
        try:
            accepted, _ = listener.accept()
        except BlockingIOError:
            return count
        accepted.close()
        count += 1


@pytest.mark.parametrize("url", HIDDEN_LOOPBACKS, ids=["short", "hex", "octal", "mapped"])
async def test_addresses_that_lead_inside_are_refused_on_save_and_on_test_send(as_role, world, trap, no_loopback, url):
    url = url.format(port=trap.getsockname()[1])
    worker = await as_role("community_worker")
    saved = await worker.post(f"/api/v1/notifications/groups/community/{world.community.id}",
                              json={"kind": "wecom", "url": url})
    assert saved.status_code == 422, saved.text
    assert [(e["field"], e["code"]) for e in saved.json()["errors"]] == [("url", "private_address")]
    assert await GroupChannel.all().count() == 0
    # One saved before its name pointed inside: the test message is refused too, never sent.
    group = await GroupChannel.create(community_id=world.community.id, kind="wecom", url=url, secret="")
    tested = await worker.post(f"/api/v1/notifications/groups/{group.id}/test")
    assert tested.status_code == 200 and tested.json() == {"ok": False, "answer": "private_address"}
    assert connections(trap) == 0


async def test_a_name_is_judged_by_the_address_it_resolves_to():
    """The resolved check on its own, with the system's resolver: a name (here the one name
    every machine resolves, localhost) leading to loopback is refused unless allowed."""
    with pytest.raises(AddressError) as refused:
        await check_resolved("https://localhost/cgi-bin/webhook/send?key=K")
    assert str(refused.value) == "private_address"
    await check_resolved("https://localhost/cgi-bin/webhook/send?key=K", allow_loopback=True)


async def test_a_test_send_that_reaches_nothing_says_only_unreachable(as_role, world):
    """A closed port and a port that accepts and never answers read the same: the answer
    does not tell which ports of a host are open."""
    worker = await as_role("community_worker")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # the connection is taken by the kernel; nobody ever answers
    try:
        answers = []
        for port in (closed_port, silent.getsockname()[1]):
            made = await worker.post(f"/api/v1/notifications/groups/community/{world.community.id}",
                                     json={"kind": "wecom", "url": f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=K"})
            assert made.status_code == 201, made.text
            answers.append((await worker.post(f"/api/v1/notifications/groups/{made.json()['id']}/test")).json())
    finally:
        silent.close()
    assert answers == [{"ok": False, "answer": "unreachable"}] * 2
