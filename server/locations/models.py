from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class PlaceKind(StrEnum):
    RIDER_STATION = "rider_station"          # 骑手驿站
    DRIVERS_HOME = "drivers_home"            # 司机之家
    UNION_STATION = "union_station"          # 工会驿站
    OUTDOOR_WORKERS = "outdoor_workers"      # 户外劳动者驿站
    COMPOUND = "compound"                    # 小区
    BUILDING = "building"                    # 楼栋
    DELIVERY_STATION = "delivery_station"    # 配送站
    COMMUNITY_CENTRE = "community_centre"    # 社区服务中心
    OTHER = "other"


# A spot a poster hangs at: what a report or a wish is bound to. (Comments, not
# docstrings, on models: Tortoise copies a docstring into the SQL as a table comment.)
class Place(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(PlaceKind, max_length=20)
    name = fields.CharField(max_length=100)
    name_ug = fields.CharField(max_length=150, null=True)
    name_en = fields.CharField(max_length=150, null=True)
    address = fields.CharField(max_length=200, default="")
    community: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="places", on_delete=fields.RESTRICT
    )
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "place"


# A code printed on a poster. A place has one current code; codes it had before stay
# here, retired, so that old posters answer "no longer in use" instead of 404.
class PlaceCode(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    place: fields.ForeignKeyRelation[Place] = fields.ForeignKeyField(
        "yizhan.Place", related_name="codes", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    retired_at = fields.DatetimeField(null=True)

    class Meta:
        table = "place_code"
