from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class TaskKind(StrEnum):
    PUBLICITY = "publicity"              # 政策宣传
    PATROL = "patrol"                    # 平安巡防
    CIVILITY = "civility"                # 文明引导
    CONCERNS = "concerns"                # 社情收集
    URGENT_DELIVERY = "urgent_delivery"  # 随手送: offered only to riders who are free
    OTHER = "other"


class Proof(StrEnum):
    PHOTO = "photo"
    NUMBER = "number"    # e.g. how many leaflets were handed out
    TEXT = "text"
    SCAN = "scan"        # the place's poster code, scanned on site


class QuotaUnit(StrEnum):
    RIDERS = "riders"    # each claim takes one share
    UNITS = "units"      # a claim takes as many units as the rider says (500 leaflets …)


class TaskStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"    # closed early by whoever posted it


class ShareStatus(StrEnum):
    CLAIMED = "claimed"
    SUBMITTED = "submitted"   # proof sent, waiting for the poster
    CONFIRMED = "confirmed"   # points and minutes written
    REJECTED = "rejected"     # with a reason; the units go back to the quota
    WITHDRAWN = "withdrawn"   # the rider gave it back before submitting


# A small task (小微任务) posted by a community worker or a station head for the riders of
# their scope. ``taken`` counts the units held by live shares; a claim adds to it with one
# conditional update (``taken + n <= quota``), so the quota holds however many claim at once.
class Task(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(TaskKind, max_length=20)
    title = fields.CharField(max_length=60)
    instructions = fields.CharField(max_length=1000, default="")
    place: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Place", related_name="tasks", null=True, on_delete=fields.RESTRICT)
    area = fields.CharField(max_length=100, default="")
    # Where it is, for "nearest first" (the place's, or given).
    latitude = fields.FloatField(null=True, db_index=True)
    longitude = fields.FloatField(null=True)
    # The poster's scope: riders under it see the task.
    scope_path = fields.CharField(max_length=255, db_index=True)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField(db_index=True)
    unit = fields.CharEnumField(QuotaUnit, max_length=8, default=QuotaUnit.RIDERS)
    quota = fields.IntField()
    taken = fields.IntField(default=0)
    points = fields.IntField(default=10)
    proof = fields.CharEnumField(Proof, max_length=8, default=Proof.PHOTO)
    status = fields.CharEnumField(TaskStatus, max_length=8, default=TaskStatus.OPEN, db_index=True)
    posted_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="tasks_posted", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_task"


# A rider's share of a task: one per rider and task.
class TaskShare(Model):
    id = fields.IntField(primary_key=True)
    task: fields.ForeignKeyRelation[Task] = fields.ForeignKeyField(
        "yizhan.Task", related_name="shares", on_delete=fields.CASCADE)
    rider: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="task_shares", on_delete=fields.RESTRICT)
    units = fields.IntField(default=1)
    status = fields.CharEnumField(ShareStatus, max_length=10, default=ShareStatus.CLAIMED, db_index=True)
    proof_text = fields.CharField(max_length=500, default="")
    proof_number = fields.IntField(null=True)
    proof_photo = fields.CharField(max_length=40, null=True)
    proof_thumb = fields.CharField(max_length=40, null=True)
    submitted_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="task_decisions", null=True, on_delete=fields.SET_NULL)
    reason = fields.CharField(max_length=200, default="")
    # Volunteer time: claimed → proof sent, capped per kind; the confirming worker may correct it.
    minutes = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_task_share"
        unique_together = (("task", "rider"),)


class BeneficiaryKind(StrEnum):
    ELDERLY = "elderly"
    PREGNANT = "pregnant"
    DISABLED = "disabled"
    OTHER = "other"


class BeneficiaryStatus(StrEnum):
    PENDING = "pending"      # a resident asked for himself; a worker decides
    APPROVED = "approved"
    REJECTED = "rejected"


