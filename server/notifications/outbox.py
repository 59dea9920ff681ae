"""The outbox: messages to outside channels (work-group robots, SMS, WeChat subscribe
messages) are rows written in the transaction of the change that caused them, and a
delivery loop sends them.

Exactly once per (event, recipient, channel): the row's ``key`` is unique, so the same
event cannot be queued twice; a worker takes a row by a conditional update (pending and
due, or its lease ran out) that only one worker can win, on SQLite and PostgreSQL alike. A
worker killed after the robot accepted a message but before the row said "sent" leaves a
lease that runs out; the row is then sent once more — at most once more — with the same
key in the message for the receiver to recognise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import httpx
from tortoise.expressions import F, Q

from server.core.clock import BEIJING, now
from server.core.media import photo_url
from server.notifications.channels import (
    AddressError,
    Channel,
    DingTalkRobot,
    LoggingSms,
    OutboundMessage,
    SendResult,
    WeComRobot,
    check_resolved,
)
from server.notifications.models import (
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    GroupChannel,
    GroupKind,
    SubscribeConsent,
    SubscribeTemplate,
)
from server.notifications.subscribe import CHANNEL as SUBSCRIBE
from server.notifications.subscribe import SubscribeSender
from server.notifications.texts import path_of, sentence

logger = logging.getLogger("yizhan.outbox")

# What a work group is told unless its community chooses otherwise.
DEFAULT_GROUP_KINDS = ("report_submitted", "report_overdue", "report_escalated", "wish_submitted")
# Sent even in quiet hours.
URGENT_KINDS = frozenset({"report_escalated"})
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)
ROBOT_PER_MINUTE = 20     # WeCom and DingTalk both allow about 20 messages a minute per robot
BATCH = 50


@dataclass(frozen=True)
class Event:
    """One thing that happened, as the outbox keys and renders it."""

    kind: str
    object_type: str
    object_id: int
    status: str
    params: dict

    @property
    def key(self) -> str:
        # A deadline is part of the event: a new deadline is a new alarm.
        return f"{self.kind}:{self.object_type}:{self.object_id}:{self.status}:{self.params.get('deadline', '')}"


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … up to an hour between tries."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


async def _queue(rows: list[Delivery]) -> int:
    """Insert the rows, skipping any whose (event, recipient, channel) is queued already
    (one statement: ON CONFLICT DO NOTHING / INSERT OR IGNORE, no savepoint needed)."""
    if rows:
        await Delivery.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


async def queue_for_groups(community_id: int | None, event: Event, at: datetime | None = None) -> int:
    """Queue the event for each active work group of the community that takes its kind."""
    if community_id is None:
        return 0
    rows = [
        Delivery(key=f"{event.key}:group:{group.id}"[:200], channel=group.kind, group_id=group.id, kind=event.kind,
                 object_type=event.object_type, object_id=event.object_id, status_of_object=event.status,
                 params=event.params, next_attempt_at=at or now())
        for group in await GroupChannel.filter(community_id=community_id, is_active=True)
        if event.kind in (group.kinds if group.kinds is not None else DEFAULT_GROUP_KINDS)
    ]
    return await _queue(rows)


async def queue_sms(phone: str, event: Event, at: datetime | None = None) -> int:
    if not phone:
        return 0
    return await _queue([Delivery(
        key=f"{event.key}:sms:{phone}"[:200], channel="sms", phone=phone, kind=event.kind,
        object_type=event.object_type, object_id=event.object_id, status_of_object=event.status,
        params=event.params, next_attempt_at=at or now())])


async def queue_subscribe(account_ids: list[int], event: Event, at: datetime | None = None) -> int:
    """Queue the event for each of the accounts holding a subscription to the kind's
    template, spending one each (a conditional update: two events cannot spend the same
    one). Returns how many were queued."""
    template = await SubscribeTemplate.get_or_none(kind=event.kind, is_active=True) if account_ids else None
    if template is None:
        return 0
    holders = await SubscribeConsent.filter(account_id__in=account_ids, template_id=template.template_id,
                                            remaining__gt=0, account__wechat__id__isnull=False) \
        .values_list("account_id", flat=True)
    keys = {holder: f"{event.key}:{SUBSCRIBE}:{holder}"[:200] for holder in holders}
    queued_before = set(await Delivery.filter(key__in=list(keys.values())).values_list("key", flat=True))
    rows = []
    for account_id, key in keys.items():
        if key in queued_before:
            continue
        if await SubscribeConsent.filter(account_id=account_id, template_id=template.template_id, remaining__gt=0) \
                .update(remaining=F("remaining") - 1):
            rows.append(Delivery(key=key, channel=SUBSCRIBE, account_id=account_id, template_id=template.template_id,
                                 kind=event.kind, object_type=event.object_type, object_id=event.object_id,
                                 status_of_object=event.status, params=event.params, next_attempt_at=at or now()))
    return await _queue(rows)


# --- rendering ------------------------------------------------------------------------------


def _line(row: Delivery) -> str:
    return sentence(row.kind, row.object_type, row.object_id, row.status_of_object, row.params, "zh")


def _link(row: Delivery, public_url: str) -> str:
    return public_url + (path_of(row.object_type, row.object_id) or "/")


def render_one(row: Delivery, public_url: str) -> OutboundMessage:
    line = _line(row)
    parts = [f"**{line}**"]
    params = row.params or {}
    if params.get("category_name"):
        parts.append(f"> {params.get('place', '')} · {params['category_name']}")
    if params.get("photo"):
        parts.append(f"[照片]({public_url}{photo_url(params['photo'])})")
    parts.append(f"[打开处理]({_link(row, public_url)})")
    parts.append(f"<font color=\"comment\">{row.key}</font>")
    return OutboundMessage(title=line[:64], markdown="\n\n".join(parts), text=f"{line} {_link(row, public_url)}",
                           key=row.key)


def render_digest(rows: list[Delivery], public_url: str) -> OutboundMessage:
    title = f"驿站 · {len(rows)} 条新消息"
    lines = [f"- [{_line(r)}]({_link(r, public_url)})" for r in rows]
    keys = ",".join(str(r.id) for r in rows)
    return OutboundMessage(title=title, markdown=f"**{title}**\n\n" + "\n".join(lines)
                           + f"\n\n<font color=\"comment\">digest:{keys}</font>",
                           text=title, key=f"digest:{keys}")


# --- quiet hours -----------------------------------------------------------------------------


def _clock(raw: str) -> time | None:
    try:
        hours, minutes = raw.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


def quiet_until(group: GroupChannel, at: datetime) -> datetime | None:
    """The end of the group's quiet hours if ``at`` falls inside them (Beijing time)."""
    start, end = _clock(group.quiet_from), _clock(group.quiet_until)
    if start is None or end is None or start == end:
        return None
    local = at.astimezone(BEIJING)
    today_end = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    moment = local.time()
    inside = start <= moment < end if start < end else moment >= start or moment < end
    if not inside:
        return None
    return today_end if today_end > local else today_end + timedelta(days=1)


