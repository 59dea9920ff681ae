from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


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
