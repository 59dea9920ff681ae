from __future__ import annotations

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
