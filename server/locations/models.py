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


# Places where a rider can stop, rest and recharge (the "nearest open station" search).
STATION_KINDS = frozenset({PlaceKind.RIDER_STATION, PlaceKind.DRIVERS_HOME, PlaceKind.UNION_STATION,
                           PlaceKind.OUTDOOR_WORKERS, PlaceKind.COMMUNITY_CENTRE})


class Amenity(StrEnum):
    SEATS = "seats"
    FIRST_AID = "first_aid"
    WIFI = "wifi"
    UMBRELLAS = "umbrellas"
    MEDICINE = "medicine"
    PHONE_CHARGING = "phone_charging"
    BATTERY_CHARGING = "battery_charging"    # e-bike batteries
    DRINKING_WATER = "drinking_water"
    HOT_WATER = "hot_water"
    MICROWAVE = "microwave"
    TOILET = "toilet"
    HEATING = "heating"
    COOLING = "cooling"


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
    # The delivery station that looks after this place, if any: its head manages it.
    station: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="station_places", null=True, on_delete=fields.RESTRICT
    )
    # The property company that manages it (a compound, a building): reports made here go
    # to it by themselves once verified.
    property_company: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="managed_places", null=True, on_delete=fields.SET_NULL
    )
    # The org path of whoever manages the place (station if any, else community), for
    # "within my scope" in one indexed prefix test.
    scope_path = fields.CharField(max_length=255, db_index=True)
    latitude = fields.FloatField(null=True, db_index=True)
    longitude = fields.FloatField(null=True)
    phone = fields.CharField(max_length=20, default="")
    amenities = fields.JSONField(default=list)
    # Seven entries, Monday first: null (closed) or ["08:00", "22:00"] in Beijing time;
    # a closing time before the opening time runs past midnight. null as a whole: unknown.
    hours = fields.JSONField(null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "place"
        unique_together = (("community", "name"),)


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
