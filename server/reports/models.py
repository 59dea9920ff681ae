from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class ReportStatus(StrEnum):
    SUBMITTED = "submitted"    # waiting for the community
    VERIFIED = "verified"      # a real problem, not yet given to anyone
    ASSIGNED = "assigned"      # with a property company or department, deadline running
    RESOLVED = "resolved"      # the fixer says it is fixed
    CLOSED = "closed"          # the community is done with it
    REJECTED = "rejected"      # not a problem (with a reason)
    DUPLICATE = "duplicate"    # already reported
    REOPENED = "reopened"      # back with the community ("not fixed", or reopened by staff)
    RETURNED = "returned"      # the fixer sent it back (退单), with a reason: the community reassigns


OPEN_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.ASSIGNED, ReportStatus.REOPENED,
                 ReportStatus.RETURNED)


class Responsible(StrEnum):
    PROPERTY_COMPANY = "property_company"
    DEPARTMENT = "department"
    COMMUNITY = "community"


# A kind of problem, editable by the admin, with its default deadline and fixer.
class Category(Model):
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=30, unique=True)
    name = fields.CharField(max_length=50)
    name_ug = fields.CharField(max_length=80, null=True)
    name_en = fields.CharField(max_length=80, null=True)
    default_deadline_hours = fields.IntField(default=24)
    default_responsible = fields.CharEnumField(Responsible, max_length=20, default=Responsible.PROPERTY_COMPANY)
    # When the fixer is a department: which one, so that verified reports go to it by themselves.
    default_department: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="default_for_categories", null=True, on_delete=fields.SET_NULL
    )
    sort_order = fields.IntField(default=0)
    is_active = fields.BooleanField(default=True)

    class Meta:
        table = "report_category"


class Report(Model):
    id = fields.IntField(primary_key=True)
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "yizhan.Category", related_name="reports", on_delete=fields.RESTRICT
    )
    description = fields.CharField(max_length=1000, default="")
    place: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "yizhan.Place", related_name="reports", on_delete=fields.RESTRICT
    )
    spot = fields.CharField(max_length=100, default="")
    reporter: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="reports", null=True, on_delete=fields.RESTRICT
    )
    guest_name = fields.CharField(max_length=50, default="")
    guest_phone = fields.CharField(max_length=11, default="")
    # The community's path (triage scope) and the reporter's station path (station heads).
    scope_path = fields.CharField(max_length=255, db_index=True)
    station_path = fields.CharField(max_length=255, default="", db_index=True)
    status = fields.CharEnumField(ReportStatus, max_length=20, default=ReportStatus.SUBMITTED, db_index=True)
    # Set by the phone before the first try; a retry with the same key gets the same report.
    idempotency_key = fields.CharField(max_length=64, unique=True)
    # The fixer organisation: a property company or a department (a node with fixer
    # accounts); older free-text department names stay in ``assigned_department``.
    assigned_company: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.OrgNode", related_name="assigned_reports", null=True, on_delete=fields.RESTRICT
    )
    assigned_department = fields.CharField(max_length=100, default="")
    deadline_at = fields.DatetimeField(null=True, db_index=True)
    # The fixer's side of the current assignment: when it was given, when the fixer signed
    # for it (签收), and one request for more time (asked → granted or refused).
    assigned_at = fields.DatetimeField(null=True)
    accepted_at = fields.DatetimeField(null=True)
    more_time_hours = fields.IntField(null=True)
    # null (none asked), asked, granted, refused; null rather than "" so that the column can
    # be added to a filled table.
    more_time = fields.CharField(max_length=10, null=True)
    first_response_at = fields.DatetimeField(null=True)
    # Milestones kept for the figures (server/stats/definitions.py), set once and never
    # cleared: first verified (a lead), first resolved (the 24-hour clock), last reopened.
    verified_at = fields.DatetimeField(null=True)
    first_resolved_at = fields.DatetimeField(null=True)
    reopened_at = fields.DatetimeField(null=True)
    # The current resolution: cleared when the report is reopened.
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    # The deadline whose passing was announced, and the one escalated to the street: each
    # deadline is announced once, a new one (after reopening) again.
    overdue_notice_for = fields.DatetimeField(null=True)
    escalated_for = fields.DatetimeField(null=True)
    duplicate_of: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Report", related_name="duplicates", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "report"
        # The queues page by id within a scope (a community's path is a prefix: a range on
        # this index, so a small community's page never walks the big ones' rows); "my
        # reports" by id for one reporter.
        indexes = (("scope_path", "id"), ("reporter_id", "id"))


# A community's choices for its reports. No row: the defaults.
class ReportSettings(Model):
    community: fields.OneToOneRelation = fields.OneToOneField(
        "yizhan.OrgNode", related_name="report_settings", on_delete=fields.CASCADE, primary_key=True
    )
    # Verified reports at a place with a property company go to it at once (when the
    # category's fixer is the property company).
    auto_assign = fields.BooleanField(default=True)

    class Meta:
        table = "report_settings"


# A short reply staff reuse in the triage screen ("已通知物业,24小时内处理"), for one category
# or for all; kept by the admin (for the district) or a community worker (for the community).
class ResponseTemplate(Model):
    id = fields.IntField(primary_key=True)
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "yizhan.Category", related_name="templates", null=True, on_delete=fields.CASCADE
    )
    owner_path = fields.CharField(max_length=255, db_index=True)
    text = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "report_template"


class ReportPhoto(Model):
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "yizhan.Report", related_name="photos", on_delete=fields.CASCADE
    )
    # "before" from the reporter, "after" from whoever fixed it.
    stage = fields.CharField(max_length=10, default="before")
    name = fields.CharField(max_length=64, unique=True)
    thumb_name = fields.CharField(max_length=64, unique=True)
    width = fields.IntField()
    height = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "report_photo"


# Every change of a report, in order: who, when, from → to, and a note. Never rewritten.
class ReportEvent(Model):
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[Report] = fields.ForeignKeyField(
        "yizhan.Report", related_name="events", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "yizhan.Account", related_name="report_events", null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=20)
    from_status = fields.CharField(max_length=20)
    to_status = fields.CharField(max_length=20)
    note = fields.CharField(max_length=1000, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "report_event"
