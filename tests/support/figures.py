"""A month whose figures were counted by hand: October 2026 (Beijing time) in 红桥社区.

Everything is done through the API as people would do it; afterwards the moments are set
to October (the flows ran today), so that each interval is exactly what the comment says.

Reports (all from the rider of 日月星光站, meituan; first response in brackets):
  R1 verified, assigned, resolved at exactly +24 h, the rider says fixed      (+1 h)
  R2 verified, assigned, resolved at +30 h, still resolved                   (+2 h)
  R3 rejected                                                               (+30 min)
  R4 duplicate of R1                                                        (+1 h)
  R5 verified, assigned, resolved at +5 h, not fixed (reopened), resolved
     again at +50 h, fixed                                                  (+1 h)
  R6 verified, then closed without a fix                                    (+2 h)
  R7 street light, verified, assigned, deadline long past: overdue; sent at
     23:30 on 31 October, Beijing time (15:30 UTC): it belongs to October    (+3 h)
  R8 only sent, at 00:10 on 1 October Beijing (30 September UTC)
  R9 sent at 00:05 on 1 November Beijing (31 October UTC): not October
  R10 in 碱泉二社区 by the eleme rider, verified                             (+1 h)
红桥社区 in October: received 8, leads 5 (R1 R2 R5 R6 R7), fixed 3 (R1 R2 R5), within 24 h 2
(R1 at exactly 24 h, R5 first resolved at 5 h) = 40 %, overdue 1, reopened 1, rejected 1,
duplicate 1; first response minutes 30 60 60 60 120 120 180 → p50 60, p90 180; fix minutes
300 1440 1800 → p50 1440, p90 1800. The district adds R10: received 9, leads 6.

Wishes at the station's place (activity in October):
  W1 written and published 3 Oct, claimed 5 Oct by a resident, fulfilled 6 Oct, lit 7 Oct
  W2 written and published 10 Oct, claimed 11 Oct by a merchant, the claim expired 18 Oct
  W3 written 20 Oct, rejected
  W4 written and published 28 Sep, claimed 2 Oct by a party member, fulfilled 4 Oct
  W5 written 23:30 on 31 Oct Beijing; W6 written 00:05 on 1 Nov Beijing
October: collected 4 (W1 W2 W3 W5), published 2, claimed 3 (resident, merchant, party member),
fulfilled 2, lit 1, expired 1; days to claim 2, 1, 4 → median 2.

Points (all lines dated 15 October): the rider earns 5 × 10 for verified reports, 3 × 5 for
resolved ones (R1 R2 R5) and 5 for the training; the resident 10 for W1: awarded 80 in
红桥社区; the rider's 20-point reward handed over on 16 October: redeemed 20. Riders active:
1 in 红桥社区 (2 in the district). One training on 20 October with one attendee.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from server.core.clock import BEIJING
from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.points.models import LedgerEntry
from server.reports.models import Report
from server.rewards.models import Redemption
from server.wishes.claims import expire_claims
from server.wishes.models import Wish, WishClaim
from tests.support.photos import camera_jpeg
from tests.support.reports import send_report

H = timedelta(hours=1)


def october(day: int, hour: int = 10) -> datetime:
    """``hour`` o'clock Beijing time on a day of October 2026."""
    return datetime(2026, 10, day, hour, tzinfo=BEIJING).astimezone(UTC)


LAST_EVENING = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)     # 23:30 on 31 October, Beijing
FIRST_MORNING = datetime(2026, 9, 30, 16, 10, tzinfo=UTC)     # 00:10 on 1 October, Beijing
NOVEMBER_FIRST = datetime(2026, 10, 31, 16, 5, tzinfo=UTC)    # 00:05 on 1 November, Beijing

COMMUNITY = {"received": 8, "leads": 5, "fixed": 3, "within_24h": 2, "within_24h_share": 0.4, "overdue_now": 1,
             "reopened": 1, "rejected": 1, "duplicate": 1,
             "first_response_minutes": {"p50": 60, "p90": 180}, "fix_minutes": {"p50": 1440, "p90": 1800}}
WISHES = {"collected": 4, "published": 2, "claimed": 3, "fulfilled": 2, "lit": 1, "expired": 1, "claim_days_p50": 2.0,
          "claimed_by_kind": {"resident": 1, "party_member": 1, "merchant": 1, "partner_unit": 0}}


async def act(client, report_id: int, action: str, **body) -> dict:
    r = await client.post(f"/api/v1/reports/{report_id}/actions/{action}", json=body)
    assert r.status_code == 200, r.text
    return r.json()


async def set_report(report_id: int, created: datetime, response: timedelta | None = None, **moments) -> None:
    """The report's times: sent at ``created``; each other moment as an offset from it."""
    changes = {"created_at": created}
    if response is not None:
        changes["first_response_at"] = created + response
    for name, offset in moments.items():
        changes[name] = None if offset is None else created + offset
    await Report.filter(id=report_id).update(**changes)


