"""WeChat subscribe messages through the outbox, against the fake WeChat: the admin chooses a
template per kind of notification, the rider's "accept" on his phone allows one message, a
message spends it, WeChat's refusals (43101 clears the consent, 47003 fails without retrying)
and a busy WeChat (tried again later) are handled, and no secret reaches a log line."""

import logging

import pytest

from server.accounts.models import Account, WeChatBinding
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import Delivery, DeliveryStatus, SubscribeConsent, SubscribeTemplate
from server.notifications.subscribe import fit
from tests.support.fake_wechat import SECRET
from tests.support.reports import send_report
from tests.support.world import PASSWORD

TEMPLATE = "tmpl-report-status-01"
FIELDS = {"character_string1": "number", "thing2": "sentence", "phrase3": "status", "time4": "time"}


@pytest.fixture
def wechat(fresh_wechat):
    fresh_wechat.templates = {TEMPLATE: set(FIELDS)}
    return fresh_wechat


@pytest.fixture
async def code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼", community_id=world.community.id))
    return made


async def configure(admin, fields=None, page="pages/report/detail?id={id}", kind="report_status"):
    r = await admin.put(f"/api/v1/wechat/templates/{kind}", json={"template_id": TEMPLATE, "fields": fields or FIELDS,
                                                                    "page": page})
    assert r.status_code == 200, r.text
    return r.json()


async def bound_rider(as_role, wechat, openid="o-rider-1"):
    rider = await as_role("rider")
    r = await rider.post("/api/v1/wechat/binding", json={"code": wechat.login_code(f"code-{openid}", openid)})
    assert r.status_code == 200, r.text
    return rider


async def accept(rider, times=1, template=TEMPLATE):
    for _ in range(times):
        r = await rider.post("/api/v1/wechat/subscriptions", json={"answers": {template: "accept"}})
        assert r.status_code == 200, r.text
    return r.json()


async def verified_report(rider, worker, code) -> int:
    report_id = (await send_report(rider, code))["id"]
    r = await worker.post(f"/api/v1/reports/{report_id}/actions/verify", json={})
    assert r.status_code == 200, r.text
    return report_id


async def rider_consent(world) -> int:
    account = await Account.get(phone="13900000005")
    found = await SubscribeConsent.get_or_none(account_id=account.id, template_id=TEMPLATE)
    return found.remaining if found else 0


async def test_one_accept_allows_one_message_which_says_what_happened(app, as_role, world, code, wechat, caplog):
    caplog.set_level(logging.DEBUG)
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    worker = await as_role("community_worker")
    assert await accept(rider) == [{"kind": "report_status", "template_id": TEMPLATE, "remaining": 1}]
    report_id = await verified_report(rider, worker, code)
    row = await Delivery.get(channel="wxsub")
    assert (row.object_id, row.template_id, row.status) == (report_id, TEMPLATE, DeliveryStatus.PENDING)
    assert await rider_consent(world) == 0  # spent when queued

    assert await app.state.deliverer.deliver_due() == 1
    [message] = wechat.sent
    assert message["touser"] == "o-rider-1" and message["template_id"] == TEMPLATE
    assert message["page"] == f"pages/report/detail?id={report_id}" and message["miniprogram_state"] == "formal"
    data = {key: value["value"] for key, value in message["data"].items()}
    assert data["character_string1"] == str(report_id)
    assert data["thing2"].startswith(f"您的随手拍 #{report_id}") and len(data["thing2"]) <= 20
    assert data["phrase3"] == "已核实" and len(data["time4"]) >= len("2026年1月1日 00:00")
    assert (await Delivery.get(id=row.id)).status == DeliveryStatus.SENT

    # The next change of status finds no subscription left: nothing more goes to WeChat.
    await worker.post(f"/api/v1/reports/{report_id}/actions/reject", json={"note": "重复"})
    assert await Delivery.filter(channel="wxsub").count() == 1
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET not in logged and "ACCESS-TOKEN" not in logged


async def test_a_refusal_clears_the_consent_and_is_not_retried(app, as_role, world, code, wechat):
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    await accept(rider, times=3)
    await verified_report(rider, await as_role("community_worker"), code)
    assert await rider_consent(world) == 2
    wechat.refusing.add("o-rider-1")  # he turned the messages off in WeChat meanwhile
    assert await app.state.deliverer.deliver_due() == 0
    row = await Delivery.get(channel="wxsub")
    assert row.status == DeliveryStatus.FAILED and row.attempts == 1 and "43101" in row.last_error
    assert await rider_consent(world) == 0


async def test_a_value_that_does_not_fit_fails_without_retrying(app, as_role, world, code, wechat):
    # The admin's mapping names a field the console's template does not have.
    await configure(await as_role("admin"), fields={**FIELDS, "thing9": "place"})
    rider = await bound_rider(as_role, wechat)
    await accept(rider)
    await verified_report(rider, await as_role("community_worker"), code)
    await app.state.deliverer.deliver_due()
    row = await Delivery.get(channel="wxsub")
    assert row.status == DeliveryStatus.FAILED and "47003" in row.last_error and wechat.sent == []


async def test_a_busy_or_silent_wechat_is_tried_again_later(app, as_role, world, code, wechat):
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    await accept(rider)
    await verified_report(rider, await as_role("community_worker"), code)
    wechat.mode = "busy"
    await app.state.deliverer.deliver_due()
    row = await Delivery.get(channel="wxsub")
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and "-1" in row.last_error
    wechat.mode = "ok"
    assert await app.state.deliverer.deliver_due(row.next_attempt_at) == 1
    assert len(wechat.sent) == 1


