from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


# A message to one account about one object ("your report was verified"). It stores what
# happened (kind, object, status, parameters), not a sentence: the text is rendered in the
# reader's language when it is read.
class Notification(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="notifications", on_delete=fields.CASCADE
    )
    kind = fields.CharField(max_length=40)
    object_type = fields.CharField(max_length=20)
    object_id = fields.IntField()
    status = fields.CharField(max_length=20, default="")
    # Null on rows written before parameters existed (a column added to a filled table).
    params: dict | None = fields.JSONField(null=True)
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "notification"
