from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class NodeKind(StrEnum):
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    PROPERTY_COMPANY = "property_company"
    DELIVERY_STATION = "delivery_station"
    # A government department that fixes things (城管, 市政/路灯, 消防, 交警, 供电 …), under
    # the district or a street; its staff resolve what is assigned to it.
    DEPARTMENT = "department"


class Platform(StrEnum):
    MEITUAN = "meituan"
    ELEME = "eleme"
    SF = "sf"
    JD = "jd"
    CAINIAO = "cainiao"
    DADA = "dada"
    OTHER = "other"


# Which kinds of node may hang under which: the tree is district → street → community;
# property companies and delivery stations belong to a community, departments to the
# district or a street. None: a root.
PARENT_KINDS: dict[NodeKind, frozenset[NodeKind] | None] = {
    NodeKind.DISTRICT: None,
    NodeKind.STREET: frozenset({NodeKind.DISTRICT}),
    NodeKind.COMMUNITY: frozenset({NodeKind.STREET}),
    NodeKind.PROPERTY_COMPANY: frozenset({NodeKind.COMMUNITY}),
    NodeKind.DELIVERY_STATION: frozenset({NodeKind.COMMUNITY}),
    NodeKind.DEPARTMENT: frozenset({NodeKind.DISTRICT, NodeKind.STREET}),
}
# The organisations a report can be given to: they have fixer accounts (property_staff).
FIXER_KINDS = frozenset({NodeKind.PROPERTY_COMPANY, NodeKind.DEPARTMENT})


class OrgNode(Model):
    """One node of the organisation tree.

    ``path`` is the materialised chain of ids from the root, e.g. ``/1/4/9/``: "within my
    scope" is then a prefix test, in Python and in SQL alike.
    """

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(NodeKind, max_length=20)
    name = fields.CharField(max_length=100)
    name_ug = fields.CharField(max_length=150, null=True)
    name_en = fields.CharField(max_length=150, null=True)
    parent: fields.ForeignKeyNullableRelation[OrgNode] = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=255, db_index=True, default="")
    platform = fields.CharEnumField(Platform, max_length=20, null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "org_node"
        unique_together = (("parent", "name"),)

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"
