from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Router, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from server.core.patching import changes_of
from server.core.roles import Role
from server.core.security import current_principal, require_roles
from server.org import service
from server.org.models import NodeKind, Platform
from server.org.schemas import NodeCreate, NodeOut, NodeUpdate


class OrgController(Controller):
    """The organisation tree. Reading is public (riders choose their station when they
    register; walls show community names); changing it is the admin's."""

    path = "/api/v1/org/nodes"
    tags = ["org"]

    @get("/")
    async def list_nodes(
        self,
        kind: Annotated[NodeKind | None, QueryParameter()] = None,
        parent_id: Annotated[int | None, QueryParameter()] = None,
        platform: Annotated[Platform | None, QueryParameter()] = None,
        include_inactive: Annotated[bool, QueryParameter()] = False,
    ) -> list[NodeOut]:
        """Nodes in tree order (each parent before its children)."""
        found = await service.list_nodes(kind=kind, parent_id=parent_id, platform=platform,
                                         include_inactive=include_inactive)
        return [NodeOut.of(node) for node in found]

    @get("/{node_id:int}")
    async def get_node(self, node_id: FromPath[int]) -> NodeOut:
        return NodeOut.of(await service.get_node(node_id))

    @post("/", guards=[require_roles(Role.ADMIN)], status_code=HTTP_201_CREATED)
    async def create_node(self, request: Request, data: JSONBody[NodeCreate]) -> NodeOut:
        node = await service.create_node(
            current_principal(request), kind=data.kind, name=data.name, parent_id=data.parent_id,
            name_ug=data.name_ug, name_en=data.name_en, platform=data.platform,
        )
        return NodeOut.of(node)

    @patch("/{node_id:int}", guards=[require_roles(Role.ADMIN)])
    async def update_node(self, request: Request, node_id: FromPath[int], data: JSONBody[NodeUpdate]) -> NodeOut:
        node = await service.update_node(current_principal(request), node_id, changes_of(data))
        return NodeOut.of(node)


router = Router(path="/", route_handlers=[OrgController])
