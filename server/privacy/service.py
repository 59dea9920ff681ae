"""What is held about a person, and deleting their account. Deleting keeps what others
rely on — reports stay (anonymised), ledger lines stay (attributed to a deleted account) —
and removes what identifies the person."""

from __future__ import annotations

import secrets
from datetime import timedelta

from server.accounts.models import Account, WeChatBinding
from server.accounts.sessions import end_all_sessions
from server.core.clock import now
from server.core.errors import invalid
from server.core.passwords import hash_password, verify_password
from server.core.security import Principal
from server.notifications.models import Notification
from server.points.models import LedgerEntry
from server.reports.backoffice import forget_guest_contacts
from server.reports.models import Report
from server.volunteering.models import Beneficiary, HelpRequest, TaskShare
from server.wishes.claims import forget_claimer_phones
from server.wishes.models import Wish, WishClaim

DELETED_NAME = "已注销账号"
HELD = 1000  # rows of each kind in a download


async def forget_old_contacts(days: int, *, dry_run: bool = False) -> tuple[int, int]:
    """Retention: guests' names and phones on reports, and claimers' phones on claims,
    finished more than ``days`` ago are removed. Returns (reports, claims) that (would) lose them."""
    before = now() - timedelta(days=days)
    return (await forget_guest_contacts(before, dry_run=dry_run),
            await forget_claimer_phones(before, dry_run=dry_run))


async def held_about(principal: Principal) -> dict:
    """Everything Yizhan keeps about the caller, as plain data for a JSON download."""
    account = await Account.get(id=principal.account_id).select_related("scope")
    reports = await Report.filter(reporter_id=account.id).select_related("category", "place").order_by("id").limit(HELD)
    wishes = await Wish.filter(rider_id=account.id).order_by("id").limit(HELD)
    claims = await WishClaim.filter(account_id=account.id).order_by("id").limit(HELD)
    ledger = await LedgerEntry.filter(account_id=account.id).order_by("id").limit(HELD)
    shares = await TaskShare.filter(rider_id=account.id).select_related("task").order_by("id").limit(HELD)
    helped = await HelpRequest.filter(rider_id=account.id).order_by("id").limit(HELD)
    asked = await Beneficiary.filter(account_id=account.id).order_by("id").limit(HELD)
    return {
        "account": {"id": account.id, "role": account.role.value, "name": account.name, "phone": account.phone,
                    "username": account.username, "scope": account.scope.name if account.scope else None,
                    "created_at": account.created_at.isoformat(), "consent_version": account.consent_version,
                    "consent_at": account.consent_at.isoformat() if account.consent_at else None,
                    "on_leaderboard": account.on_leaderboard},
        "reports": [{"id": r.id, "category": r.category.key, "place": r.place.name, "description": r.description,
                     "spot": r.spot, "status": r.status.value, "created_at": r.created_at.isoformat()} for r in reports],
        "wishes": [{"id": w.id, "title": w.title, "description": w.description, "status": w.status.value,
                    "created_at": w.created_at.isoformat()} for w in wishes],
        "claims": [{"id": c.id, "wish_id": c.wish_id, "name": c.name, "phone": c.phone, "status": c.status.value,
                    "created_at": c.created_at.isoformat()} for c in claims],
        "points": [{"amount": e.amount, "reason": e.reason, "created_at": e.created_at.isoformat()} for e in ledger],
        "task_shares": [{"task": x.task.title, "units": x.units, "status": x.status.value, "minutes": x.minutes,
                         "created_at": x.created_at.isoformat()} for x in shares],
        # The help he gave: not the address or phone of the people he helped.
        "help_given": [{"id": x.id, "kind": x.kind.value, "status": x.status.value, "minutes": x.minutes,
                        "done_at": x.done_at.isoformat() if x.done_at else None} for x in helped],
        "help_asked": [{"address": b.address, "phone": b.phone, "kind": b.kind.value, "notes": b.notes,
                        "status": b.status.value, "consent_at": b.consent_at.isoformat()} for b in asked],
        "notifications": await Notification.filter(account_id=account.id).count(),
        "made_at": now().isoformat(),
    }


async def delete_account(principal: Principal, password: str) -> None:
    """Leave Yizhan: the password confirms it; name, phone and user name are removed, the
    account can no longer sign in, every device is signed out. Reports, wishes and ledger
    lines stay, without the person."""
    account = await Account.get(id=principal.account_id)
    if not await verify_password(password, account.password_hash):
        raise invalid("password", "wrong_password")
    await Account.filter(id=account.id).update(
        name=DELETED_NAME, phone=None, username=None, is_active=False, on_leaderboard=False,
        password_hash=await hash_password(secrets.token_urlsafe(32)), consent_version=None, consent_at=None)
    await Wish.filter(rider_id=account.id).update(rider_name="")
    await WishClaim.filter(account_id=account.id).update(name=DELETED_NAME, phone="", account_id=None)
    await Notification.filter(account_id=account.id).delete()
    await WeChatBinding.filter(account_id=account.id).delete()  # his WeChat is his again
    await end_all_sessions(account.id)


async def photos_in_use() -> set[str]:
    """Every stored photo and thumbnail some row names (reports, wishes, claims, rewards,
    task proofs)."""
    from server.reports.models import ReportPhoto
    from server.rewards.models import Reward
    from server.volunteering.models import TaskShare
    from server.wishes.models import Wish, WishClaim

    names: set[str] = set()
    for model, columns in ((ReportPhoto, ("name", "thumb_name")), (Wish, ("photo", "thumb")),
                           (WishClaim, ("photo", "thumb")), (Reward, ("photo", "thumb")),
                           (TaskShare, ("proof_photo", "proof_thumb"))):
        for row in await model.all().values_list(*columns):
            names.update(name for name in row if name)
    return names