# --- delivering ------------------------------------------------------------------------------


class Deliverer:
    """Sends what is due. Every app worker runs one (as a housekeeping job every couple of
    seconds); they share the work through the rows."""

    def __init__(self, client: httpx.AsyncClient, public_url: str, *, allow_loopback: bool = False,
                 channels: Iterable[Channel] | None = None, lease: timedelta = LEASE,
                 subscribe: SubscribeSender | None = None) -> None:
        self.public_url = public_url
        self.lease = lease
        self.allow_loopback = allow_loopback
        self.channels: dict[str, Channel] = {c.name: c for c in (channels or (
            WeComRobot(client), DingTalkRobot(client), LoggingSms()))}
        self.subscribe = subscribe or SubscribeSender(None)

    async def deliver_due(self, at: datetime | None = None) -> int:
        """One round: take the due rows, send them (a digest where a group gets many, or
        comes out of quiet hours), record every attempt. Returns how many rows were sent."""
        at = at or now()
        due = await Delivery.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=at)
            | Q(status=DeliveryStatus.SENDING, lease_until__lt=at)
        ).order_by("id").limit(BATCH)
        mine = [row for row in due if await self._take(row, at)]
        by_group: dict[int, list[Delivery]] = {}
        sent = 0
        for row in mine:
            if row.channel == "sms":
                sent += await self._send_rows([row], row.phone, "", self.channels["sms"], at)
            elif row.channel == SUBSCRIBE:
                result = await self.subscribe.send(row)
                await self._record([row], result, at)
                sent += result.ok
            else:
                by_group.setdefault(row.group_id, []).append(row)
        for group_id, rows in by_group.items():
            sent += await self._send_group(group_id, rows, at)
        return sent

    async def _take(self, row: Delivery, at: datetime) -> bool:
        """Claim a row for this worker: one conditional update, one winner."""
        claimed = await Delivery.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=at) | Q(status=DeliveryStatus.SENDING, lease_until__lt=at),
            id=row.id,
        ).update(status=DeliveryStatus.SENDING, lease_until=at + self.lease)
        return bool(claimed)

    async def _send_group(self, group_id: int, rows: list[Delivery], at: datetime) -> int:
        group = await GroupChannel.get_or_none(id=group_id)
        if group is None or not group.is_active:
            await self._fail(rows, "the work group was removed or switched off", at)
            return 0
        held_until = quiet_until(group, at)
        if held_until is not None:
            waiting = [r for r in rows if r.kind not in URGENT_KINDS]
            await self._release(waiting, held_until, held=True)
            rows = [r for r in rows if r.kind in URGENT_KINDS]
            if not rows:
                return 0
        recent = await Delivery.filter(group_id=group_id, sent_at__gte=at - timedelta(minutes=1)).count()
        room = ROBOT_PER_MINUTE - recent
        if room <= 0:
            await self._release(rows, at + timedelta(minutes=1))
            return 0
        channel = self.channels[GroupKind(group.kind).value]
        if len(rows) > room or any(r.held for r in rows):
            return await self._send_rows(rows, group.url, group.secret, channel, at, digest=True)
        sent = 0
        for row in rows:
            sent += await self._send_rows([row], group.url, group.secret, channel, at)
        return sent

    async def _send_rows(self, rows: list[Delivery], address: str, secret: str, channel: Channel, at: datetime,
                         *, digest: bool = False) -> int:
        message = render_digest(rows, self.public_url) if digest else render_one(rows[0], self.public_url)
        refused = None if channel.name == "sms" else await self._refuse_address(address)
        try:
            result = SendResult(False, refused, retry=False) if refused else await channel.send(address, secret, message)
        except Exception as exc:  # noqa: BLE001 - a broken channel must not stop the loop
            logger.exception("channel %s failed", channel.name)
            result = SendResult(False, f"error: {type(exc).__name__}")
        await self._record(rows, result, at)
        return len(rows) if result.ok else 0

    async def _record(self, rows: list[Delivery], result: SendResult, at: datetime) -> None:
        """The attempt, and the rows sent, failed for good, or due again after a pause."""
        for row in rows:
            await DeliveryAttempt.create(delivery_id=row.id, ok=result.ok, answer=result.answer[:500])
            attempts = row.attempts + 1
            if result.ok:
                await Delivery.filter(id=row.id).update(status=DeliveryStatus.SENT, sent_at=now(), attempts=attempts,
                                                        lease_until=None, last_error="", held=False)
            elif not result.retry or attempts >= MAX_ATTEMPTS:
                await Delivery.filter(id=row.id).update(status=DeliveryStatus.FAILED, attempts=attempts,
                                                        lease_until=None, last_error=result.answer[:500])
            else:
                await Delivery.filter(id=row.id).update(status=DeliveryStatus.PENDING, attempts=attempts,
                                                        lease_until=None, last_error=result.answer[:500],
                                                        next_attempt_at=at + backoff(attempts))

    async def _release(self, rows: list[Delivery], until: datetime, *, held: bool = False) -> None:
        """Give rows back without counting an attempt (quiet hours, the robot's rate)."""
        for row in rows:
            await Delivery.filter(id=row.id).update(status=DeliveryStatus.PENDING, next_attempt_at=until,
                                                    lease_until=None, held=held or row.held)

    async def _fail(self, rows: list[Delivery], why: str, at: datetime) -> None:
        for row in rows:
            await DeliveryAttempt.create(delivery_id=row.id, ok=False, answer=why)
            await Delivery.filter(id=row.id).update(status=DeliveryStatus.FAILED, last_error=why, lease_until=None)

    async def _refuse_address(self, url: str) -> str | None:
        """At send time too (a name can point anywhere by then): no private addresses."""
        try:
            await check_resolved(url, allow_loopback=self.allow_loopback)
        except AddressError:
            return f"refused: {urlsplit(url).hostname or ''} points at a private address"
        return None


async def retry_now(delivery_id: int) -> bool:
    """The admin's "retry now": a failed or waiting row is due again, its count reset."""
    return bool(await Delivery.filter(id=delivery_id, status__in=[DeliveryStatus.FAILED, DeliveryStatus.PENDING])
                .update(status=DeliveryStatus.PENDING, next_attempt_at=now(), attempts=0, lease_until=None))
