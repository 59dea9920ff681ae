"""WeChat subscribe messages (订阅消息) as an outbox channel.

The admin picks, for a kind of notification, a template of the mini-program's console and
says what fills each of its fields. When the mini-program asks a rider
(``wx.requestSubscribeMessage``), it posts WeChat's answers here: each "accept" is one
one-time subscription, so one message; "reject" or "ban" clears them. Telling an account
about an event spends one subscription (a conditional update: two events cannot spend the
same one) and queues a delivery; the delivery loop sends it through
``subscribeMessage.send``. WeChat's 43101 (the user has no subscription left) clears the
consent; 47003 (a value does not fit the template) fails the row without retrying; a busy or
unreachable WeChat is tried again later.
"""

from __future__ import annotations

import re

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from server.accounts.models import WeChatBinding
from server.core.clock import BEIJING, now
from server.core.errors import conflict, invalid, not_found
from server.core.wechat import WeChat, WeChatError
from server.notifications.audiences import WHO_IS_TOLD
from server.notifications.channels import SendResult
from server.notifications.models import Delivery, SubscribeConsent, SubscribeTemplate
from server.notifications.texts import sentence, status_label

CHANNEL = "wxsub"
# What can fill a template's field.
SOURCES = ("sentence", "place", "category", "title", "status", "time", "date", "number")
# WeChat's field types we fill, with the longest value each takes (None: a fixed format).
FIELD_TYPES = {"thing": 20, "phrase": 5, "name": 10, "character_string": 32, "number": 32, "time": None, "date": None}
FIELD_KEY = re.compile(r"^(thing|phrase|name|character_string|number|time|date)(\d{1,2})$")
TEMPLATE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_FIELDS = 10
# Subscriptions an account can hold for one template (each "accept" adds one).
MAX_HELD = 50
# Which version of the mini-program a message's tap opens, in subscribeMessage.send's words,
# by our YIZHAN_WECHAT_ENV.
STATES = {"release": "formal", "trial": "trial", "develop": "developer"}
# WeChat's errcodes after which trying the same message again cannot help.
NOT_RETRIED = {43101, 47003, 40003, 40037, 41030}


# --- the admin's templates ------------------------------------------------------------------


def check_template(kind: str, template_id: str, mapping: dict[str, str], page: str) -> None:
    if kind not in WHO_IS_TOLD:
        raise invalid("kind", "unknown_notification_kind")
    if not TEMPLATE_ID.match(template_id or ""):
        raise invalid("template_id", "invalid")
    if not mapping or len(mapping) > MAX_FIELDS:
        raise invalid("fields", "invalid")
    for key, source in mapping.items():
        if not FIELD_KEY.match(key):
            raise invalid("fields", "unknown_field_type")
        if source not in SOURCES:
            raise invalid("fields", "unknown_source")
    if len(page) > 200 or page.startswith("/"):
        raise invalid("page", "invalid")


async def save_template(kind: str, template_id: str, mapping: dict[str, str], page: str = "", is_active: bool = True) -> SubscribeTemplate:
    check_template(kind, template_id, mapping, page)
    template, _ = await SubscribeTemplate.update_or_create(
        kind=kind, defaults={"template_id": template_id, "mapping": mapping, "page": page, "is_active": is_active}
    )
    return template


async def remove_template(kind: str) -> None:
    if not await SubscribeTemplate.filter(kind=kind).delete():
        raise not_found()


async def templates() -> list[SubscribeTemplate]:
    return await SubscribeTemplate.all().order_by("kind")


# --- a rider's consent ----------------------------------------------------------------------


async def consents_of(account_id: int) -> list[tuple[SubscribeTemplate, int]]:
    """The active templates and how many messages of each the account may still get."""
    held = dict(await SubscribeConsent.filter(account_id=account_id).values_list("template_id", "remaining"))
    return [(t, held.get(t.template_id, 0)) for t in await SubscribeTemplate.filter(is_active=True).order_by("kind")]


