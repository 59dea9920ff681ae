"""The community's work groups and the outbox as staff manage them: a robot's address per
community, what it is told, quiet hours; failed and waiting deliveries, retry, test-send."""

from __future__ import annotations

import re

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from server.core.errors import AppError, FieldError, invalid, not_found
from server.core.roles import TRIAGERS, Role
from server.core.security import Principal, ensure_in_scope, scope_filter
from server.notifications.audiences import WHO_IS_TOLD
from server.notifications.channels import (
    AddressError,
    Channel,
    OutboundMessage,
    SendResult,
    check_resolved,
    check_webhook,
)
from server.notifications.models import Delivery, DeliveryStatus, GroupChannel, GroupKind, NotificationPreference
from server.notifications.outbox import retry_now
from server.org.models import NodeKind, OrgNode

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


async def _community(principal: Principal, community_id: int) -> OrgNode:
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY)
    if community is None:
        raise not_found()
    ensure_in_scope(principal, community.path)
    if principal.role not in TRIAGERS:
        raise AppError(403, "forbidden")
    return community


async def _checked(fields: dict, *, allow_loopback: bool) -> dict:
    """Validate a group's fields: a public https webhook, known kinds, HH:MM quiet hours."""
    out = dict(fields)
    if "url" in out:
        try:
            out["url"] = check_webhook(out["url"], allow_loopback=allow_loopback)
            await check_resolved(out["url"], allow_loopback=allow_loopback)
        except AddressError as refused:
            raise AppError(422, "validation_failed", errors=[FieldError("url", str(refused))]) from None
    if out.get("kinds") is not None:
        unknown = [k for k in out["kinds"] if k not in WHO_IS_TOLD]
        if unknown:
            raise invalid("kinds", "invalid")
    for name in ("quiet_from", "quiet_until"):
        if out.get(name) and not _HHMM.fullmatch(out[name]):
            raise invalid(name, "invalid_hours")
    if bool(out.get("quiet_from")) != bool(out.get("quiet_until")) and ("quiet_from" in out or "quiet_until" in out):
        raise invalid("quiet_until", "invalid_hours")
    return out


async def groups_of(principal: Principal, community_id: int) -> list[GroupChannel]:
    community = await _community(principal, community_id)
    return await GroupChannel.filter(community_id=community.id).order_by("id")


async def add_group(principal: Principal, community_id: int, fields: dict, *, allow_loopback: bool) -> GroupChannel:
    community = await _community(principal, community_id)
    fields = await _checked(fields, allow_loopback=allow_loopback)
    if fields["kind"] == GroupKind.WECOM:
        fields["secret"] = ""
    return await GroupChannel.create(community_id=community.id, **fields)


async def managed_group(principal: Principal, group_id: int) -> GroupChannel:
    group = await GroupChannel.get_or_none(id=group_id)
    if group is None:
        raise not_found()
    await _community(principal, group.community_id)
    return group


async def edit_group(principal: Principal, group_id: int, changes: dict, *, allow_loopback: bool) -> GroupChannel:
    group = await managed_group(principal, group_id)
    merged = {"quiet_from": group.quiet_from, "quiet_until": group.quiet_until, **changes}
    checked = await _checked(merged, allow_loopback=allow_loopback)
    for key in changes:
        setattr(group, key, checked[key])
    await group.save()
    return group


async def test_send(principal: Principal, group_id: int, channels: dict[str, Channel], *,
                    allow_loopback: bool) -> SendResult:
    """Send a test message to the group's robot now (not through the outbox) and say what
    the robot answered."""
    group = await managed_group(principal, group_id)
    try:
        check_webhook(group.url, allow_loopback=allow_loopback)
        await check_resolved(group.url, allow_loopback=allow_loopback)
    except AddressError as refused:
        return SendResult(False, str(refused), retry=False)
    message = OutboundMessage(title="驿站测试消息", markdown="**驿站测试消息** · 收到这条消息说明机器人设置正确。",
                              text="驿站测试消息", key=f"test:{group.id}")
    result = await channels[group.kind].send(group.url, group.secret, message)
    if not result.ok and result.answer.startswith(("timeout", "network:")):
        # One word for "nothing answered": a timeout and a refused connection would tell a
        # caller which ports of a host are open.
        return SendResult(False, "unreachable", retry=result.retry)
    return result


def deliveries_for(principal: Principal, status: DeliveryStatus | None) -> QuerySet[Delivery]:
    """The outbox rows of groups in the caller's scope (SMS and WeChat rows: the admin's)."""
    if principal.role == Role.ADMIN and principal.scope_path is None:
        query = Delivery.all()
    elif principal.role == Role.ADMIN:
        query = Delivery.filter(Q(group__community__path__startswith=principal.scope_path) | Q(channel__in=["sms", "wxsub"]))
    else:
        query = Delivery.filter(scope_filter(principal, "group__community__path"))
    if status is not None:
        query = query.filter(status=status)
    return query


async def retry_delivery(principal: Principal, delivery_id: int) -> Delivery:
    """Try a failed (or waiting) delivery of the caller's scope again now; one sent already
    or being sent right now → 409."""
    row = await deliveries_for(principal, None).filter(id=delivery_id).first()
    if row is None:
        raise not_found()
    if not await retry_now(row.id):
        raise AppError(409, "illegal_transition")
    return await Delivery.get(id=row.id)


async def muted_kinds(account_id: int) -> list[str]:
    found = await NotificationPreference.get_or_none(account_id=account_id)
    return list(found.muted) if found else []


async def set_muted(account_id: int, muted: list[str]) -> list[str]:
    unknown = [k for k in muted if k not in WHO_IS_TOLD]
    if unknown:
        raise invalid("muted", "invalid")
    chosen = sorted(set(muted))
    updated = await NotificationPreference.filter(account_id=account_id).update(muted=chosen)
    if not updated:
        await NotificationPreference.create(account_id=account_id, muted=chosen)
    return chosen

