from __future__ import annotations

from enum import StrEnum

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


class GroupKind(StrEnum):
    WECOM = "wecom"        # 企业微信 group robot
    DINGTALK = "dingtalk"  # 钉钉 group robot


# A community's work group (社区工作群): its robot's webhook and what it is told.
class GroupChannel(Model):
    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="group_channels", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(GroupKind, max_length=10)
    # The robot's full webhook address as the provider gives it (it carries its key).
    url = fields.CharField(max_length=500)
    # DingTalk's signing secret ("加签"); empty for WeCom.
    secret = fields.CharField(max_length=200, default="")
    # Which kinds of notification go to the group (null: the defaults).
    kinds: list | None = fields.JSONField(null=True)
    # Quiet hours in Beijing time ("23:00", "07:00"); messages wait, escalations do not.
    quiet_from = fields.CharField(max_length=5, default="")
    quiet_until = fields.CharField(max_length=5, default="")
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notification_group"


class DeliveryStatus(StrEnum):
    PENDING = "pending"    # waiting for its time (next_attempt_at)
    SENDING = "sending"    # claimed by a worker until lease_until
    SENT = "sent"
    FAILED = "failed"      # gave up; the admin sees it and may retry


# The outbox: one row per message to an outside channel, written with the change that
# caused it. ``key`` (event, recipient, channel) is unique: an event is delivered once.
class Delivery(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    channel = fields.CharField(max_length=10)   # wecom, dingtalk, sms, wxsub (a WeChat subscribe message)
    group: fields.ForeignKeyNullableRelation[GroupChannel] = fields.ForeignKeyField(
        "yizhan.GroupChannel", related_name="deliveries", null=True, on_delete=fields.CASCADE
    )
    phone = fields.CharField(max_length=11, default="")   # for SMS
    # For a subscribe message: whose WeChat it goes to and the template whose consent it
    # spent (null on other channels, and on rows from before subscribe messages).
    account: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="deliveries", null=True, on_delete=fields.CASCADE
    )
    template_id = fields.CharField(max_length=64, null=True)
    kind = fields.CharField(max_length=40)
    object_type = fields.CharField(max_length=20)
    object_id = fields.IntField()
    status_of_object = fields.CharField(max_length=20, default="")
    params: dict | None = fields.JSONField(null=True)
    status = fields.CharEnumField(DeliveryStatus, max_length=10, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    lease_until = fields.DatetimeField(null=True)
    # Held back by the group's quiet hours: sent in one digest when they end.
    held = fields.BooleanField(default=False)
    last_error = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "notification_delivery"
        indexes = (("status", "next_attempt_at"),)


# Each try to deliver, with what the other side answered.
class DeliveryAttempt(Model):
    id = fields.IntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[Delivery] = fields.ForeignKeyField(
        "yizhan.Delivery", related_name="attempt_rows", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField(auto_now_add=True)
    ok = fields.BooleanField()
    answer = fields.CharField(max_length=500, default="")

    class Meta:
        table = "notification_delivery_attempt"


# Which kinds of notification an account does not want in the app (staff choose).
class NotificationPreference(Model):
    account: fields.OneToOneRelation = fields.OneToOneField(
        "yizhan.Account", related_name="notification_preference", on_delete=fields.CASCADE, primary_key=True
    )
    muted: list = fields.JSONField(default=list)

    class Meta:
        table = "notification_preference"


# A WeChat subscribe-message template the admin chose for one kind of notification: its id
# in the mini-program's console, which of its fields is filled with what, and the
# mini-program page a tap opens ("{id}" becomes the object's id).
class SubscribeTemplate(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=40, unique=True)
    template_id = fields.CharField(max_length=64)
    mapping: dict = fields.JSONField()  # WeChat field key → what fills it
    page = fields.CharField(max_length=200, default="")
    is_active = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wechat_subscribe_template"


# How many one-time subscriptions an account has given a template: each "accept" on the
# phone allows one message, each message sent spends one; a refusal clears them.
class SubscribeConsent(Model):
    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="subscribe_consents", on_delete=fields.CASCADE
    )
    template_id = fields.CharField(max_length=64)
    remaining = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "wechat_subscribe_consent"
        unique_together = (("account", "template_id"),)
