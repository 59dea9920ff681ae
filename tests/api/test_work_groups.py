"""Work groups and the outbox over the API: who may connect a robot, what addresses are
refused, the test-send, the deliveries list with retry, the unread count and the choices
of what to be told."""


import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
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