async def test_an_access_token_that_expires_mid_batch_is_renewed_once(app, as_role, world, code, wechat):
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    worker = await as_role("community_worker")
    await accept(rider, times=3)
    for _ in range(3):
        await verified_report(rider, worker, code)
    await app.state.context.wechat.access_token(renew=True)
    fetched = wechat.token_fetches
    wechat.expire_tokens()  # another worker (or the console) made a new one
    assert await app.state.deliverer.deliver_due() == 3
    assert len(wechat.sent) == 3 and wechat.token_fetches == fetched + 1


async def test_unbinding_after_the_message_was_queued_fails_it_and_says_why(app, as_role, world, code, wechat):
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    await accept(rider)
    await verified_report(rider, await as_role("community_worker"), code)
    assert (await rider.delete("/api/v1/wechat/binding")).status_code == 200
    await app.state.deliverer.deliver_due()
    row = await Delivery.get(channel="wxsub")
    assert row.status == DeliveryStatus.FAILED and "no longer" in row.last_error and wechat.sent == []


async def test_no_template_no_binding_or_no_consent_queues_nothing(app, as_role, world, code, wechat):
    rider = await as_role("rider")
    worker = await as_role("community_worker")
    await verified_report(rider, worker, code)  # no template configured
    await configure(await as_role("admin"))
    await verified_report(rider, worker, code)  # not bound
    r = await rider.post("/api/v1/wechat/subscriptions", json={"answers": {TEMPLATE: "accept"}})
    assert r.status_code == 409 and r.json()["code"] == "wechat_not_bound"
    rider = await bound_rider(as_role, wechat)
    await verified_report(rider, worker, code)  # bound, never accepted
    assert not await Delivery.filter(channel="wxsub").exists()


async def test_answers_are_recorded_whole_or_not_at_all(as_role, world, wechat, client):
    await configure(await as_role("admin"))
    rider = await bound_rider(as_role, wechat)
    await accept(rider, times=2)
    unknown = await rider.post("/api/v1/wechat/subscriptions",
                               json={"answers": {TEMPLATE: "reject", "not-our-template": "accept"}})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "answers"
    odd = await rider.post("/api/v1/wechat/subscriptions", json={"answers": {TEMPLATE: "maybe"}})
    assert odd.status_code == 422
    for bad in ({}, {"answers": {}}, {"answers": [TEMPLATE]}, {"answers": {TEMPLATE: "accept"}, "extra": 1}):
        assert (await rider.post("/api/v1/wechat/subscriptions", json=bad)).status_code == 422, bad
    assert await rider_consent(world) == 2
    assert (await rider.post("/api/v1/wechat/subscriptions", json={"answers": {TEMPLATE: "ban"}})).json()[0][
        "remaining"] == 0
    assert (await client.get("/api/v1/wechat/subscriptions")).status_code == 401


@pytest.mark.parametrize(("kind", "body", "field"), [
    ("no_such_kind", {"template_id": TEMPLATE, "fields": FIELDS}, "kind"),
    ("report_status", {"template_id": "has space", "fields": FIELDS}, "template_id"),
    ("report_status", {"template_id": TEMPLATE, "fields": {"colour1": "place"}}, "fields"),
    ("report_status", {"template_id": TEMPLATE, "fields": {"thing1": "password"}}, "fields"),
    ("report_status", {"template_id": TEMPLATE, "fields": FIELDS, "page": "/pages/x"}, "page"),
])
async def test_templates_are_checked_before_they_are_kept(as_role, kind, body, field):
    r = await (await as_role("admin")).put(f"/api/v1/wechat/templates/{kind}", json=body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    assert not await SubscribeTemplate.exists()


async def test_only_the_admin_chooses_templates(as_role):
    admin, worker = await as_role("admin"), await as_role("community_worker")
    r = await worker.put("/api/v1/wechat/templates/report_status", json={"template_id": TEMPLATE, "fields": FIELDS})
    assert r.status_code == 403
    await configure(admin)
    assert [t["kind"] for t in (await admin.get("/api/v1/wechat/templates")).json()] == ["report_status"]
    assert (await worker.get("/api/v1/wechat/templates")).status_code == 403
    assert (await admin.delete("/api/v1/wechat/templates/report_status")).status_code == 204
    assert (await admin.delete("/api/v1/wechat/templates/report_status")).status_code == 404
    assert not await WeChatBinding.exists()


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("thing1", "一二三四五六七八九十一二三四五六七八九十一", "一二三四五六七八九十一二三四五六七八九…"),
    ("thing1", "  ", "—"), ("phrase2", "已经处理完毕", "已经处理完"), ("name3", "阿不都热合曼·买买提明", "阿不都热合曼·买买提"),
    ("time4", "2026年11月30日 09:05", "2026年11月30日 09:05"),
])
def test_values_are_cut_to_what_their_field_takes(key, value, expected):
    assert fit(key, value) == expected


async def test_answers_sent_at_once_are_each_counted(app, as_role, world, wechat):
    import asyncio

    from tests.conftest import make_client

    await configure(await as_role("admin"))
    await bound_rider(as_role, wechat)
    clients = [make_client(app) for _ in range(5)]
    try:
        for c in clients:
            signed = await c.post("/api/v1/auth/sign-in", json={"login": "13900000005", "password": PASSWORD,
                                                                 "bearer": True})
            c.headers["Authorization"] = f"Bearer {signed.json()['token']}"
        answers = await asyncio.gather(*(c.post("/api/v1/wechat/subscriptions", json={"answers": {TEMPLATE: "accept"}})
                                         for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert [a.status_code for a in answers] == [200] * 5
    assert await rider_consent(world) == 5