async def build_october(as_role, world, client) -> dict:
    rider, rider_b = await as_role("rider"), await as_role("rider_b")
    worker, resident, head = await as_role("community_worker"), await as_role("resident"), await as_role("station_head")
    admin = await as_role("admin")
    _, place = await create_place(None, PlaceInput(kind=PlaceKind.RIDER_STATION, name="日月星光骑手驿站",
                                                   community_id=world.community.id, station_id=world.station.id))
    _, place_b = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="二社区1号楼",
                                                     community_id=world.community_b.id))
    company = {"company_id": world.company.id}
    ids = {}
    for n in range(1, 10):
        ids[n] = (await send_report(rider, place, "street_light" if n == 7 else "sanitation"))["id"]
    ids[10] = (await send_report(rider_b, place_b))["id"]
    for n in (1, 2, 5, 6, 7, 10):
        await act(admin if n == 10 else worker, ids[n], "verify")
    for n in (1, 2, 5, 7):
        await act(worker, ids[n], "assign", **company)
    staff = await as_role("property_staff")
    # R2 gets an "after" photo from the company: the monthly report's before/after pair.
    after = await staff.post(f"/api/v1/reports/{ids[2]}/after-photo",
                             files={"photo": ("after.jpg", camera_jpeg(640, 480), "image/jpeg")})
    assert after.status_code == 201, after.text
    for n in (1, 2, 5):
        await act(staff, ids[n], "resolve", note="已处理")
    await act(rider, ids[1], "fixed")
    await act(rider, ids[5], "not_fixed", note="还没修好")
    await act(worker, ids[5], "assign", **company)
    await act(staff, ids[5], "resolve", note="再次处理")
    await act(rider, ids[5], "fixed")
    await act(worker, ids[3], "reject", note="不是问题")
    await act(worker, ids[4], "duplicate", duplicate_of=ids[1])
    await act(worker, ids[6], "close", note="无需处理")

    day = october(8)
    await set_report(ids[1], day, H, verified_at=H, first_resolved_at=24 * H, resolved_at=24 * H, closed_at=25 * H)
    await set_report(ids[2], day, 2 * H, verified_at=2 * H, first_resolved_at=30 * H, resolved_at=30 * H)
    await set_report(ids[3], day, H / 2)
    await set_report(ids[4], day, H)
    await set_report(ids[5], day, H, verified_at=H, first_resolved_at=5 * H, reopened_at=6 * H,
                     resolved_at=50 * H, closed_at=51 * H)
    await set_report(ids[6], day, 2 * H, verified_at=2 * H, closed_at=2 * H)
    await set_report(ids[7], LAST_EVENING, 3 * H, verified_at=3 * H, deadline_at=24 * H)
    await set_report(ids[8], FIRST_MORNING)
    await set_report(ids[9], NOVEMBER_FIRST)
    await set_report(ids[10], day, H, verified_at=H)

    wishes = await _october_wishes(rider, worker, head, resident, client, place)
    # A reward handed over, a training held; then every ledger line into mid-October.
    reward = (await head.post("/api/v1/rewards", json={"name": "雨衣", "cost": 20, "stock": 3})).json()
    code = (await rider.post(f"/api/v1/rewards/{reward['id']}/redeem", json={})).json()["code"]
    assert (await head.post(f"/api/v1/redemptions/{code}/confirm")).status_code == 200
    await Redemption.filter(code=code).update(created_at=october(16), closed_at=october(16))
    training = await head.post("/api/v1/points/trainings", json={"title": "安全培训", "held_on": "2026-10-20",
                                                                 "account_ids": [world.accounts["rider"].id]})
    assert training.status_code == 201, training.text
    await LedgerEntry.all().update(created_at=october(15))
    return {"reports": ids, "wishes": wishes, "code": place}


async def _october_wishes(rider, worker, head, resident, client, place) -> dict:
    async def written(title: str) -> int:
        r = await rider.post("/api/v1/wishes", data={"code": place, "category": "charging", "title": title,
                                                     "idempotency_key": uuid.uuid4().hex})
        assert r.status_code == 201, r.text
        return r.json()["wish"]["id"]

    async def publish(wish_id: int) -> None:
        assert (await head.post(f"/api/v1/wishes/{wish_id}/review/publish")).status_code == 200

    async def claim(claimer, wish_id: int, kind: str) -> str:
        r = await claimer.post(f"/api/v1/wishes/{wish_id}/claims", json={
            "name": "李大姐", "phone": "13912345678", "kind": kind, "consent": True})
        assert r.status_code == 201, r.text
        return r.json()["token"]

    w = {n: await written(f"心愿{n}") for n in range(1, 7)}
    for n in (1, 2, 4):
        await publish(w[n])
    assert (await head.post(f"/api/v1/wishes/{w[3]}/review/reject", json={"note": "不合适"})).status_code == 200
    token1 = await claim(resident, w[1], "resident")
    assert (await client.post(f"/api/v1/claims/{token1}/fulfil", data={"note": "送到了"})).status_code == 200
    assert (await rider.post(f"/api/v1/wishes/{w[1]}/thank", json={"thanks": "谢谢李大姐!"})).status_code == 200
    await claim(client, w[2], "merchant")
    token4 = await claim(client, w[4], "party_member")
    assert (await client.post(f"/api/v1/claims/{token4}/fulfil", data={"note": "好了"})).status_code == 200
    # W2's claim ran out: as the housekeeping would have closed it.
    await WishClaim.filter(wish_id=w[2]).update(expires_at=datetime.now(UTC) - H)
    await expire_claims()

    async def wish_times(n, created, published=None, fulfilled=None, thanked=None):
        await Wish.filter(id=w[n]).update(created_at=created, published_at=published, fulfilled_at=fulfilled,
                                          thanked_at=thanked, claimed_at=None)

    await wish_times(1, october(3), october(3), october(6), october(7))
    await WishClaim.filter(wish_id=w[1]).update(created_at=october(5), closed_at=october(6))
    await wish_times(2, october(10), october(10))
    await WishClaim.filter(wish_id=w[2]).update(created_at=october(11), closed_at=october(18))
    await wish_times(3, october(20))
    await wish_times(4, october(10) - 12 * 24 * H, october(10) - 12 * 24 * H, october(4))  # 28 September
    await WishClaim.filter(wish_id=w[4]).update(created_at=october(2), closed_at=october(4))
    await wish_times(5, LAST_EVENING)
    await wish_times(6, NOVEMBER_FIRST)
    return w
