"""What small tasks and help requests share: who a rider is and where he may help, the
history of every step, and how long a piece of help counts for.

The capabilities have a module each: ``tasks.py`` (micro-tasks and their shares),
``helping.py`` (beneficiaries and help requests), ``availability.py`` ("free now" and a
station's peak windows), ``hours.py`` (volunteer hours, certificates, the records export)."""

from __future__ import annotations

from datetime import datetime

from server.accounts.models import Account
from server.core.errors import conflict, forbidden
from server.core.roles import Role
from server.core.security import Principal
from server.volunteering.models import HelpKind, TaskKind, VolunteerEvent

# The most one piece of help counts for, in minutes (claimed → done can be long when a rider
# forgets to press "done"); the confirming worker may set the real time.
MAX_MINUTES = {
    TaskKind.PUBLICITY: 180, TaskKind.PATROL: 240, TaskKind.CIVILITY: 180, TaskKind.CONCERNS: 120,
    TaskKind.URGENT_DELIVERY: 60, TaskKind.OTHER: 120,
    HelpKind.PICKUP: 60, HelpKind.DELIVERY: 60, HelpKind.MEAL: 60, HelpKind.RIDE: 120, HelpKind.ERRAND: 180,
    HelpKind.OTHER: 120,
}
MAX_CORRECTED_MINUTES = 600


def check_retry(recorded_minutes: int | None, asked_minutes: int | None) -> None:
    """A confirmation sent again changes nothing; one that would set other minutes than
    those already recorded is refused (409) rather than quietly ignored."""
    if asked_minutes is not None and asked_minutes != recorded_minutes:
        raise conflict("already_confirmed")


def minutes_spent(kind: str, start: datetime, end: datetime) -> int:
    """Claimed → done in whole minutes, at least 1, at most the kind's maximum."""
    spent = int((end - start).total_seconds() // 60)
    return max(1, min(spent, MAX_MINUTES[kind]))


def ancestor_paths(path: str) -> list[str]:
    """"/1/4/9/" → ["/1/", "/1/4/", "/1/4/9/"]: the scopes whose tasks a rider here sees."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


async def rider_of(principal: Principal) -> Account:
    """The calling rider (with his station); only riders take tasks and help."""
    if principal.role != Role.RIDER or not principal.scope_path:
        raise forbidden()
    return await Account.get(id=principal.account_id).select_related("scope")


async def record(object_type: str, object_id: int, actor_id: int | None, action: str, note: str = "") -> None:
    await VolunteerEvent.create(object_type=object_type, object_id=object_id, actor_id=actor_id, action=action,
                                note=note[:300])


async def history(object_type: str, object_id: int) -> list[VolunteerEvent]:
    return await VolunteerEvent.filter(object_type=object_type, object_id=object_id).order_by("id") \
        .select_related("actor")
