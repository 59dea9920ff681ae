"""Notifications over HTTP: the caller's latest, the unread count, marking read and the
caller's choices; the community's work groups (robots) and the outbox's deliveries."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Router, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.core.messages import request_language
from server.core.pagination import Page, Paging, keyset_page
from server.core.patching import changes_of
from server.core.roles import TRIAGERS
from server.core.security import current_principal, require_roles, signed_in
from server.notifications import groups, service
from server.notifications.audiences import WHO_IS_TOLD
from server.notifications.models import DeliveryStatus
from server.notifications.outbox import DEFAULT_GROUP_KINDS
from server.notifications.schemas import (
    DeliveryOut,
    GroupEdit,
    GroupIn,
    GroupOut,
    MarkedRead,
    NotificationOut,
    Preferences,
    PreferencesIn,
    TestSent,
    Unread,
)

# A community's work group is its workers' (and the admin's) to set up, like triage.
group_managers = require_roles(*TRIAGERS)


@get("/", guards=[signed_in])
async def latest(request: Request) -> list[NotificationOut]:
    """The caller's latest notifications, newest first, each with its text in the
    caller's language and a link to what it is about."""
    language = request_language(request)
    return [NotificationOut.of(n, language) for n in await service.latest_for(current_principal(request).account_id)]


@get("/unread", guards=[signed_in], cache=False)
async def unread(request: Request) -> Unread:
    """How many are unread (the home screen's badge asks this every little while)."""
    return Unread(count=await service.unread_count(current_principal(request).account_id))


@post("/read", guards=[signed_in], status_code=HTTP_200_OK)
async def mark_read(request: Request,
                    object_type: Annotated[str | None, QueryParameter(max_length=20)] = None) -> MarkedRead:
    """Mark the caller's notifications read: all of them, or only those about ``report``s or
    ``wish``es."""
    return MarkedRead(marked=await service.mark_read(current_principal(request).account_id, object_type))


@get("/preferences", guards=[signed_in])
async def preferences(request: Request) -> Preferences:
    return Preferences(muted=await groups.muted_kinds(current_principal(request).account_id), kinds=list(WHO_IS_TOLD))


@put("/preferences", guards=[signed_in])
async def set_preferences(request: Request, data: JSONBody[PreferencesIn]) -> Preferences:
    """Which kinds the caller does not want in the app."""
    muted = await groups.set_muted(current_principal(request).account_id, data.muted)
    return Preferences(muted=muted, kinds=list(WHO_IS_TOLD))


def _allow_loopback(request: Request) -> bool:
    return request.app.state.context.settings.webhooks_allow_loopback


@get("/groups/community/{community_id:int}", guards=[group_managers])
async def community_groups(request: Request, community_id: FromPath[int]) -> list[GroupOut]:
    """A community's work-group robots (admin, the community's workers)."""
    return [GroupOut.of(g, DEFAULT_GROUP_KINDS) for g in await groups.groups_of(current_principal(request), community_id)]


@post("/groups/community/{community_id:int}", guards=[group_managers], status_code=HTTP_201_CREATED)
async def add_group(request: Request, community_id: FromPath[int], data: JSONBody[GroupIn]) -> GroupOut:
    """Connect a WeCom or DingTalk robot: its https webhook address (and DingTalk's signing
    secret), which kinds it is told (default: new reports, overdue, escalations, new
    wishes) and quiet hours."""
    group = await groups.add_group(current_principal(request), community_id, data.fields(),
                                   allow_loopback=_allow_loopback(request))
    return GroupOut.of(group, DEFAULT_GROUP_KINDS)


@patch("/groups/{group_id:int}", guards=[group_managers])
async def edit_group(request: Request, group_id: FromPath[int], data: JSONBody[GroupEdit]) -> GroupOut:
    group = await groups.edit_group(current_principal(request), group_id, changes_of(data),
                                    allow_loopback=_allow_loopback(request))
    return GroupOut.of(group, DEFAULT_GROUP_KINDS)


@post("/groups/{group_id:int}/test", guards=[group_managers], status_code=HTTP_200_OK)
async def test_group(request: Request, group_id: FromPath[int]) -> TestSent:
    """Send a test message to the robot now and show what it answered."""
    sent = await groups.test_send(current_principal(request), group_id, request.app.state.deliverer.channels,
                                  allow_loopback=_allow_loopback(request))
    return TestSent(ok=sent.ok, answer=sent.answer)


@get("/deliveries", guards=[group_managers])
async def deliveries(request: Request, paging: Paging,
                     status: Annotated[DeliveryStatus | None, QueryParameter()] = None) -> Page[DeliveryOut]:
    """The outbox in the caller's scope, newest first: failed and waiting ones with their
    last error."""
    return await keyset_page(groups.deliveries_for(current_principal(request), status), paging, DeliveryOut.of)


@post("/deliveries/{delivery_id:int}/retry", guards=[group_managers],
      status_code=HTTP_200_OK)
async def retry(request: Request, delivery_id: FromPath[int]) -> DeliveryOut:
    """Try a failed (or waiting) delivery again now."""
    return DeliveryOut.of(await groups.retry_delivery(current_principal(request), delivery_id))


router = Router(path="/api/v1/notifications", tags=["notifications"], route_handlers=[
    latest, unread, mark_read, preferences, set_preferences, community_groups, add_group, edit_group, test_group,
    deliveries, retry])
