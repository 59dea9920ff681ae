from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


# One line of the ledger. Never edited: a correction is a new line. The same reason for
# the same object is awarded once (the unique key), however often a request is retried.
class LedgerEntry(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="ledger", on_delete=fields.RESTRICT
    )
    amount = fields.IntField()
    reason = fields.CharField(max_length=40)
    object_type = fields.CharField(max_length=20, default="")
    object_id = fields.IntField(default=0)
    caused_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="ledger_caused", null=True, on_delete=fields.SET_NULL
    )
    note = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "points_ledger"
        unique_together = (("account", "reason", "object_type", "object_id"),)
        # A wallet's history (one account's lines, newest first); one month of a growing
        # ledger (caps, leaderboards, exports). Indexes, not an altered field: on SQLite
        # altering a field rebuilds the table without its unique key.
        indexes = (("account_id", "id"), ("created_at",))


# The balance per account, changed only together with a ledger entry, by a conditional
# update that cannot go below zero.
class Balance(Model):
    account: fields.OneToOneRelation = fields.OneToOneField(
        "yizhan.Account", related_name="balance", on_delete=fields.CASCADE, primary_key=True
    )
    points = fields.IntField(default=0)

    class Meta:
        table = "points_balance"


# How many points a kind of good deed earns, and at most how many of them a month
# (随手拍 programmes cap rewards so that nobody farms them). Edited by the admin.
class PointRule(Model):
    reason = fields.CharField(max_length=40, primary_key=True)
    points = fields.IntField()
    monthly_cap = fields.IntField(null=True)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "points_rule"


# A correction or grant by the admin; its ledger entry points here, so that every
# adjustment is its own object and is recorded once.
class PointAdjustment(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="adjustments", on_delete=fields.RESTRICT
    )
    amount = fields.IntField()
    note = fields.CharField(max_length=200)
    made_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="adjustments_made", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "points_adjustment"


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


# A training or talk session staff held; attending riders earn the "training attended"
# points once per session (the session is the ledger entry's object).
class Training(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=60)
    held_on = fields.DateField()
    node: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="trainings", on_delete=fields.RESTRICT
    )
    node_path = fields.CharField(max_length=255, db_index=True)
    recorded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="trainings_recorded", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "points_training"
