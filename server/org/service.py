"""Rules of the organisation tree: which node hangs where, and who may change it."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.security import Principal, ensure_in_scope
from server.org.models import PARENT_KINDS, NodeKind, OrgNode, Platform

MAX_NODES = 2000


async def list_nodes(*, kind: NodeKind | None = None, parent_id: int | None = None, platform: Platform | None = None,
                     include_inactive: bool = False) -> list[OrgNode]:
    """Nodes in tree order (each parent before its children). The tree is public: riders
    choose their station when they register, walls show community names."""
    query = OrgNode.all()
    if kind is not None:
        query = query.filter(kind=kind)
    if parent_id is not None:
        query = query.filter(parent_id=parent_id)
    if platform is not None:
        query = query.filter(platform=platform)
    if not include_inactive:
        query = query.filter(is_active=True)
    return await query.order_by("path").limit(MAX_NODES)


async def get_node(node_id: int) -> OrgNode:
    node = await OrgNode.get_or_none(id=node_id)
    if node is None:
        raise not_found()
    return node


async def create_node(
    actor: Principal | None,
    *,
    kind: NodeKind,
    name: str,
    parent_id: int | None,
    name_ug: str | None = None,
    name_en: str | None = None,
    platform: Platform | None = None,
) -> OrgNode:
    """Add a node under ``parent_id``. ``actor`` None is the command line (no scope limit)."""
    parent = None
    expected_parent = PARENT_KINDS[kind]
    if expected_parent is None:
        if parent_id is not None:
            raise invalid("parent_id", "invalid_parent")
        if actor is not None and actor.scope_path is not None:
            raise forbidden()  # a district admin cannot create another district
    else:
        if parent_id is None:
            raise invalid("parent_id", "invalid_parent")
        parent = await OrgNode.get_or_none(id=parent_id)
        if parent is None:
            raise invalid("parent_id", "unknown_node")
        if actor is not None:
            ensure_in_scope(actor, parent.path)
        if parent.kind not in expected_parent:
            raise invalid("parent_id", "invalid_parent")
    _check_platform(kind, platform)
    try:
        async with in_transaction():
            node = await OrgNode.create(
                kind=kind, name=name.strip(), name_ug=name_ug, name_en=name_en,
                parent=parent, platform=platform,
            )
            node.path = f"{parent.path if parent else '/'}{node.id}/"
            await node.save(update_fields=["path"])
    except IntegrityError:
        raise conflict("name_taken") from None
    return node


async def update_node(actor: Principal, node_id: int, changes: dict) -> OrgNode:
    """Rename, translate, change a station's platform or (de)activate a node.

    Moving a node to another parent is not offered: every scope below it would move too.
    """
    node = await get_node(node_id)
    ensure_in_scope(actor, node.path)
    if "platform" in changes:
        _check_platform(node.kind, changes["platform"])
    for key, value in changes.items():
        setattr(node, key, value.strip() if key == "name" else value)
    try:
        await node.save(update_fields=list(changes) + ["updated_at"])
    except IntegrityError:
        raise conflict("name_taken") from None
    return node


def _check_platform(kind: NodeKind, platform: Platform | None) -> None:
    if kind == NodeKind.DELIVERY_STATION and platform is None:
        raise invalid("platform", "platform_required")
    if kind != NodeKind.DELIVERY_STATION and platform is not None:
        raise invalid("platform", "invalid_parent")


def parent_path(path: str) -> str:
    """``/1/4/9/`` → ``/1/4/``: the path of a node's parent."""
    return path.rstrip("/").rsplit("/", 1)[0] + "/"



def ensure_active(node: OrgNode, field_name: str) -> None:
    """New accounts and registrations may only join a node that is still active."""
    if not node.is_active:
        raise invalid(field_name, "node_inactive")
