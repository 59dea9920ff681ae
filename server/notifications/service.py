"""Who is told what. Other slices call ``notify`` with the recipient (an account, or a
role within a scope), a kind, the object it is about and its parameters; reading renders
the text in the reader's language. Delivery channels beyond the app hang off here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tortoise.expressions import Q

from server.accounts.models import Account
from server.core.clock import now
from server.core.roles import Role
from server.notifications.audiences import WHO_IS_TOLD, Audience
from server.notifications.models import Notification
from server.notifications.outbox import Event, queue_for_groups, queue_sms, queue_subscribe
from server.notifications.texts import path_of, sentence

MAX_LISTED = 50


@dataclass(frozen=True)
class RoleInScope:
    """Every active account of ``role`` whose scope lies within ``scope_path`` (e.g. the
    station heads of one station, the community workers of one community); with ``exact``
    only those scoped to that very node (a street's own workers, not its communities')."""

    role: Role
    scope_path: str
    exact: bool = False


@dataclass(frozen=True)
class Message:
    """What happened, to whom it is rendered: ``kind`` picks the text
    (``notification.<kind>`` in the server catalog), ``params`` fill it in."""

    kind: str
    object_type: str
    object_id: int
    status: str = ""
    params: dict = field(default_factory=dict)


Recipient = int | RoleInScope | None


def _who(to: Recipient | Iterable[Recipient]) -> Q | None:
    """One condition for every recipient: explicit accounts and roles within scopes."""
    wanted = [to] if to is None or isinstance(to, int | RoleInScope) else list(to)
    conditions = [Q(id__in=[one for one in wanted if isinstance(one, int)])] if any(
        isinstance(one, int) for one in wanted) else []
    for one in wanted:
        if isinstance(one, RoleInScope):
            where = {"scope__path": one.scope_path} if one.exact else {"scope__path__startswith": one.scope_path}
            conditions.append(Q(role=one.role, **where))
    if not conditions:
        return None
    anyone = conditions[0]
    for condition in conditions[1:]:
        anyone |= condition
    return anyone


async def notify(to: Recipient | Iterable[Recipient], message: Message, *, skip: int | None = None) -> int:
    """Leave ``message`` for each recipient: active accounts only (one disabled meanwhile is
    skipped), not ``skip`` (who caused it), not those who turned the kind off. One query
    finds them all. Returns how many were told."""
    return len(await _notify(to, message, skip=skip))


async def _notify(to: Recipient | Iterable[Recipient], message: Message, *, skip: int | None = None) -> list[int]:
    """``notify``, answering the accounts told."""
    anyone = _who(to)
    if anyone is None:
        return []
    found = await Account.filter(anyone, is_active=True).order_by("id") \
        .values_list("id", "notification_preference__muted")
    ids = list(dict.fromkeys(i for i, muted in found if i != skip and message.kind not in (muted or [])))
    if ids:
        await Notification.bulk_create([
            Notification(account_id=i, kind=message.kind, object_type=message.object_type, object_id=message.object_id,
                         status=message.status, params=message.params)
            for i in ids
        ])
    return ids


async def tell(audiences: dict[Audience, Recipient | Iterable[Recipient]], message: Message, *,
               skip: int | None = None, community_id: int | None = None, sms_to: str = "") -> int:
    """Tell everyone the table ``WHO_IS_TOLD`` names for ``message.kind``; ``audiences``
    says who each audience is for this object (the slice knows). Each account once, in the
    app; through the outbox, the community's work groups, an SMS number (``sms_to``) and the
    WeChat of those told who hold a subscription to the kind's template.
    Call it inside the transaction of the change, so that the change and its messages are
    kept or lost together."""
    wanted = [audiences.get(audience) for audience in WHO_IS_TOLD[message.kind]]
    flat: list[Recipient] = []
    for one in wanted:
        flat.extend([one] if one is None or isinstance(one, int | RoleInScope) else list(one))
    told = await _notify(flat, message, skip=skip)
    event = Event(message.kind, message.object_type, message.object_id, message.status, message.params)
    await queue_for_groups(community_id, event)
    await queue_subscribe(told, event)
    if sms_to:
        await queue_sms(sms_to, event)
    return len(told)


def render(notification: Notification, language: str) -> str:
    """The notification as one sentence in ``language``."""
    n = notification
    return sentence(n.kind, n.object_type, n.object_id, n.status, n.params, language)


def link_of(notification: Notification) -> str | None:
    return path_of(notification.object_type, notification.object_id)


async def latest_for(account_id: int, limit: int = MAX_LISTED) -> list[Notification]:
    return await Notification.filter(account_id=account_id).order_by("-id").limit(limit)


async def unread_count(account_id: int) -> int:
    return await Notification.filter(account_id=account_id, read_at=None).count()


async def mark_read(account_id: int, object_type: str | None = None) -> int:
    """Mark an account's unread notifications read (only those about ``object_type`` if given)."""
    unread = Notification.filter(account_id=account_id, read_at=None)
    if object_type:
        unread = unread.filter(object_type=object_type)
    return await unread.update(read_at=now())
