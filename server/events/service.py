"""Trainings and talk sessions: staff record who attended, and each attending rider earns
the "training attended" points once per session (monthly cap as the rules say)."""

from __future__ import annotations

from datetime import date

from server.accounts.models import Account
from server.core.clock import today
from server.core.errors import AppError, invalid
from server.core.roles import Role
from server.core.security import Principal, scope_filter
from server.events.models import Training
from server.points.models import LedgerEntry
from server.points.service import award

MAX_ATTENDEES = 200


async def record_training(principal: Principal, title: str, held_on: date, account_ids: list[int]) -> Training:
    """Record a session and award its attendees; riders outside the caller's scope, or not
    riders, are refused (nothing is recorded then)."""
    if principal.scope_id is None:
        raise AppError(403, "forbidden")
    title = title.strip()
    if not title:
        raise invalid("title", "required")
    if held_on > today():
        raise invalid("held_on", "in_the_future")
    wanted = sorted(set(account_ids))
    if not 1 <= len(wanted) <= MAX_ATTENDEES:
        raise invalid("account_ids", "invalid")
    riders = await Account.filter(id__in=wanted, role=Role.RIDER, is_active=True).select_related("scope")
    if len(riders) != len(wanted) or not all(r.scope and principal.covers(r.scope.path) for r in riders):
        raise invalid("account_ids", "unknown_account")
    training = await Training.create(title=title, held_on=held_on, node_id=principal.scope_id,
                                     node_path=principal.scope_path or "", recorded_by_id=principal.account_id)
    for rider in riders:
        await award(rider.id, "training_attended", "training", training.id, caused_by=principal.account_id,
                    note=title)
    return training


async def attendance(training: Training) -> list[tuple[int, str, int, str]]:
    """(account id, name, points, note) for each attendee of a session."""
    rows = await LedgerEntry.filter(object_type="training", object_id=training.id, reason="training_attended") \
        .order_by("id").values_list("account_id", "account__name", "amount", "note")
    return [(a, n, p, note) for a, n, p, note in rows]


async def recent_trainings(principal: Principal, limit: int = 20) -> list[Training]:
    """The latest sessions recorded within the caller's scope."""
    return await Training.filter(scope_filter(principal, "node_path")).order_by("-held_on", "-id").limit(limit)
