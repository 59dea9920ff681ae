from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


# Something a rider can get for points at a station (or at any station of a community).
# owner_path is the owner's org path, so "rewards I can get" and "rewards I manage" are
# prefix tests like every other scope.
class Reward(Model):
    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="rewards", on_delete=fields.RESTRICT
    )
    owner_path = fields.CharField(max_length=255, db_index=True)
    name = fields.CharField(max_length=60)
    name_ug = fields.CharField(max_length=100, null=True)
    name_en = fields.CharField(max_length=100, null=True)
    description = fields.CharField(max_length=300, default="")
    cost = fields.IntField()
    stock = fields.IntField()
    photo = fields.CharField(max_length=40, null=True)
    thumb = fields.CharField(max_length=40, null=True)
    available_from = fields.DatetimeField(null=True)
    available_until = fields.DatetimeField(null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "points_reward"


class RedemptionStatus(StrEnum):
    HELD = "held"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


# A rider's request for a reward. While held, its cost is out of the balance (a ledger
# entry); handing it over keeps it spent, cancelling or expiry puts it back (another entry).
class Redemption(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=16, unique=True)
    reward: fields.ForeignKeyRelation[Reward] = fields.ForeignKeyField(
        "yizhan.Reward", related_name="redemptions", on_delete=fields.RESTRICT
    )
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="redemptions", on_delete=fields.RESTRICT
    )
    cost = fields.IntField()
    status = fields.CharEnumField(RedemptionStatus, max_length=12, default=RedemptionStatus.HELD, db_index=True)
    # Made by the phone, so that a double tap asks once.
    request_key = fields.CharField(max_length=64, null=True)
    expires_at = fields.DatetimeField(db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    closed_at = fields.DatetimeField(null=True)
    closed_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="redemptions_closed", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "points_redemption"
        unique_together = (("account", "request_key"),)
