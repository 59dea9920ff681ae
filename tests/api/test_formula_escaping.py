"""Every export keeps text a spreadsheet would run as a formula as text: a cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, in
the places, ledger, figures, reports and volunteer-records exports alike."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from server.accounts.models import Account
from server.locations.models import Place, PlaceKind
from server.locations.service import PlaceInput, create_place
from server.org.models import OrgNode
from server.points.service import adjust
from server.reports.models import Report
from tests.support.reports import send_report


def cells(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row}


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"], ids=["equals", "plus", "minus", "at", "tab", "cr"])
async def test_every_export_keeps_formula_starts_as_text(as_role, world, start):
    admin, worker, rider = await as_role("admin"), await as_role("community_worker"), await as_role("rider")
    _, code = await create_place(None, PlaceInput(kind=PlaceKind.BUILDING, name="3号楼", community_id=world.community.id))
    report = await send_report(rider, code)
    await adjust(world.accounts["rider"].id, 10, "grant", made_by=None)
    moment = datetime.now(UTC)
    task = await worker.post("/api/v1/tasks", json={
        "kind": "publicity", "title": "发传单", "starts_at": (moment - timedelta(hours=1)).isoformat(),
        "ends_at": (moment + timedelta(hours=6)).isoformat(), "quota": 1, "points": 5, "proof": "text"})
    share = (await rider.post(f"/api/v1/tasks/{task.json()['id']}/claims", json={})).json()["id"]
    await rider.post(f"/api/v1/task-shares/{share}/proof", data={"text": "发完了"})
    assert (await worker.post(f"/api/v1/task-shares/{share}/confirm", json={})).status_code == 200
    # Names as an import or an older version may have stored them, outside the forms' trimming.
    rider_name, place_name, community_name, station_name, text = (
        f"{start}SUM(A1)", f"{start}cmd|' /C calc'!A0", f"{start}1+2", f"{start}HYPERLINK(\"http://x\")",
        f"{start}WEBSERVICE(\"http://x\")")
    await Account.filter(id=world.accounts["rider"].id).update(name=rider_name)
    await Place.filter(name="3号楼").update(name=place_name)
    await OrgNode.filter(id=world.community.id).update(name=community_name)
    await OrgNode.filter(id=world.station.id).update(name=station_name)
    await Report.filter(id=report["id"]).update(description=text)

    exports = {
        "places": (await admin.get("/api/v1/places/export.csv"), [place_name, community_name]),
        "ledger": (await admin.get("/api/v1/points/ledger.csv"), [rider_name]),
        "figures": (await admin.get("/api/v1/exports/figures.csv"), [community_name]),
        "reports": (await admin.get("/api/v1/exports/reports.csv"), [text, place_name, community_name]),
        "records": (await worker.get("/api/v1/volunteer/records/csv"), [rider_name, station_name]),
    }
    for name, (response, values) in exports.items():
        found = cells(response)
        for value in values:
            assert "'" + value in found and value not in found, (name, value)
