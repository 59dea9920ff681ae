"""Following a report without an account. Every report has a private follow link — the
report's number and a token only the server can make (an HMAC of the number with the secret
key, 80 bits), so nothing is stored and the same link comes back when a phone sends the report
again. With it a guest sees what became of his report (status, the community's replies, the
before and after photos), says "fixed" or "not fixed" once it is resolved, and — signed in
later on the same phone — takes his report into his account. A forged or guessed link is
answered like an unknown report (404)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from tortoise.transactions import in_transaction

from server.core.clock import now
from server.core.errors import AppError, conflict, not_found
from server.core.security import Principal
from server.reports.models import Report, ReportEvent
from server.reports.reading import ReportRecord, record_of
from server.reports.rules import TRANSITIONS
from server.reports.workflow import after_change, moving_to

TOKEN_BYTES = 10  # 80 bits: far past guessing, short enough for a QR at arm's length
_REF = re.compile(r"(\d{1,10})-([a-z2-7]{16})")


def follow_ref(report_id: int, secret_key: str) -> str:
    """``123-abcdefghijklmnop``: the report's number and its token."""
    digest = hmac.new(secret_key.encode(), f"follow:{report_id}".encode(), hashlib.sha256).digest()
    return f"{report_id}-{base64.b32encode(digest[:TOKEN_BYTES]).decode().lower()}"


def follow_path(report_id: int, secret_key: str) -> str:
    return f"/follow/{follow_ref(report_id, secret_key)}"


async def report_of_ref(ref: str, secret_key: str) -> Report:
    """The report a follow link names; 404 for anything else, forged and unknown alike."""
    found = _REF.fullmatch((ref or "").strip().lower())
    if found is None or not hmac.compare_digest(follow_ref(int(found.group(1)), secret_key), found.group(0)):
        raise not_found()
    report = await Report.get_or_none(id=int(found.group(1)))
    if report is None:
        raise not_found()
    return report


async def followed(ref: str, secret_key: str) -> ReportRecord:
    """What the link shows: the report with its photos and history."""
    report = await report_of_ref(ref, secret_key)
    return await record_of(None, report, detail=True)


async def answer(ref: str, secret_key: str, fixed: bool, note: str = "") -> Report:
    """The guest's "fixed" (closed) or "not fixed" (reopened, back on the clock) on a
    resolved report: once; a second answer, or one before it is resolved, is 409."""
    report = await report_of_ref(ref, secret_key)
    action = "fixed" if fixed else "not_fixed"
    sources, target = TRANSITIONS[action]
    moment = now()
    changes = await moving_to(report, action, target, moment)
    async with in_transaction():
        if not await Report.filter(id=report.id, status__in=list(sources)).update(**changes, updated_at=moment):
            raise conflict("illegal_transition")
        await ReportEvent.create(report_id=report.id, actor_id=report.reporter_id, action=action,
                                 from_status=report.status, to_status=target, note=note.strip()[:1000])
        report = await Report.get(id=report.id)
        await after_change(report, action, None)
    return report


async def adopt(principal: Principal, ref: str, secret_key: str) -> Report:
    """A guest report joins the account of whoever holds its link and is signed in (the
    link proves he sent it); a report that already has its sender stays his (409)."""
    report = await report_of_ref(ref, secret_key)
    if report.reporter_id == principal.account_id:
        return report
    async with in_transaction():
        if not await Report.filter(id=report.id, reporter_id=None).update(reporter_id=principal.account_id,
                                                                         guest_name="", guest_phone=""):
            raise AppError(409, "already_followed")
        await ReportEvent.create(report_id=report.id, actor_id=principal.account_id, action="adopted",
                                 from_status=report.status, to_status=report.status)
    return await Report.get(id=report.id)
