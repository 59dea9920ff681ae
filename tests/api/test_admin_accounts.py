"""The admin manages accounts through the API: create, list, edit, disable, reset."""

from server.accounts.models import Account, Session
from server.core.passwords import verify_password
from tests.conftest import make_client
from tests.support.world import PASSWORD, sign_in


async def test_create_staff_account_with_username(as_role, world):
    admin = await as_role("admin")
    r = await admin.post("/api/v1/accounts", json={
        "role": "community_worker", "name": "新社工", "username": "New.Worker", "password": "work-hard-8",
        "scope_id": world.community_b.id,
    })
    assert r.status_code == 201, r.text
    account = await Account.get(username="new.worker").select_related("scope")
    assert account.scope.id == world.community_b.id and account.phone is None
    assert account.password_hash.startswith("scrypt$") and "work-hard-8" not in account.password_hash


async def test_role_must_fit_the_scope(as_role, world):
    admin = await as_role("admin")
    cases = [
        ("station_head", world.community.id),
        ("property_staff", world.station.id),
        ("rider", world.community.id),
        ("community_worker", world.station.id),
    ]
    for role, scope_id in cases:
        r = await admin.post("/api/v1/accounts", json={
            "role": role, "name": "x", "phone": "13712345678", "password": "work-hard-8", "scope_id": scope_id,
        })
        assert r.status_code == 422, (role, r.text)
        assert r.json()["errors"][0] == {"field": "scope_id", "code": "invalid_scope",
                                         "message": "所属单位与角色不匹配。"}
    assert not await Account.filter(phone="13712345678").exists()


async def test_a_district_admin_cannot_create_unscoped_accounts(as_role, world):
    admin = await as_role("admin")
    r = await admin.post("/api/v1/accounts", json={
        "role": "admin", "name": "超级", "username": "root2", "password": "work-hard-8"})
    assert r.status_code == 403
    assert not await Account.filter(username="root2").exists()


async def test_account_needs_a_way_to_sign_in(as_role, world):
    admin = await as_role("admin")
    r = await admin.post("/api/v1/accounts", json={
        "role": "station_head", "name": "无名", "password": "work-hard-8", "scope_id": world.station.id})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "login_required"


async def test_duplicate_phone_or_username_is_a_conflict(as_role, world):
    admin = await as_role("admin")
    r = await admin.post("/api/v1/accounts", json={
        "role": "station_head", "name": "重复", "phone": "139 0000 0005", "password": "work-hard-8",
        "scope_id": world.station.id})
    assert r.status_code == 409 and r.json()["code"] == "phone_taken"
    r = await admin.post("/api/v1/accounts", json={
        "role": "station_head", "name": "重复", "username": "HEAD1", "password": "work-hard-8",
        "scope_id": world.station.id})
    assert r.status_code == 409 and r.json()["code"] == "username_taken"
    r = await admin.patch(f"/api/v1/accounts/{world.accounts['rider_b'].id}", json={"phone": "13900000005"})
    assert r.status_code == 409
    assert (await Account.get(id=world.accounts["rider_b"].id)).phone == "13900000015"


async def test_edit_move_and_disable(as_role, world):
    admin = await as_role("admin")
    rider_id = world.accounts["rider"].id
    r = await admin.patch(f"/api/v1/accounts/{rider_id}",
                          json={"name": "艾力", "phone": "+86 13711112222", "scope_id": world.station_b.id})
    assert r.status_code == 200, r.text
    account = await Account.get(id=rider_id).select_related("scope")
    assert (account.name, account.phone, account.scope.id) == ("艾力", "13711112222", world.station_b.id)

    r = await admin.patch(f"/api/v1/accounts/{rider_id}", json={"role": "station_head"})
    assert r.status_code == 200 and r.json()["role"] == "station_head"
    r = await admin.patch(f"/api/v1/accounts/{rider_id}", json={"role": "resident"})
    assert r.status_code == 422  # a station is no scope for a resident
    assert (await Account.get(id=rider_id)).role == "station_head"

    r = await admin.patch(f"/api/v1/accounts/{world.accounts['admin'].id}", json={"is_active": False})
    assert r.status_code == 409 and r.json()["code"] == "cannot_disable_self"
    for change in ({"role": "community_worker"}, {"scope_id": world.station_b.id}):
        r = await admin.patch(f"/api/v1/accounts/{world.accounts['admin'].id}", json=change)
        assert r.status_code == 409 and r.json()["code"] == "cannot_change_own_role"
    r = await admin.patch(f"/api/v1/accounts/{world.accounts['admin'].id}", json={"name": "管理员"})
    assert r.status_code == 200  # his own name he may change
    assert (await Account.get(id=world.accounts["admin"].id)).role == "admin"


async def test_reset_password_gives_a_temporary_one_and_signs_out(app, as_role, world):
    rider = await as_role("rider")
    admin = await as_role("admin")
    rider_id = world.accounts["rider"].id
    r = await admin.post(f"/api/v1/accounts/{rider_id}/reset-password")
    assert r.status_code == 200
    temporary = r.json()["temporary_password"]
    assert len(temporary) == 10
    assert await Session.filter(account_id=rider_id).count() == 0
    assert (await rider.get("/api/v1/auth/me")).status_code == 401
    account = await Account.get(id=rider_id)
    assert await verify_password(temporary, account.password_hash)
    assert not await verify_password(PASSWORD, account.password_hash)

    own = await admin.post(f"/api/v1/accounts/{world.accounts['admin'].id}/reset-password")
    assert own.status_code == 409 and own.json()["code"] == "cannot_reset_own_password"
    assert (await admin.get("/api/v1/auth/me")).status_code == 200  # still signed in, password unchanged
    async with make_client(app) as c:
        await sign_in(c, world.login("rider"), temporary)


async def test_filters_on_the_account_list(as_role, world):
    admin = await as_role("admin")
    r = await admin.get("/api/v1/accounts", params={"role": "rider"})
    assert {item["id"] for item in r.json()["items"]} == {world.accounts["rider"].id, world.accounts["rider_b"].id}
    r = await admin.get("/api/v1/accounts", params={"role": "pilot"})
    assert r.status_code == 422
    r = await admin.get("/api/v1/accounts", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_cursor"
    r = await admin.get("/api/v1/accounts", params={"limit": 1000})
    assert r.status_code == 422


async def test_accounts_are_found_by_phone_login_or_name(as_role, world):
    admin = await as_role("admin")
    for q, expected in (("139 0000 0005", "rider"), ("HEAD1", "station_head"), ("station_head", "station_head")):
        found = (await admin.get("/api/v1/accounts", params={"q": q})).json()["items"]
        assert [a["id"] for a in found] == [world.accounts[expected].id], q
    assert (await admin.get("/api/v1/accounts", params={"q": "13900000025"})).json()["items"] == []  # outside scope
