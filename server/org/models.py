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


class Platform(StrEnum):
    MEITUAN = "meituan"
    ELEME = "eleme"
    SF = "sf"
    JD = "jd"
    CAINIAO = "cainiao"
    DADA = "dada"
    OTHER = "other"


# Which kind of node may hang under which: the tree is district → street → community,
# and property companies and delivery stations belong to a community.
PARENT_KIND: dict[NodeKind, NodeKind | None] = {
    NodeKind.DISTRICT: None,
    NodeKind.STREET: NodeKind.DISTRICT,
    NodeKind.COMMUNITY: NodeKind.STREET,
    NodeKind.PROPERTY_COMPANY: NodeKind.COMMUNITY,
    NodeKind.DELIVERY_STATION: NodeKind.COMMUNITY,
}


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