# Someone riders may help at home. Address and phone are shown to staff of the community and
# to the one rider holding a request of theirs, only until it is done.
class Beneficiary(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    address = fields.CharField(max_length=200)
    # A mobile, a landline (0991-2345678) or a relative's number; empty when there is none
    # (the worker then confirms the help). ``phone_note`` says whose it is.
    phone = fields.CharField(max_length=13, default="")
    phone_note = fields.CharField(max_length=30, default="")
    kind = fields.CharEnumField(BeneficiaryKind, max_length=10)
    notes = fields.CharField(max_length=300, default="")
    community: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="beneficiaries", on_delete=fields.RESTRICT)
    scope_path = fields.CharField(max_length=255, db_index=True)
    account: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="beneficiary", null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(BeneficiaryStatus, max_length=10, default=BeneficiaryStatus.APPROVED)
    consent_at = fields.DatetimeField()
    registered_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="beneficiaries_registered", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_beneficiary"


class HelpKind(StrEnum):
    PICKUP = "pickup"        # 上门取件
    DELIVERY = "delivery"    # 义务送货
    MEAL = "meal"            # 免费送餐
    RIDE = "ride"            # 爱心接送
    ERRAND = "errand"        # 代办业务
    OTHER = "other"


class HelpStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"      # one rider holds it
    DONE = "done"            # confirmed: points and minutes written
    CANCELLED = "cancelled"


# A request for help (志愿服务) for a beneficiary. Exactly one rider holds it (a conditional
# update from open); he shows a short code that the beneficiary, his family or the worker
# types to confirm it was done.
class HelpRequest(Model):
    id = fields.IntField(primary_key=True)
    beneficiary: fields.ForeignKeyRelation[Beneficiary] = fields.ForeignKeyField(
        "yizhan.Beneficiary", related_name="requests", on_delete=fields.RESTRICT)
    kind = fields.CharEnumField(HelpKind, max_length=10)
    # Both empty: now.
    window_from = fields.DatetimeField(null=True)
    window_until = fields.DatetimeField(null=True)
    from_place = fields.CharField(max_length=100, default="")
    to_place = fields.CharField(max_length=100, default="")
    notes = fields.CharField(max_length=300, default="")
    scope_path = fields.CharField(max_length=255, db_index=True)
    latitude = fields.FloatField(null=True, db_index=True)
    longitude = fields.FloatField(null=True)
    status = fields.CharEnumField(HelpStatus, max_length=10, default=HelpStatus.OPEN, db_index=True)
    rider: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="help_held", null=True, on_delete=fields.RESTRICT)
    claimed_at = fields.DatetimeField(null=True)
    code = fields.CharField(max_length=6, default="")
    wrong_codes = fields.IntField(default=0)
    done_at = fields.DatetimeField(null=True)
    confirmed_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="help_confirmed", null=True, on_delete=fields.SET_NULL)
    minutes = fields.IntField(null=True)
    thanks = fields.CharField(max_length=200, default="")
    thanked_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="help_created", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_help"


# Every step of a task share or a help request: who, when, what, and why.
class VolunteerEvent(Model):
    id = fields.IntField(primary_key=True)
    object_type = fields.CharField(max_length=10)
    object_id = fields.IntField()
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="volunteer_events", null=True, on_delete=fields.SET_NULL)
    action = fields.CharField(max_length=20)
    note = fields.CharField(max_length=300, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_event"
        indexes = (("object_type", "object_id"),)


# "我现在没单": a rider is free until ``free_until``; ``peak_ok``: he asked to be offered help
# even inside his station's peak windows.
class Availability(Model):
    account: fields.OneToOneRelation = fields.OneToOneField(
        "yizhan.Account", related_name="availability", on_delete=fields.CASCADE, primary_key=True)
    free_until = fields.DatetimeField(null=True, db_index=True)
    peak_ok = fields.BooleanField(default=False)

    class Meta:
        table = "volunteer_availability"


# A station's peak windows (Beijing time, [["11:00", "13:30"], …]); no row: the defaults.
class StationPeaks(Model):
    station: fields.OneToOneRelation = fields.OneToOneField(
        "yizhan.OrgNode", related_name="peaks", on_delete=fields.CASCADE, primary_key=True)
    windows = fields.JSONField(default=list)

    class Meta:
        table = "volunteer_station_peaks"


# A printed volunteer certificate: its QR opens /verify/{code}, which shows the rider's
# surname + 师傅, the hours and the period — nothing else.
class Certificate(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=16, unique=True)
    account: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="certificates", on_delete=fields.CASCADE)
    first_day = fields.DateField()
    last_day = fields.DateField()
    minutes = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_certificate"
