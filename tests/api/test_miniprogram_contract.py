"""The mini-program's contract (docs/MINIPROGRAM.md), call by call in the order the document
gives them, as a mini-program makes them: no cookie jar (``wx.request`` keeps none), the
session token as a bearer header, photos through ``wx.uploadFile`` (one file per call, the
other fields as ``formData``), WeChat's answers passed on as they came. If this test has to
change, the document does too."""

import json
import uuid

import httpx
import pytest

from server.locations.models import PlaceKind
from server.locations.service import PlaceInput, create_place
from server.notifications.models import SubscribeConsent
from tests.support.photos import camera_jpeg

TEMPLATE = "tmpl-report-status-01"
PHOTO = camera_jpeg(1200, 900)


class MiniProgram:
    """``wx.request`` and ``wx.uploadFile`` as the mini-program calls them."""

    def __init__(self, app):
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver",
                                      cookies=None)
        self.token: str | None = None

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(self, method: str, path: str, data: dict | None = None) -> httpx.Response:
        answer = await self.http.request(method, path, json=data, headers=self.headers())
        self.http.cookies.clear()  # wx.request keeps no cookies
        return answer

    async def upload_file(self, path: str, name: str, content: bytes, form_data: dict) -> httpx.Response:
        answer = await self.http.post(path, data=form_data, files={name: ("tmp_wx.jpg", content, "image/jpeg")},
                                      headers=self.headers())
        self.http.cookies.clear()
        return answer


@pytest.fixture
async def mini(app):
    program = MiniProgram(app)
    yield program
    await program.http.aclose()


@pytest.fixture
async def poster_code(world):
    _, made = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="红桥3号楼", community_id=world.community.id))
    return made


async def test_the_calls_of_docs_miniprogram_md_in_their_order(app, mini, world, poster_code, fresh_wechat, as_role):
    wechat = fresh_wechat
    wechat.templates = {TEMPLATE: {"character_string1", "thing2"}}
    admin = await as_role("admin")
    await admin.put("/api/v1/wechat/templates/report_status", json={
        "template_id": TEMPLATE, "fields": {"character_string1": "number", "thing2": "sentence"},
        "page": "pages/report/detail?id={id}"})

    # 1. Sign in: wx.login's code → a registration token for a new WeChat user.
    first = await mini.request("POST", "/api/v1/wechat/session",
                               {"code": wechat.login_code("wx-code-1", "o-mini-1"), "bearer": True})
    assert first.status_code == 200 and first.json()["registered"] is False
    ticket = first.json()["registration_token"]

    # 2. Registration: the stations to choose from, then the rider's details with the token.
    stations = await mini.request("GET", "/api/v1/org/nodes?kind=delivery_station")
    assert stations.status_code == 200
    station_id = next(s["id"] for s in stations.json() if s["id"] == world.station.id)
    registered = await mini.request("POST", "/api/v1/auth/register", {
        "name": "买买提·艾力", "phone": "13512340077", "password": "ride-safe-2026", "station_id": station_id,
        "consent": True, "wechat_token": ticket, "bearer": True})
    assert registered.status_code == 201, registered.text
    assert "set-cookie" not in registered.headers and "csrf_token" not in registered.json()
    mini.token = registered.json()["token"]

    # Next launch: wx.login again signs the bound account in.
    mini.token = None
    again = await mini.request("POST", "/api/v1/wechat/session",
                               {"code": wechat.login_code("wx-code-2", "o-mini-1"), "bearer": True})
    assert again.json()["registered"] is True
    mini.token = again.json()["signed_in"]["token"]
    me = await mini.request("GET", "/api/v1/auth/me")
    assert me.status_code == 200 and me.json()["account"]["name"] == "买买提·艾力"

    # 3. The scene of the poster's mini-program code → the place.
    place = await mini.request("GET", f"/api/v1/codes/{poster_code}")
    assert place.status_code == 200 and place.json()["place"]["name"] == "红桥3号楼"
    unknown = await mini.request("GET", "/api/v1/codes/NOSUCHCODE")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"

    # 4. A report: wx.uploadFile with the photo as "photos" and the rest as formData; the
    # same idempotency key sent again (the network dropped the answer) is the same report.
    key = uuid.uuid4().hex
    form = {"code": poster_code, "category": "sanitation", "description": "楼道堆物", "idempotency_key": key}
    sent = await mini.upload_file("/api/v1/reports", "photos", PHOTO, form)
    assert sent.status_code == 201, sent.text
    report = json.loads(sent.text)  # wx.uploadFile gives the body as a string
    resent = await mini.upload_file("/api/v1/reports", "photos", PHOTO, form)
    assert resent.status_code == 200 and json.loads(resent.text)["id"] == report["id"]
    detail = await mini.request("GET", f"/api/v1/reports/{report['id']}")
    assert len(detail.json()["photos"]) == 1

    # 5. A wish without a photo is a plain form post; with one, wx.uploadFile's "photo".
    wish = await mini.http.post("/api/v1/wishes", headers=mini.headers(), data={
        "code": poster_code, "category": "charging", "title": "想要一个充电的地方", "idempotency_key": uuid.uuid4().hex})
    assert wish.status_code == 201, wish.text

    # 6. Subscribe messages: the templates to ask about, then WeChat's answers as they came.
    offered = await mini.request("GET", "/api/v1/wechat/subscriptions")
    assert [t["template_id"] for t in offered.json()] == [TEMPLATE]
    answered = await mini.request("POST", "/api/v1/wechat/subscriptions",
                                  {"answers": {TEMPLATE: "accept", "errMsg": "requestSubscribeMessage:ok"}})
    assert answered.status_code == 200 and answered.json()[0]["remaining"] == 1
    assert await SubscribeConsent.filter(template_id=TEMPLATE, remaining=1).count() == 1

    # 7. Errors are problem documents: a code to act on, a message to show, the fields.
    bad = await mini.upload_file("/api/v1/reports", "photos", b"not a photo", {**form, "idempotency_key": uuid.uuid4().hex})
    problem = bad.json()
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    assert {"status", "code", "detail"} <= set(problem) and problem["errors"][0]["field"] == "photos[0]"
    stranger = MiniProgram(app)
    anonymous = await stranger.request("GET", "/api/v1/auth/me")
    await stranger.http.aclose()
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_signed_in"
