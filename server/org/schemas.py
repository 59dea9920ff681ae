from __future__ import annotations

from typing import Annotated

import msgspec

from server.org.models import NodeKind, OrgNode, Platform

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
OtherName = Annotated[str, msgspec.Meta(max_length=150)]


class NodeCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: NodeKind
    name: Name
    parent_id: int | None = None
    name_ug: OtherName | None = None
    name_en: OtherName | None = None
    platform: Platform | None = None


class NodeUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    name_ug: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    name_en: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    platform: Platform | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class NodeOut(msgspec.Struct):
    id: int
    kind: NodeKind
    name: str
    name_ug: str | None
    name_en: str | None
    parent_id: int | None
    platform: Platform | None
    is_active: bool

    @classmethod
    def of(cls, node: OrgNode) -> NodeOut:
        return cls(
            id=node.id, kind=node.kind, name=node.name, name_ug=node.name_ug, name_en=node.name_en,
            parent_id=node.parent_id, platform=node.platform, is_active=node.is_active,
        )


class NodeRef(msgspec.Struct):
    id: int
    kind: NodeKind
    name: str
    name_ug: str | None = None
    name_en: str | None = None

    @classmethod
    def of(cls, node: OrgNode | None) -> NodeRef | None:
        return cls(id=node.id, kind=node.kind, name=node.name, name_ug=node.name_ug, name_en=node.name_en) if node else None
