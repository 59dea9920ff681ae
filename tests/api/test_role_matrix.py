"""What each role may do: allowed → 2xx; not allowed → 403; outside its scope → 404;
not signed in → 401. One row per action, one column per role."""

import pytest

from server.accounts.models import Account
from server.org.models import OrgNode

ROLES = ["admin", "community_worker", "station_head", "property_staff", "rider", "resident", None]


def expect(admin, worker, head, staff, rider, resident, anonymous=401):
    return dict(zip(ROLES, [admin, worker, head, staff, rider, resident, anonymous], strict=True))


# (name, method, url template, body template, expected status per role)
MATRIX = [
    ("who am I", "GET", "/api/v1/auth/me", None, expect(200, 200, 200, 200, 200, 200)),
    ("read the org tree", "GET", "/api/v1/org/nodes", None, expect(200, 200, 200, 200, 200, 200, 200)),
    ("add a street", "POST", "/api/v1/org/nodes",
     {"kind": "street", "name": "新街道{n}", "parent_id": "{district}"}, expect(201, 403, 403, 403, 403, 403)),
    ("rename a community", "PATCH", "/api/v1/org/nodes/{community}", {"name": "红桥社区{n}"},
     expect(200, 403, 403, 403, 403, 403)),
    ("rename a community of another district", "PATCH", "/api/v1/org/nodes/{other_community}",
     {"name": "友好社区{n}"}, expect(404, 403, 403, 403, 403, 403)),
    ("list accounts", "GET", "/api/v1/accounts", None, expect(200, 200, 200, 403, 403, 403)),
    ("see a rider of my station", "GET", "/api/v1/accounts/{rider}", None,
     expect(200, 200, 200, 403, 403, 403)),
    ("see a rider of another community", "GET", "/api/v1/accounts/{rider_b}", None,
     expect(200, 404, 404, 403, 403, 403)),
    ("see a rider of another district", "GET", "/api/v1/accounts/{other_rider}", None,
     expect(404, 404, 404, 403, 403, 403)),
    ("create an account", "POST", "/api/v1/accounts",
     {"role": "rider", "name": "新骑手", "phone": "1370000000{i}", "password": "ride-safe-77",
      "scope_id": "{station}"}, expect(201, 403, 403, 403, 403, 403)),
    ("create an account in another district", "POST", "/api/v1/accounts",
     {"role": "rider", "name": "新骑手", "phone": "1360000000{i}", "password": "ride-safe-77",
      "scope_id": "{other_station}"}, expect(404, 403, 403, 403, 403, 403)),
    ("edit an account", "PATCH", "/api/v1/accounts/{rider}", {"name": "改名{n}"},
     expect(200, 403, 403, 403, 403, 403)),
    ("edit an account of another district", "PATCH", "/api/v1/accounts/{other_rider}", {"name": "改名{n}"},
     expect(404, 403, 403, 403, 403, 403)),
    ("reset a password", "POST", "/api/v1/accounts/{rider_b}/reset-password", None,
     expect(200, 403, 403, 403, 403, 403)),
    ("stock a reward", "POST", "/api/v1/rewards", {"name": "雨衣{n}", "cost": 10, "stock": 1, "owner_id": "{station}"},
     expect(201, 201, 201, 403, 403, 403)),
    ("stock a reward at another district's station", "POST", "/api/v1/rewards",
     {"name": "雨衣{n}", "cost": 10, "stock": 1, "owner_id": "{other_station}"}, expect(422, 422, 422, 403, 403, 403)),
    ("see the rewards", "GET", "/api/v1/rewards", None, expect(200, 200, 200, 200, 200, 200)),
    ("adjust points", "POST", "/api/v1/points/adjustments", {"account_id": "{rider}", "amount": 5, "note": "x"},
     expect(201, 403, 403, 403, 403, 403)),
    ("export the ledger", "GET", "/api/v1/points/ledger.csv", None, expect(200, 403, 403, 403, 403, 403)),
    ("a station's leaderboard", "GET", "/api/v1/points/leaderboard?node_id={station}", None,
     expect(200, 200, 200, 200, 200, 200)),
    ("the wish review queue", "GET", "/api/v1/wishes", None, expect(200, 200, 200, 403, 403, 403)),
    ("what riders are short of", "GET", "/api/v1/wishes/stats", None, expect(200, 200, 200, 403, 403, 403)),
    ("a community's wish wall", "GET", "/api/v1/walls/communities/{community}", None,
     expect(200, 200, 200, 200, 200, 200, 200)),
    ("my claims", "GET", "/api/v1/claims/mine", None, expect(200, 200, 200, 200, 200, 200)),
]


def _fill(template, ids: dict, index: int):
    if isinstance(template, dict):
        return {k: _fill(v, ids, index) for k, v in template.items()}
    if isinstance(template, str):
        text = template.format(n=index, i=index, **ids)
        return int(text) if template.startswith("{") and text.isdigit() else text
    return template


@pytest.mark.parametrize(("action", "method", "url", "body", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
async def test_role_matrix(app, world, as_role, client, action, method, url, body, expected):
    ids = {
        "district": world.district.id, "community": world.community.id,
        "other_community": world.other_community.id, "station": world.station.id,
        "other_station": world.other_station.id, "rider": world.accounts["rider"].id,
        "rider_b": world.accounts["rider_b"].id, "other_rider": world.accounts["other_rider"].id,
    }
    accounts_before = await Account.all().count()
    # Everyone signs in first: an action (a password reset) may lock a later caller out.
    callers = {role: await as_role(role) if role else client for role in ROLES}
    outcomes = {}
    for index, role in enumerate(ROLES):
        caller = callers[role]
        kwargs = {"json": _fill(body, ids, index)} if body is not None else {}
        response = await caller.request(method, _fill(url, ids, index), **kwargs)
        outcomes[role] = response.status_code
        if response.status_code >= 400:
            problem = response.json()
            assert problem["status"] == response.status_code and problem["code"], problem
    assert outcomes == expected, f"{action}: got {outcomes}"
    created = sum(1 for role, status in outcomes.items() if status == 201 and "accounts" in url)
    assert await Account.all().count() == accounts_before + created


async def test_account_lists_are_cut_to_the_callers_scope(world, as_role):
    expected = {
        "admin": {k for k in world.accounts if not k.startswith("other_")},
        "community_worker": {"community_worker", "station_head", "property_staff", "rider", "resident"},
        "station_head": {"station_head", "rider"},
    }
    by_id = {a.id: key for key, a in world.accounts.items()}
    for role, keys in expected.items():
        caller = await as_role(role)
        seen, cursor = set(), None
        while True:
            r = await caller.get("/api/v1/accounts", params={"limit": 2, **({"cursor": cursor} if cursor else {})})
            assert r.status_code == 200
            page = r.json()
            seen.update(by_id[item["id"]] for item in page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == keys, role


async def test_phone_numbers_are_masked_for_station_heads(world, as_role):
    rider_id = world.accounts["rider"].id
    head = await as_role("station_head")
    worker = await as_role("community_worker")
    assert (await head.get(f"/api/v1/accounts/{rider_id}")).json()["phone"] == "139****0005"
    assert (await worker.get(f"/api/v1/accounts/{rider_id}")).json()["phone"] == "13900000005"


async def test_forbidden_changes_leave_the_tree_untouched(world, as_role):
    worker = await as_role("community_worker")
    r = await worker.patch(f"/api/v1/org/nodes/{world.community.id}", json={"name": "被改"})
    assert r.status_code == 403
    assert (await OrgNode.get(id=world.community.id)).name == "红桥社区"
