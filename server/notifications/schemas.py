from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from server.notifications.models import (
    Delivery,
    DeliveryStatus,
    GroupChannel,
    GroupKind,
    Notification,
    SubscribeTemplate,
)
from server.notifications.service import link_of, render


class NotificationOut(msgspec.Struct):
    id: int
    kind: str
    object_type: str
    object_id: int
    status: str
    params: dict
    # The sentence in the reader's language (Accept-Language, or the app's language cookie).
    text: str
    # Where the app shows the object (a report's or a wish's page, the hand-over screen).
    link: str | None
    read: bool
    created_at: datetime

    @classmethod
    def of(cls, n: Notification, language: str) -> NotificationOut:
        return cls(id=n.id, kind=n.kind, object_type=n.object_type, object_id=n.object_id, status=n.status,
                   params=n.params or {}, text=render(n, language), link=link_of(n), read=n.read_at is not None,
                   created_at=n.created_at)


class MarkedRead(msgspec.Struct):
    marked: int


class Unread(msgspec.Struct):
    count: int


class Preferences(msgspec.Struct):
    # Kinds the account does not want in the app; ``kinds`` lists every kind there is.
    muted: list[str]
    kinds: list[str]


class PreferencesIn(msgspec.Struct, forbid_unknown_fields=True):
    muted: list[Annotated[str, msgspec.Meta(max_length=40)]]


HHMM = Annotated[str, msgspec.Meta(max_length=5, description="HH:MM, Beijing time; empty: no quiet hours")]


class GroupIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: GroupKind
    url: Annotated[str, msgspec.Meta(min_length=1, max_length=500, description="the robot's webhook address")]
    secret: Annotated[str, msgspec.Meta(max_length=200, description="DingTalk's signing secret")] = ""
    kinds: list[str] | None = None
    quiet_from: HHMM = ""
    quiet_until: HHMM = ""

    def fields(self) -> dict:
        return msgspec.structs.asdict(self)


class GroupEdit(msgspec.Struct, forbid_unknown_fields=True):
    url: Annotated[str, msgspec.Meta(min_length=1, max_length=500)] | msgspec.UnsetType = msgspec.UNSET
    secret: Annotated[str, msgspec.Meta(max_length=200)] | msgspec.UnsetType = msgspec.UNSET
    kinds: list[str] | None | msgspec.UnsetType = msgspec.UNSET
    quiet_from: HHMM | msgspec.UnsetType = msgspec.UNSET
    quiet_until: HHMM | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class GroupOut(msgspec.Struct):
    id: int
    community_id: int
    kind: GroupKind
    # The address without its key: enough to recognise it, not to use it.
    url_shown: str
    has_secret: bool
    kinds: list[str]
    quiet_from: str
    quiet_until: str
    is_active: bool

    @classmethod
    def of(cls, g: GroupChannel, default_kinds: tuple[str, ...]) -> GroupOut:
        return cls(id=g.id, community_id=g.community_id, kind=g.kind, url_shown=g.url.split("?")[0],
                   has_secret=bool(g.secret), kinds=list(g.kinds if g.kinds is not None else default_kinds),
                   quiet_from=g.quiet_from, quiet_until=g.quiet_until, is_active=g.is_active)


class TestSent(msgspec.Struct):
    ok: bool
    answer: str


class DeliveryOut(msgspec.Struct):
    id: int
    channel: str
    group_id: int | None
    kind: str
    object_type: str
    object_id: int
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str
    created_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, d: Delivery) -> DeliveryOut:
        return cls(id=d.id, channel=d.channel, group_id=d.group_id, kind=d.kind, object_type=d.object_type,
                   object_id=d.object_id, status=d.status, attempts=d.attempts, next_attempt_at=d.next_attempt_at,
                   last_error=d.last_error, created_at=d.created_at, sent_at=d.sent_at)


class SubscriptionOut(msgspec.Struct):
    """A subscribe-message template the mini-program may ask the rider about, and how many
    messages of it he may still get."""

    kind: str
    template_id: str
    remaining: int


class SubscriptionAnswers(msgspec.Struct, forbid_unknown_fields=True):
    # What ``wx.requestSubscribeMessage`` answered, as it answered: template id → "accept",
    # "reject", "ban" or "filter".
    answers: Annotated[dict[Annotated[str, msgspec.Meta(max_length=64)], Annotated[str, msgspec.Meta(max_length=64)]],
                       msgspec.Meta(min_length=1, max_length=10)]


class TemplateIn(msgspec.Struct, forbid_unknown_fields=True):
    template_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    # The template's field keys (e.g. "thing1", "time2") → sentence, place, category, title,
    # status, time, date or number.
    fields: Annotated[dict[Annotated[str, msgspec.Meta(max_length=30)], Annotated[str, msgspec.Meta(max_length=20)]],
                      msgspec.Meta(min_length=1, max_length=10)]
    page: Annotated[str, msgspec.Meta(max_length=200, description="mini-program page; {id} is the object's id")] = ""
    is_active: bool = True


class TemplateOut(msgspec.Struct):
    kind: str
    template_id: str
    fields: dict[str, str]
    page: str
    is_active: bool

    @classmethod
    def of(cls, t: SubscribeTemplate) -> TemplateOut:
        return cls(kind=t.kind, template_id=t.template_id, fields=t.mapping, page=t.page, is_active=t.is_active)
