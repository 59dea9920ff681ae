from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.core.media import photo_url
from server.core.phones import mask_phone
from server.reports.models import Category, ReportEvent, ReportPhoto, ResponseTemplate, Responsible
from server.reports.reading import ReportRecord, reporter_label
from server.reports.rules import handled_within_24h, is_overdue, minutes_between
from server.reports.workflow import ActionInput


class CategoryOut(msgspec.Struct):
    key: str
    name: str
    name_ug: str | None
    name_en: str | None
    default_deadline_hours: int
    default_responsible: str
    is_active: bool = True
    default_department_id: int | None = None

    @classmethod
    def of(cls, c: Category) -> CategoryOut:
        return cls(key=c.key, name=c.name, name_ug=c.name_ug, name_en=c.name_en,
                   default_deadline_hours=c.default_deadline_hours, default_responsible=c.default_responsible,
                   is_active=c.is_active, default_department_id=c.default_department_id)


Hours = Annotated[int, msgspec.Meta(ge=1, le=720)]
CategoryName = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
OtherName = Annotated[str, msgspec.Meta(max_length=80)]


class CategoryIn(msgspec.Struct, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{1,29}$")]
    name: CategoryName
    default_deadline_hours: Hours = 24
    default_responsible: Responsible = Responsible.PROPERTY_COMPANY
    name_ug: OtherName | None = None
    name_en: OtherName | None = None
    sort_order: int = 100
    default_department_id: int | None = None

    def fields(self) -> dict:
        return msgspec.structs.asdict(self)


class CategoryEdit(msgspec.Struct, forbid_unknown_fields=True):
    name: CategoryName | msgspec.UnsetType = msgspec.UNSET
    name_ug: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    name_en: OtherName | None | msgspec.UnsetType = msgspec.UNSET
    default_deadline_hours: Hours | msgspec.UnsetType = msgspec.UNSET
    default_responsible: Responsible | msgspec.UnsetType = msgspec.UNSET
    sort_order: int | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
    default_department_id: int | None | msgspec.UnsetType = msgspec.UNSET


class PhotoOut(msgspec.Struct):
    id: int
    stage: str
    url: str
    thumb_url: str
    width: int
    height: int

    @classmethod
    def of(cls, p: ReportPhoto) -> PhotoOut:
        return cls(id=p.id, stage=p.stage, url=photo_url(p.name), thumb_url=photo_url(p.thumb_name),
                   width=p.width, height=p.height)


class EventOut(msgspec.Struct):
    action: str
    from_status: str
    to_status: str
    note: str
    actor: str | None
    at: datetime
    # The reporter acted (sent it, said "fixed" or "not fixed", commented): shielded
    # viewers see this flag instead of his name.
    by_reporter: bool = False

    @classmethod
    def of(cls, e: ReportEvent, reporter_id: int | None, shielded: bool) -> EventOut:
        by_reporter = reporter_id is not None and e.actor_id == reporter_id
        actor = None if by_reporter and shielded else (e.actor.name if e.actor else None)
        return cls(action=e.action, from_status=e.from_status, to_status=e.to_status, note=e.note,
                   actor=actor, at=e.created_at, by_reporter=by_reporter)


class ReportForm(msgspec.Struct):
    """A 随手拍 report: the place's poster code, a category key, 1–4 photos, a few words.
    Guests may add a name and phone; signed-in riders need not."""

    code: Annotated[str, msgspec.Meta(max_length=40, description="the place's code from its poster")] = ""
    category: Annotated[str, msgspec.Meta(max_length=30, description="a category key")] = ""
    idempotency_key: Annotated[str, msgspec.Meta(max_length=64, description="8–64 characters made by the phone")] = ""
    description: Annotated[str, msgspec.Meta(max_length=1000)] = ""
    spot: Annotated[str, msgspec.Meta(max_length=100, description="where exactly")] = ""
    guest_name: Annotated[str, msgspec.Meta(max_length=50)] = ""
    guest_phone: Annotated[str, msgspec.Meta(max_length=20)] = ""
    photos: Annotated[list[bytes], msgspec.Meta(description="1 to 4 photos, 15 MB each at most")] = []


class ReportOut(msgspec.Struct):
    id: int
    status: str
    category: str
    description: str
    spot: str
    place_id: int
    place_name: str
    # The reporter's name and masked phone, for community workers, the admin and the
    # reporter; None for everyone else, who see only ``reporter_kind`` and ``reporter_station``.
    reporter: str | None
    reporter_phone: str | None
    reporter_kind: str  # rider, resident, guest
    reporter_station: str | None
    created_at: datetime
    deadline_at: datetime | None
    assigned_at: datetime | None
    accepted_at: datetime | None
    # Time from the assignment to the fixer's signature (签收), in minutes.
    minutes_to_acceptance: int | None
    more_time: str | None  # asked, granted, refused; null when none was asked
    more_time_hours: int | None
    assigned_company_id: int | None
    assigned_department: str
    duplicate_of: int | None
    minutes_to_first_response: int | None
    minutes_to_resolution: int | None
    handled_within_24h: bool | None
    overdue: bool
    is_mine: bool = False
    photos: list[PhotoOut] = []
    events: list[EventOut] = []
    suggested_duplicates: list[int] = []
    # What the viewer may do now, the next step first (see ``available_actions``).
    can: list[str] = []
    # In lists: the first "before" photo's thumbnail, so a queue shows what it is about.
    thumb_url: str | None = None
    # The private follow link: in the sender's own answer, and on the link's own page.
    follow_url: str | None = None

    @classmethod
    def of(cls, record: ReportRecord, at: datetime, *, shielded: bool, viewer_id: int | None = None,
           can: list[str] | None = None) -> ReportOut:
        r, photos, events, duplicates = record.report, record.photos, record.events, record.duplicates
        reporter = r.reporter.name if r.reporter_id and r.reporter else (r.guest_name or None)
        phone = (r.reporter.phone if r.reporter_id and r.reporter else r.guest_phone) or None
        kind, station = reporter_label(r)
        return cls(
            id=r.id, status=r.status, category=r.category.key, description=r.description, spot=r.spot,
            place_id=r.place_id, place_name=r.place.name, reporter=None if shielded else reporter,
            # Masked for everyone: a worker opens the number on purpose, and that is recorded.
            reporter_phone=None if shielded else mask_phone(phone), reporter_kind=kind, reporter_station=station,
            created_at=r.created_at, deadline_at=r.deadline_at, assigned_at=r.assigned_at, accepted_at=r.accepted_at,
            minutes_to_acceptance=minutes_between(r.assigned_at, r.accepted_at), more_time=r.more_time,
            more_time_hours=r.more_time_hours, assigned_company_id=r.assigned_company_id,
            assigned_department=r.assigned_department, duplicate_of=r.duplicate_of_id,
            minutes_to_first_response=minutes_between(r.created_at, r.first_response_at),
            minutes_to_resolution=minutes_between(r.created_at, r.resolved_at),
            handled_within_24h=handled_within_24h(r), overdue=is_overdue(r, at),
            is_mine=viewer_id is not None and r.reporter_id == viewer_id,
            photos=[PhotoOut.of(p) for p in photos],
            events=[EventOut.of(e, r.reporter_id, shielded) for e in events],
            suggested_duplicates=[d.id for d in duplicates], can=can or [],
        )


class FollowAnswer(msgspec.Struct, forbid_unknown_fields=True):
    """A guest's word on a resolved report: fixed (closed) or not (reopened)."""

    fixed: bool
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ActionBody(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""
    company_id: int | None = None
    department: Annotated[str, msgspec.Meta(max_length=100)] = ""
    deadline_hours: int | None = None
    duplicate_of: int | None = None

    def to_input(self) -> ActionInput:
        return ActionInput(note=self.note, company_id=self.company_id, department=self.department,
                           deadline_hours=self.deadline_hours, duplicate_of=self.duplicate_of)


class AssigneeOut(msgspec.Struct):
    id: int
    kind: str  # property_company, department
    name: str
    name_ug: str | None
    name_en: str | None
    manages_the_place: bool  # the property company of the report's place


class QueueCountsOut(msgspec.Struct):
    new: int
    overdue: int
    due_soon: int
    open: int
    by_status: dict[str, int] = {}  # every status, for the counts on the queue's filters


class ReporterPhone(msgspec.Struct):
    phone: str


class ReportSettingsOut(msgspec.Struct):
    community_id: int
    # Verified reports at a place with a property company go to it by themselves.
    auto_assign: bool


class ReportSettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    auto_assign: bool


Box = tuple[Annotated[int, msgspec.Meta(ge=0)], Annotated[int, msgspec.Meta(ge=0)],
            Annotated[int, msgspec.Meta(ge=1)], Annotated[int, msgspec.Meta(ge=1)]]


class RedactIn(msgspec.Struct, forbid_unknown_fields=True):
    # [left, top, width, height] in the stored photo's pixels (its ``width`` × ``height``).
    boxes: Annotated[list[Box], msgspec.Meta(min_length=1, max_length=20)]


class TemplateIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    category: Annotated[str, msgspec.Meta(max_length=30)] | None = None


class TemplateOut(msgspec.Struct):
    id: int
    text: str
    category: str | None

    @classmethod
    def of(cls, t: ResponseTemplate) -> TemplateOut:
        return cls(id=t.id, text=t.text, category=t.category.key if t.category else None)
