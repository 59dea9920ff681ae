"""Volunteer hours: the minutes of every confirmed task share and every completed help
request; a rider's total, printable certificates whose QR opens a public check (surname + 师傅,
hours, period — nothing else), and the service records staff import into volunteer platforms."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

from tortoise.functions import Sum

from server.accounts.models import Account
from server.core.clock import BEIJING
from server.core.errors import forbidden, not_found
from server.core.names import public_name
from server.core.periods import Period
from server.core.roles import MANAGERS, Role
from server.core.security import Principal
from server.volunteering.models import Certificate, HelpRequest, HelpStatus, ShareStatus, TaskShare

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Hours:
    minutes: int
    tasks: int
    helps: int


async def hours_of(account_id: int, period: Period | None = None) -> Hours:
    """Minutes of confirmed shares and completed help, in the period (by completion, Beijing)."""
    shares = TaskShare.filter(rider_id=account_id, status=ShareStatus.CONFIRMED)
    helps = HelpRequest.filter(rider_id=account_id, status=HelpStatus.DONE)
    if period is not None:
        shares = shares.filter(decided_at__gte=period.start, decided_at__lt=period.end)
        helps = helps.filter(done_at__gte=period.start, done_at__lt=period.end)
    share_total = await shares.annotate(total=Sum("minutes")).first().values_list("total", flat=True)
    help_total = await helps.annotate(total=Sum("minutes")).first().values_list("total", flat=True)
    return Hours(int(share_total or 0) + int(help_total or 0), await shares.count(), await helps.count())


async def issue_certificate(principal: Principal, period: Period) -> Certificate:
    """A rider's certificate for a period; its code is printed as a QR."""
    if principal.role != Role.RIDER:
        raise forbidden()
    hours = await hours_of(principal.account_id, period)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return await Certificate.create(code=code, account_id=principal.account_id, first_day=period.first,
                                    last_day=period.last, minutes=hours.minutes)


@dataclass(frozen=True)
class Verified:
    name: str
    minutes: int
    first_day: date
    last_day: date
    issued_on: date


async def verify(code: str) -> Verified:
    """What a certificate's QR shows to anyone: surname + 师傅, hours, period."""
    found = await Certificate.get_or_none(code=(code or "").strip().upper()[:16]).select_related("account")
    if found is None:
        raise not_found()
    return Verified(public_name(found.account.name), found.minutes, found.first_day, found.last_day,
                    found.created_at.astimezone(BEIJING).date())


RECORD_COLUMNS = ("name", "id_last4", "date", "minutes", "kind", "organiser")


async def service_records(principal: Principal, period: Period, kind_label) -> AsyncIterator[list[list]]:
    """One line per completed piece of help of the riders in the caller's scope, as volunteer
    platforms import them (name, ID last 4 digits — not kept here, so empty —, date, minutes,
    kind, organiser)."""
    if principal.role not in MANAGERS:
        raise forbidden()
    covered = Account.filter(role=Role.RIDER, scope__path__startswith=principal.scope_path or "/")
    riders = {a.id: a for a in await covered.select_related("scope")}
    shares = await TaskShare.filter(rider_id__in=list(riders), status=ShareStatus.CONFIRMED,
                                    decided_at__gte=period.start, decided_at__lt=period.end) \
        .order_by("decided_at").select_related("task")
    helps = await HelpRequest.filter(rider_id__in=list(riders), status=HelpStatus.DONE, done_at__gte=period.start,
                                     done_at__lt=period.end).order_by("done_at")

    def line(account_id: int, moment, minutes: int, kind: str) -> list:
        rider = riders[account_id]
        return [rider.name, "", moment.astimezone(BEIJING).date().isoformat(), minutes, kind,
                rider.scope.name if rider.scope else ""]

    yield [line(s.rider_id, s.decided_at, s.minutes or 0, kind_label("task.kind", s.task.kind.value)) for s in shares] \
        + [line(h.rider_id, h.done_at, h.minutes or 0, kind_label("help.kind", h.kind.value)) for h in helps]
