"""Micro-tasks (小微任务): community workers and station heads post them for the riders of
their scope with a quota; riders claim a share, send the proof the task asks for, and the
poster confirms (points once, through the ledger, and volunteer minutes) or rejects with a
reason (the share's units go back to the quota).

The quota holds under any number of simultaneous claims: a claim is one conditional update
``taken = taken + n WHERE taken + n <= quota``; giving a share back is the reverse."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, RawSQL
from tortoise.transactions import in_transaction

from server.core.clock import now
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.media import new_photos
from server.core.roles import MANAGERS
from server.core.security import Principal, scope_filter
from server.locations.codes import normalise_code
from server.locations.models import Place, PlaceCode
from server.notifications.audiences import Audience
from server.notifications.service import Message, tell
from server.points.service import award
from server.volunteering.availability import free_state, riders_to_offer
from server.volunteering.models import Proof, QuotaUnit, ShareStatus, Task, TaskKind, TaskShare, TaskStatus
from server.volunteering.service import MAX_CORRECTED_MINUTES, ancestor_paths, check_retry, minutes_spent, record, rider_of

MAX_QUOTA = 100_000
MAX_POINTS = 1000
NEAR_LIMIT = 50
KM_PER_DEGREE = 111.32


@dataclass
class TaskInput:
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    quota: int
    instructions: str = ""
    unit: str = QuotaUnit.RIDERS.value
    points: int = 10
    proof: str = Proof.PHOTO.value
    place_id: int | None = None
    area: str = ""


def _choice(enum, value: str, field: str):
    try:
        return enum(value)
    except ValueError:
        raise invalid(field, "invalid") from None


async def post_task(principal: Principal, data: TaskInput) -> Task:
    """A task for the riders of the caller's scope. A window already over, a quota or points
    out of range, a place outside the scope: 422, nothing stored."""
    if principal.role not in MANAGERS:
        raise forbidden()
    if not principal.scope_path:
        raise forbidden()
    title = data.title.strip()
    if not title or len(title) > 60:
        raise invalid("title", "required" if not title else "too_long")
    kind = _choice(TaskKind, data.kind, "kind")
    unit = _choice(QuotaUnit, data.unit, "unit")
    proof = _choice(Proof, data.proof, "proof")
    if not 1 <= data.quota <= MAX_QUOTA:
        raise invalid("quota", "invalid_number")
    if not 0 <= data.points <= MAX_POINTS:
        raise invalid("points", "invalid_number")
    if data.ends_at <= now():
        raise invalid("ends_at", "in_the_past")
    if data.ends_at <= data.starts_at:
        raise invalid("ends_at", "window_order")
    place = None
    if data.place_id is not None:
        place = await Place.get_or_none(id=data.place_id, is_active=True)
        if place is None or not principal.covers(place.scope_path):
            raise invalid("place_id", "place_unknown")
    if proof == Proof.SCAN and place is None:
        raise invalid("place_id", "required")  # a code to scan needs a place that has one
    async with in_transaction():
        task = await Task.create(
            kind=kind, title=title, instructions=data.instructions.strip()[:1000], place_id=place.id if place else None,
            area=data.area.strip()[:100], latitude=place.latitude if place else None,
            longitude=place.longitude if place else None, scope_path=principal.scope_path, starts_at=data.starts_at,
            ends_at=data.ends_at, unit=unit, quota=data.quota, points=data.points, proof=proof,
            posted_by_id=principal.account_id)
        if kind == TaskKind.URGENT_DELIVERY:  # offered (and told) only to riders free now
            await tell({Audience.FREE_RIDERS: await riders_to_offer(principal.scope_path, now())},
                       Message("task_offered", "task", task.id, "open", {"title": title}))
    return task


async def open_tasks(principal: Principal, lat: float | None = None, lng: float | None = None,
                     limit: int = NEAR_LIMIT) -> list[tuple[Task, float | None]]:
    """What a rider may claim now, with the distance in km when his phone gave its position:
    nearest first, then those without a place by their end. Urgent deliveries only while he
    is free (and not in his station's peak, unless he asked)."""
    rider = await rider_of(principal)
    at = now()
    query = Task.filter(status=TaskStatus.OPEN, ends_at__gt=at, scope_path__in=ancestor_paths(rider.scope.path),
                        taken__lt=F("quota"))
    free = await free_state(rider.id, rider.scope_id, at)
    if not free.offered(at):
        query = query.exclude(kind=TaskKind.URGENT_DELIVERY)
    mine = TaskShare.filter(rider_id=rider.id).values_list("task_id", flat=True)
    query = query.exclude(id__in=await mine)
    if lat is None or lng is None:
        return [(task, None) for task in await query.order_by("ends_at", "id").limit(limit)]
    # Nearest first, in SQL: a flat distance is right at a city's size (and the index on
    # latitude is not needed for a few thousand open tasks in a scope).
    squash = math.cos(math.radians(lat)) ** 2
    # The numbers are floats the API checked, written into the SQL as numbers.
    far = (f"(latitude - {float(lat)!r}) * (latitude - {float(lat)!r})"
           f" + (longitude - {float(lng)!r}) * (longitude - {float(lng)!r}) * {squash!r}")
    located = await query.filter(latitude__not_isnull=True).annotate(far=RawSQL(far)).order_by("far", "id").limit(limit)
    found = [(task, round(math.sqrt(task.far) * KM_PER_DEGREE, 2)) for task in located]
    if len(found) < limit:
        found += [(task, None) for task in await query.filter(latitude__isnull=True)
                  .order_by("ends_at", "id").limit(limit - len(found))]
    return found


async def task_in_scope(principal: Principal, task_id: int) -> Task:
    task = await Task.get_or_none(id=task_id)
    if task is None:
        raise not_found()
    if principal.role in MANAGERS and principal.covers(task.scope_path):
        return task
    if principal.scope_path and task.scope_path in ancestor_paths(principal.scope_path):
        return task
    raise not_found()


async def claim(principal: Principal, task_id: int, units: int = 1) -> TaskShare:
    """Take a share: one per rider and task; past the quota → 409 ``task_full``."""
    rider = await rider_of(principal)
    task = await task_in_scope(principal, task_id)
    if task.unit == QuotaUnit.RIDERS:
        units = 1
    if not 1 <= units <= task.quota:
        raise invalid("units", "invalid_number")
    at = now()
    if task.status != TaskStatus.OPEN or task.ends_at <= at:
        raise conflict("task_closed")
    if task.kind == TaskKind.URGENT_DELIVERY:
        if refused := (await free_state(rider.id, rider.scope_id, at)).refusal(at):
            raise conflict(refused)
    try:
        async with in_transaction():
            taken = await Task.filter(id=task.id, status=TaskStatus.OPEN, taken__lte=task.quota - units) \
                .update(taken=F("taken") + units)
            if not taken:
                raise conflict("task_full")
            share = await TaskShare.create(task_id=task.id, rider_id=rider.id, units=units)
            await record("task", task.id, rider.id, "claim", f"{units}")
    except IntegrityError:
        raise conflict("already_claimed") from None
    return share


async def share_of(principal: Principal, share_id: int) -> TaskShare:
    share = await TaskShare.get_or_none(id=share_id).select_related("task", "rider")
    if share is None:
        raise not_found()
    if share.rider_id == principal.account_id:
        return share
    if principal.role in MANAGERS and principal.covers(share.task.scope_path):
        return share
    raise not_found()


async def give_back(principal: Principal, share_id: int) -> TaskShare:
    """The rider returns a share he has not done: its units go back to the quota."""
    share = await share_of(principal, share_id)
    if share.rider_id != principal.account_id:
        raise forbidden()
    await _release(share, ShareStatus.CLAIMED, ShareStatus.WITHDRAWN, principal.account_id, "")
    return await TaskShare.get(id=share.id)


async def _release(share: TaskShare, source: ShareStatus, target: ShareStatus, actor: int, reason: str) -> None:
    async with in_transaction():
        moved = await TaskShare.filter(id=share.id, status=source).update(
            status=target, reason=reason, decided_at=now(), decided_by_id=actor if target == ShareStatus.REJECTED
            else None)
        if not moved:
            raise conflict("illegal_transition")
        await Task.filter(id=share.task_id).update(taken=F("taken") - share.units)
        await record("share", share.id, actor, target.value, reason)


@dataclass
class ProofInput:
    text: str = ""
    number: int | None = None
    code: str = ""
    photo: bytes | None = None


async def submit(principal: Principal, share_id: int, proof: ProofInput, media_dir: Path) -> TaskShare:
    """The rider sends what the task asks for: a photo, a number, a short text, or the code
    of the task's place (its poster, scanned there). Missing → 422, nothing stored."""
    share = await share_of(principal, share_id)
    if share.rider_id != principal.account_id:
        raise forbidden()
    if share.status != ShareStatus.CLAIMED:
        raise conflict("illegal_transition")
    task = share.task
    changes: dict = {"proof_text": proof.text.strip()[:500]}
    if task.proof == Proof.TEXT and not changes["proof_text"]:
        raise invalid("text", "proof_required")
    if task.proof == Proof.NUMBER:
        if proof.number is None or not 0 <= proof.number <= 1_000_000:
            raise invalid("number", "proof_required")
        changes["proof_number"] = proof.number
    if task.proof == Proof.SCAN:
        code = normalise_code(proof.code or "")
        if not code or not await PlaceCode.filter(code=code, place_id=task.place_id, retired_at=None).exists():
            raise invalid("code", "wrong_place_code")
    if task.proof == Proof.PHOTO and not proof.photo:
        raise invalid("photo", "proof_required")
    moment = now()
    changes.update(status=ShareStatus.SUBMITTED, submitted_at=moment,
                   minutes=minutes_spent(task.kind, share.created_at, moment))
    async with new_photos(media_dir) as written:
        if proof.photo:
            stored = await written.store(proof.photo, field="photo")
            changes.update(proof_photo=stored.name, proof_thumb=stored.thumb)
        async with in_transaction():
            if not await TaskShare.filter(id=share.id, status=ShareStatus.CLAIMED).update(**changes):
                raise conflict("illegal_transition")
            await record("share", share.id, principal.account_id, "submit")
            await tell({Audience.TASK_POSTER: task.posted_by_id},
                       Message("task_submitted", "task", task.id, "submitted", {"title": task.title}))
    return await TaskShare.get(id=share.id)


async def decide(principal: Principal, share_id: int, action: str, reason: str = "",
                 minutes: int | None = None) -> TaskShare:
    """The poster's side confirms (points once, within the monthly cap; minutes as counted or
    as he corrects them) or rejects with a reason. A retried confirmation changes nothing."""
    share = await share_of(principal, share_id)
    if principal.role not in MANAGERS or not principal.covers(share.task.scope_path):
        raise forbidden()
    if action == "reject":
        if not reason.strip():
            raise invalid("reason", "reason_required")
        await _release(share, ShareStatus.SUBMITTED, ShareStatus.REJECTED, principal.account_id, reason.strip()[:200])
        await tell({Audience.VOLUNTEER: share.rider_id},
                   Message("task_decided", "task", share.task_id, "rejected", {"title": share.task.title}))
        return await TaskShare.get(id=share.id)
    if action != "confirm":
        raise not_found()
    if minutes is not None and not 1 <= minutes <= MAX_CORRECTED_MINUTES:
        raise invalid("minutes", "invalid_number")
    if share.status == ShareStatus.CONFIRMED:
        check_retry(share.minutes, minutes)
        return share  # a retry: already done, nothing written twice
    async with in_transaction():
        changes = {"status": ShareStatus.CONFIRMED, "decided_at": now(), "decided_by_id": principal.account_id}
        if minutes is not None:
            changes["minutes"] = minutes
        if not await TaskShare.filter(id=share.id, status=ShareStatus.SUBMITTED).update(**changes):
            current = await TaskShare.get(id=share.id)
            if current.status == ShareStatus.CONFIRMED:
                check_retry(current.minutes, minutes)
                return current
            raise conflict("illegal_transition")
        await record("share", share.id, principal.account_id, "confirm")
        await award(share.rider_id, "task_completed", "task_share", share.id, caused_by=principal.account_id,
                    note=share.task.title, points=share.task.points)
        await tell({Audience.VOLUNTEER: share.rider_id},
                   Message("task_decided", "task", share.task_id, "confirmed", {"title": share.task.title}))
    return await TaskShare.get(id=share.id)


async def close_task(principal: Principal, task_id: int) -> Task:
    task = await task_in_scope(principal, task_id)
    if principal.role not in MANAGERS:
        raise forbidden()
    await Task.filter(id=task.id).update(status=TaskStatus.CLOSED)
    return await Task.get(id=task.id)


async def posted_tasks(principal: Principal, limit: int = 50) -> list[Task]:
    if principal.role not in MANAGERS:
        raise forbidden()
    return await Task.filter(scope_filter(principal, "scope_path")).order_by("-id").limit(limit)


async def shares_of_task(principal: Principal, task_id: int) -> list[TaskShare]:
    task = await task_in_scope(principal, task_id)
    if principal.role not in MANAGERS:
        raise forbidden()
    return await TaskShare.filter(task_id=task.id).order_by("id").select_related("rider")


async def my_shares(principal: Principal) -> list[TaskShare]:
    return await TaskShare.filter(rider_id=principal.account_id).order_by("-id").limit(100).select_related("task")