async def record_answers(account_id: int, answers: dict[str, str]) -> None:
    """WeChat's answers to ``wx.requestSubscribeMessage`` as the phone got them
    (``{template id: "accept" | "reject" | "ban" | "filter"}``): all recorded, or none when
    one names a template that is not configured."""
    # The phone's answer object also carries ``errMsg`` ("requestSubscribeMessage:ok").
    answers = {key: value for key, value in answers.items() if key != "errMsg"}
    if not await WeChatBinding.filter(account_id=account_id).exists():
        raise conflict("wechat_not_bound")
    known = set(await SubscribeTemplate.filter(is_active=True).values_list("template_id", flat=True))
    if not answers or any(t not in known for t in answers):
        raise invalid("answers", "unknown_template")
    if any(a not in ("accept", "reject", "ban", "filter") for a in answers.values()):
        raise invalid("answers", "invalid")
    async with in_transaction():
        for template_id, answer in answers.items():
            consent, _ = await SubscribeConsent.get_or_create(account_id=account_id, template_id=template_id)
            if answer == "accept":
                await SubscribeConsent.filter(id=consent.id, remaining__lt=MAX_HELD).update(
                    remaining=F("remaining") + 1)
            elif answer in ("reject", "ban"):
                await SubscribeConsent.filter(id=consent.id).update(remaining=0)
            # "filter": WeChat hid the template (e.g. its title is banned): nothing changes.


# --- sending ---------------------------------------------------------------------------------


def fit(key: str, value: str) -> str:
    """A value as the field's type takes it: cut to its length; never empty."""
    kind = FIELD_KEY.match(key).group(1)
    limit = FIELD_TYPES[kind]
    value = " ".join(str(value).split()) or "—"
    if limit is not None and len(value) > limit:
        value = value[: limit - 1] + "…" if kind == "thing" else value[:limit]
    return value


def field_values(template: SubscribeTemplate, row: Delivery) -> dict[str, str]:
    params = row.params or {}
    at = (row.created_at or now()).astimezone(BEIJING)
    found = {
        "sentence": lambda: sentence(row.kind, row.object_type, row.object_id, row.status_of_object, params, "zh"),
        "place": lambda: params.get("place", ""),
        "category": lambda: params.get("category_name", ""),
        "title": lambda: params.get("title", ""),
        "status": lambda: status_label(row.kind, row.object_type, row.status_of_object, "zh"),
        "time": lambda: f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}",
        "date": lambda: f"{at.year}年{at.month}月{at.day}日",
        "number": lambda: str(row.object_id),
    }
    return {key: fit(key, found[source]()) for key, source in template.mapping.items()}


class SubscribeSender:
    """Sends a queued subscribe message and says what WeChat answered."""

    def __init__(self, wechat: WeChat | None, env_version: str = "release") -> None:
        self.wechat = wechat
        self.state = STATES.get(env_version, "formal")

    async def send(self, row: Delivery) -> SendResult:
        if self.wechat is None:
            return SendResult(False, "WeChat is not configured", retry=False)
        binding = await WeChatBinding.get_or_none(account_id=row.account_id)
        if binding is None:
            return SendResult(False, "the account no longer has WeChat bound", retry=False)
        template = await SubscribeTemplate.get_or_none(kind=row.kind, is_active=True)
        if template is None or template.template_id != row.template_id:
            return SendResult(False, "the template was removed or replaced", retry=False)
        page = template.page.replace("{id}", str(row.object_id))
        try:
            await self.wechat.send_subscribe(binding.openid, template.template_id, field_values(template, row), page=page, state=self.state)
        except WeChatError as error:
            if error.errcode == 43101:
                await SubscribeConsent.filter(account_id=row.account_id, template_id=row.template_id).update(remaining=0)
            return SendResult(False, str(error)[:500], retry=error.errcode not in NOT_RETRIED)
        return SendResult(True, "errcode 0: ok")
