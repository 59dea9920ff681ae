"""Notifications: one function tells an account, or a role within a scope; the text is
rendered in the reader's language when read, never stored as a sentence."""

from server.accounts.models import Account
from server.core.roles import Role
from server.notifications.models import Notification
from server.notifications.service import Message, RoleInScope, notify


async def test_a_role_within_a_scope_reaches_exactly_its_accounts(world):
    worker, head = world.accounts["community_worker"], world.accounts["station_head"]
    second_worker = await Account.create(role=Role.COMMUNITY_WORKER, name="第二位", password_hash="x",
                                         phone="13900000099", scope=world.community)
    gone = await Account.create(role=Role.COMMUNITY_WORKER, name="停用", password_hash="x", phone="13900000098",
                                scope=world.community, is_active=False)
    told = await notify(RoleInScope(Role.COMMUNITY_WORKER, world.community.path),
                        Message("report_status", "report", 7, status="verified"))
    assert told == 2
    recipients = set(await Notification.all().values_list("account_id", flat=True))
    assert recipients == {worker.id, second_worker.id}  # not the disabled one, not other roles
    assert gone.id not in recipients and head.id not in recipients

    # Another community's workers are outside; the one who caused it is skipped; no repeats.
    await Notification.all().delete()
    told = await notify([RoleInScope(Role.COMMUNITY_WORKER, world.community_b.path), worker.id, worker.id, None],
                        Message("report_status", "report", 7, status="verified"), skip=second_worker.id)
    assert told == 1 and await Notification.all().values_list("account_id", flat=True) == [worker.id]


async def test_the_text_is_rendered_in_the_readers_language(as_role, world):
    rider = world.accounts["rider"]
    await notify(rider.id, Message("report_status", "report", 42, status="verified"))
    await notify(rider.id, Message("wish_status", "wish", 5, status="claimed", params={"title": "想要充电的地方"}))
    stored = await Notification.filter(account_id=rider.id).order_by("id")
    assert [(n.kind, n.status, n.params) for n in stored] == [
        ("report_status", "verified", {}), ("wish_status", "claimed", {"title": "想要充电的地方"})]

    client = await as_role("rider")
    zh = (await client.get("/api/v1/notifications", headers={"Accept-Language": "zh-CN"})).json()
    assert [n["text"] for n in zh] == ["您的心愿「想要充电的地方」状态更新:已认领", "您的随手拍 #42 状态更新:已核实"]
    en = (await client.get("/api/v1/notifications", headers={"Accept-Language": "en-GB,en"})).json()
    assert en[1]["text"] == "Your report #42 is now: Verified"
    client.cookies.set("yizhan_lang", "ug")
    ug = (await client.get("/api/v1/notifications", headers={"Accept-Language": "en"})).json()
    assert ug[1]["text"].startswith("مەسىلە #42") and ug[0]["params"] == {"title": "想要充电的地方"}


async def test_notifications_need_a_sign_in_and_are_private(client, as_role, world):
    assert (await client.get("/api/v1/notifications")).status_code == 401
    assert (await client.post("/api/v1/notifications/read")).status_code == 401
    await notify(world.accounts["rider"].id, Message("report_status", "report", 1, status="verified"))
    other = await as_role("rider_b")
    assert (await other.get("/api/v1/notifications")).json() == []
    assert (await other.post("/api/v1/notifications/read")).json() == {"marked": 0}
    assert await Notification.filter(read_at=None).count() == 1
