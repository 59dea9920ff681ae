"""Response templates: short replies the admin (for the district) and community workers (for
their community) keep per category and pick in the triage screen."""

from server.reports.models import ResponseTemplate


async def test_workers_keep_and_pick_replies_of_their_scope(as_role, world):
    admin, worker = await as_role("admin"), await as_role("community_worker")
    everywhere = await admin.post("/api/v1/report-templates", json={"text": "已收到,正在核实"})
    assert everywhere.status_code == 201 and everywhere.json()["category"] is None
    mine = await worker.post("/api/v1/report-templates", json={"text": "已通知物业,24小时内处理", "category": "sanitation"})
    assert mine.status_code == 201 and mine.json()["category"] == "sanitation"
    lights = await worker.post("/api/v1/report-templates", json={"text": "已转市政路灯所", "category": "street_light"})
    picked = (await worker.get("/api/v1/report-templates", params={"category": "sanitation"})).json()
    assert [t["text"] for t in picked] == ["已收到,正在核实", "已通知物业,24小时内处理"]
    # Another district's admin sees none of them; a community of the same street does not see this one's.
    other = await as_role("other_admin")
    assert (await other.get("/api/v1/report-templates")).json() == []
    # Bad input: an unknown category, an empty text; riders and fixers keep no replies.
    assert (await worker.post("/api/v1/report-templates", json={"text": "x", "category": "ufo"})).status_code == 422
    assert (await worker.post("/api/v1/report-templates", json={"text": "   "})).status_code == 422
    for role in ("rider", "property_staff", "station_head"):
        assert (await (await as_role(role)).get("/api/v1/report-templates")).status_code == 403, role
    # The worker removes his own; the district's is not his to remove.
    assert (await worker.delete(f"/api/v1/report-templates/{lights.json()['id']}")).status_code == 204
    assert (await worker.delete(f"/api/v1/report-templates/{everywhere.json()['id']}")).status_code == 404
    assert await ResponseTemplate.all().count() == 2


async def test_a_reply_longer_than_200_characters_is_refused(as_role):
    worker = await as_role("community_worker")
    r = await worker.post("/api/v1/report-templates", json={"text": "长" * 201})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "text"
    assert await ResponseTemplate.all().count() == 0
