"""A rider is never exposed to the company he reported: property staff and station heads
see "骑手 · <station>" (or 居民 / 访客), never a name or a phone, anywhere in any answer about
a report; community workers see the name and open the number on purpose, which is recorded."""

import json

import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.reports.models import ReportEvent
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report

SMALL = camera_jpeg(320, 240)
RIDER_NAME, RIDER_PHONE = "测试rider", "13900000005"
GUEST_NAME, GUEST_PHONE = "王阿姨", "13800138000"


@pytest.fixture
async def code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼",
                                                  community_id=world.community.id))
    return made


async def send(client, code, **extra):
    return await send_report(client, code, **extra)


def leaks(body, *secrets: str) -> list[str]:
    """Every string anywhere in the answer that shows a secret (or a masked phone's digits)."""
    text = json.dumps(body, ensure_ascii=False)
    found = [s for s in secrets if s in text]
    found += [p[:3] + "****" + p[-4:] for p in secrets if p.isdigit() and p[:3] + "****" + p[-4:] in text]
    return found


async def test_fixers_and_station_heads_never_see_who_reported(as_role, world, code, client):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    staff, head = await as_role("property_staff"), await as_role("station_head")
    mine = await send(rider, code)
    guest = await send(client, code, guest_name=GUEST_NAME, guest_phone=GUEST_PHONE)
    assert mine["reporter"] == RIDER_NAME  # the rider sees himself
    for report in (mine, guest):
        await worker.post(f"/api/v1/reports/{report['id']}/actions/verify", json={})
        await worker.post(f"/api/v1/reports/{report['id']}/actions/assign", json={"company_id": world.company.id})
    await rider.post(f"/api/v1/reports/{mine['id']}/actions/comment", json={"note": "还在"})
    secrets = (RIDER_NAME, RIDER_PHONE, GUEST_NAME, GUEST_PHONE)

    answers = []
    for client_, who in ((staff, "property_staff"), (head, "station_head")):
        answers.append((who, (await client_.get("/api/v1/reports")).json()))
        answers.append((who, (await client_.get("/api/v1/reports/counts")).json()))
        answers.append((who, (await client_.get("/api/v1/notifications")).json()))
        for report in (mine, guest):
            detail = await client_.get(f"/api/v1/reports/{report['id']}")
            if detail.status_code == 200:
                answers.append((who, detail.json()))
            commented = await client_.post(f"/api/v1/reports/{report['id']}/actions/comment", json={"note": "收到"})
            answers.append((who, commented.json()))
            refused = await client_.post(f"/api/v1/reports/{report['id']}/reporter-phone")
            assert refused.status_code in (403, 404), who
    photo = await staff.post(f"/api/v1/reports/{mine['id']}/after-photo", files=[("photo", ("b.jpg", SMALL, "image/jpeg"))])
    answers.append(("property_staff", photo.json()))
    resolved = await staff.post(f"/api/v1/reports/{mine['id']}/actions/resolve", json={"note": "已清理"})
    answers.append(("property_staff", resolved.json()))
    for who, body in answers:
        assert leaks(body, *secrets) == [], (who, body)

    seen = (await staff.get(f"/api/v1/reports/{mine['id']}")).json()
    assert (seen["reporter"], seen["reporter_phone"]) == (None, None)
    assert (seen["reporter_kind"], seen["reporter_station"]) == ("rider", "日月星光站")
    assert [e["actor"] for e in seen["events"] if e["by_reporter"]] == [None, None]  # submit, comment
    guest_seen = (await staff.get(f"/api/v1/reports/{guest['id']}")).json()
    assert (guest_seen["reporter_kind"], guest_seen["reporter"]) == ("guest", None)


async def test_a_worker_sees_the_name_and_opening_the_number_is_recorded(as_role, world, code):
    rider, worker = await as_role("rider"), await as_role("community_worker")
    report = await send(rider, code)
    seen = (await worker.get(f"/api/v1/reports/{report['id']}")).json()
    assert seen["reporter"] == RIDER_NAME and seen["reporter_phone"] == "139****0005"
    opened = await worker.post(f"/api/v1/reports/{report['id']}/reporter-phone")
    assert opened.status_code == 200 and opened.json() == {"phone": RIDER_PHONE}
    events = await ReportEvent.filter(report_id=report["id"], action="phone_viewed").values_list("actor_id", flat=True)
    assert events == [world.accounts["community_worker"].id]
    # The rider does not open his own number through this door; another community's worker cannot.
    assert (await rider.post(f"/api/v1/reports/{report['id']}/reporter-phone")).status_code == 403
    other = await as_role("other_admin")
    assert (await other.post(f"/api/v1/reports/{report['id']}/reporter-phone")).status_code == 404
