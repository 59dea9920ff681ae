"""Retention and a person's own data: guests' contacts on finished reports and claimers'
phones on finished claims are removed after the retention period (the sweep and the
`yizhan retention` command); a rider downloads what is held about him and deletes his
account — his reports and points stay, without him."""

import uuid
from datetime import timedelta

import pytest

from server.accounts.models import Account
from server.core.clock import now
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.points.models import LedgerEntry
from server.points.service import adjust
from server.reports.backoffice import forget_guest_contacts
from server.reports.models import Report
from server.wishes.claims import forget_claimer_phones
from server.wishes.models import ClaimStatus, WishClaim
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report
from tests.support.world import PASSWORD

SMALL = camera_jpeg(320, 240)


@pytest.fixture
async def code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="驿站", community_id=world.community.id,
                                                  station_id=world.station.id))
    return made


async def send(client, code, **extra):
    return (await send_report(client, code, **extra))["id"]


async def test_guest_contacts_go_after_the_retention_period_only_when_finished(client, code):
    old_closed = await send(client, code, guest_name="王阿姨", guest_phone="13800138000")
    still_open = await send(client, code, guest_name="李叔", guest_phone="13800138001")
    recent = await send(client, code, guest_name="赵姐", guest_phone="13800138002")
    long_ago = now() - timedelta(days=200)
    await Report.filter(id=old_closed).update(status="closed", updated_at=long_ago)
    await Report.filter(id=still_open).update(updated_at=long_ago)
    await Report.filter(id=recent).update(status="rejected")
    before = now() - timedelta(days=180)
    assert await forget_guest_contacts(before, dry_run=True) == 1
    assert (await Report.get(id=old_closed)).guest_phone == "13800138000"  # a dry run changes nothing
    assert await forget_guest_contacts(before) == 1
    rows = {r.id: (r.guest_name, r.guest_phone) for r in await Report.all()}
    assert rows == {old_closed: ("", ""), still_open: ("李叔", "13800138001"), recent: ("赵姐", "13800138002")}


async def test_claimer_phones_go_when_the_claim_ended_long_ago(world, as_role, code):
    rider, head = await as_role("rider"), await as_role("station_head")
    ids = []
    for _ in range(2):
        sent = await rider.post("/api/v1/wishes", data={"code": code, "category": "eating", "title": "热饭",
                                                        "idempotency_key": uuid.uuid4().hex})
        ids.append(sent.json()["wish"]["id"])
        await head.post(f"/api/v1/wishes/{ids[-1]}/review/publish")
    anyone = await as_role("resident")
    for wish_id in ids:
        await anyone.post(f"/api/v1/wishes/{wish_id}/claims", json={"name": "李大姐", "phone": "13912345678",
                                                                    "kind": "resident", "consent": True})
    first, second = await WishClaim.filter(wish_id__in=ids).order_by("id")
    await WishClaim.filter(id=first.id).update(status=ClaimStatus.FULFILLED, closed_at=now() - timedelta(days=181))
    assert await forget_claimer_phones(now() - timedelta(days=180)) == 1
    assert (await WishClaim.get(id=first.id)).phone == "" and (await WishClaim.get(id=second.id)).phone == "13912345678"


async def test_the_retention_sweep_runs_in_the_app(app):
    assert "forget_old_contacts" in app.state.housekeeping.job_names
    assert app.state.context.settings.retention_days == 180


async def test_a_rider_downloads_his_data_and_deletes_his_account(app, world, as_role, code):
    rider = await as_role("rider")
    report_id = await send(rider, code)
    await adjust(world.accounts["rider"].id, 20, "起始积分", made_by=None)
    data = await rider.get("/api/v1/me/data")
    assert data.status_code == 200 and "attachment" in data.headers["content-disposition"]
    held = data.json()
    assert held["account"]["phone"] == "13900000005" and [r["id"] for r in held["reports"]] == [report_id]
    assert [p["amount"] for p in held["points"]] == [20]
    other = await as_role("rider_b")
    assert (await other.get("/api/v1/me/data")).json()["reports"] == []

    wrong = await rider.post("/api/v1/me/delete", json={"password": "not-mine"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["code"] == "wrong_password"
    gone = await rider.post("/api/v1/me/delete", json={"password": PASSWORD})
    assert gone.status_code == 204
    account = await Account.get(id=world.accounts["rider"].id)
    assert (account.name, account.phone, account.is_active) == ("已注销账号", None, False)
    assert (await rider.get("/api/v1/me/data")).status_code == 401  # signed out everywhere
    assert (await Report.get(id=report_id)).reporter_id == account.id  # the report stays
    assert await LedgerEntry.filter(account_id=account.id).count() == 1  # so do his points
    worker = await as_role("community_worker")
    assert (await worker.get(f"/api/v1/reports/{report_id}")).json()["reporter"] == "已注销账号"
    from tests.conftest import make_client

    async with make_client(app) as again:
        refused = await again.post("/api/v1/auth/sign-in", json={"login": "13900000005", "password": PASSWORD})
        assert refused.status_code == 401
