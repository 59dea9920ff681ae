from __future__ import annotations

from datetime import datetime

import msgspec

from server.notifications.models import Notification
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
