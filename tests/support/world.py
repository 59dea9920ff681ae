"""A small but complete organisation to test against: two districts, so that "outside my
scope" is real, and one account per role."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from server.accounts.models import Account
from server.accounts.service import create_account
from server.core.roles import Role
from server.org.models import NodeKind, OrgNode, Platform
from server.org.service import create_node

PASSWORD = "correct-horse-1"


@dataclass
class World:
    district: OrgNode
    street: OrgNode
    community: OrgNode
    community_b: OrgNode
    company: OrgNode
    station: OrgNode
    station_b: OrgNode
    other_district: OrgNode
    other_community: OrgNode
    other_station: OrgNode
    accounts: dict[str, Account] = field(default_factory=dict)

    def login(self, key: str) -> str:
        account = self.accounts[key]
        return account.username or account.phone


async def _node(kind: NodeKind, name: str, parent: OrgNode | None = None, **extra) -> OrgNode:
    return await create_node(None, kind=kind, name=name, parent_id=parent.id if parent else None, **extra)


async def build_world() -> World:
    district = await _node(NodeKind.DISTRICT, "天山区")
    street = await _node(NodeKind.STREET, "碱泉街道", district)
    community = await _node(NodeKind.COMMUNITY, "红桥社区", street)
    community_b = await _node(NodeKind.COMMUNITY, "碱泉二社区", street)
    company = await _node(NodeKind.PROPERTY_COMPANY, "红桥物业", community)
    station = await _node(NodeKind.DELIVERY_STATION, "日月星光站", community, platform=Platform.MEITUAN)
    station_b = await _node(NodeKind.DELIVERY_STATION, "二社区站", community_b, platform=Platform.ELEME)
    other_district = await _node(NodeKind.DISTRICT, "沙依巴克区")
    other_street = await _node(NodeKind.STREET, "友好南路街道", other_district)
    other_community = await _node(NodeKind.COMMUNITY, "友好社区", other_street)
    other_station = await _node(NodeKind.DELIVERY_STATION, "友好站", other_community, platform=Platform.SF)
    world = World(district, street, community, community_b, company, station, station_b,
                  other_district, other_community, other_station)
    specs = [
        ("admin", Role.ADMIN, None, "admin1", district),
        ("community_worker", Role.COMMUNITY_WORKER, "13900000002", "worker1", community),
        ("station_head", Role.STATION_HEAD, "13900000003", "head1", station),
        ("property_staff", Role.PROPERTY_STAFF, "13900000004", "wuye1", company),
        ("rider", Role.RIDER, "13900000005", None, station),
        ("resident", Role.RESIDENT, "13900000006", None, community),
        ("rider_b", Role.RIDER, "13900000015", None, station_b),
        ("other_admin", Role.ADMIN, None, "admin2", other_district),
        ("other_rider", Role.RIDER, "13900000025", None, other_station),
    ]
    for key, role, phone, username, scope in specs:
        world.accounts[key] = await create_account(
            None, role=role, name=f"测试{key}", password=PASSWORD, phone=phone, username=username,
            scope_id=scope.id,
        )
    return world


async def sign_in(client: httpx.AsyncClient, login: str, password: str = PASSWORD) -> dict:
    """Sign ``client`` in by cookie and make it send the CSRF header from then on."""
    response = await client.post("/api/v1/auth/sign-in", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    client.headers["X-CSRF-Token"] = body["csrf_token"]
    return body
