"""Notifications over HTTP: the caller's latest, the unread count, marking read and the
caller's choices; the community's work groups (robots) and the outbox's deliveries."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Router, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from server.core.messages import request_language
from server.core.pagination import Page, Paging, keyset_page
from server.core.patching import changes_of
from server.core.roles import TRIAGERS, Role
from server.core.security import current_principal, require_roles, signed_in
from server.notifications import groups, service, subscribe
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
    SubscriptionAnswers,
    SubscriptionOut,
    TemplateIn,
    TemplateOut,
    TestSent,
    Unread,
)

# A community's work group is its workers' (and the admin's) to set up, like triage.
group_managers = require_roles(*TRIAGERS)
admin_only = require_roles(Role.ADMIN)


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


@get("/subscriptions", guards=[signed_in], cache=False)
async def subscriptions(request: Request) -> list[SubscriptionOut]:
    """The subscribe-message templates the mini-program may ask about
    (``wx.requestSubscribeMessage`` takes their ids) and how many messages of each the
    caller may still get."""
    return await _held(current_principal(request).account_id)


async def _held(account_id: int) -> list[SubscriptionOut]:
    return [SubscriptionOut(kind=t.kind, template_id=t.template_id, remaining=n)
            for t, n in await subscribe.consents_of(account_id)]


@post("/subscriptions", guards=[signed_in], status_code=HTTP_200_OK)
async def record_subscriptions(request: Request, data: JSONBody[SubscriptionAnswers]) -> list[SubscriptionOut]:
    """What the rider answered on his phone: each "accept" allows one message of that
    template, "reject" or "ban" clears them. 409 ``wechat_not_bound`` without a bound
    WeChat; 422 when a template id is not one of ours (nothing is recorded then)."""
    account_id = current_principal(request).account_id
    await subscribe.record_answers(account_id, data.answers)
    return await _held(account_id)


@get("/templates", guards=[admin_only])
async def templates() -> list[TemplateOut]:
    """The subscribe-message template of each kind of notification (admin)."""
    return [TemplateOut.of(t) for t in await subscribe.templates()]


@put("/templates/{kind:str}", guards=[admin_only])
async def save_template(kind: FromPath[str], data: JSONBody[TemplateIn]) -> TemplateOut:
    """Choose the template for a kind: its id in the mini-program's console, what fills
    each of its fields and the page a tap opens."""
    return TemplateOut.of(await subscribe.save_template(kind, data.template_id, data.fields, data.page, data.is_active))


@delete("/templates/{kind:str}", guards=[admin_only])
async def remove_template(kind: FromPath[str]) -> None:
    await subscribe.remove_template(kind)


wechat_router = Router(path="/api/v1/wechat", tags=["wechat"], route_handlers=[
    subscriptions, record_subscriptions, templates, save_template, remove_template])

router = Router(path="/api/v1/notifications", tags=["notifications"], route_handlers=[
    latest, unread, mark_read, preferences, set_preferences, community_groups, add_group, edit_group, test_group,
    deliveries, retry])
