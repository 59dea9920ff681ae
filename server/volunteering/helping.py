"""Help at home (志愿服务) for the elderly, pregnant women and people with limited mobility.

A community worker registers a beneficiary (with his consent), or a signed-in resident asks
for himself and a worker approves him. The worker posts a request; it is offered to riders
of the community's stations who are free and not in their peak windows; exactly one rider
holds it (a conditional update from ``open``) and may give it back with a reason. Only that
rider — and the community's staff — see the address and phone, and the rider only until it is
done. The rider shows a six-digit code; the beneficiary, his family or the worker types it
(five wrong tries lock the code; the worker can then confirm by phone). Confirming writes the
points and the minutes once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.core.clock import now
from server.core.errors import conflict, forbidden, invalid, not_found
from server.core.phones import normalise_contact_phone
from server.core.roles import TRIAGERS, Role
from server.core.security import Principal, scope_filter
from server.notifications.audiences import Audience
from server.notifications.service import Message, tell
from server.org.models import NodeKind, OrgNode
from server.points.service import award
from server.volunteering.availability import free_state, riders_to_offer
from server.volunteering.models import (
    Beneficiary,
    BeneficiaryKind,
    BeneficiaryStatus,
    HelpKind,
    HelpRequest,
    HelpStatus,
)
from server.volunteering.service import (
    MAX_CORRECTED_MINUTES,
    ancestor_paths,
    check_retry,
    minutes_spent,
    record,
    rider_of,
)

WRONG_CODES_ALLOWED = 5
OFFERED_LIMIT = 50


@dataclass
class BeneficiaryInput:
    name: str
    address: str
    phone: str
    kind: str
    phone_note: str = ""
    notes: str = ""
    consent: bool = False
    community_id: int | None = None


def _kind(value: str) -> BeneficiaryKind:
    try:
        return BeneficiaryKind(value)
    except ValueError:
        raise invalid("kind", "invalid") from None


def _checked(data: BeneficiaryInput) -> tuple[str, str, str]:
    if data.consent is not True:
        raise invalid("consent", "consent_required")
    name, address = data.name.strip(), data.address.strip()
    if not name:
        raise invalid("name", "required")
    if not address:
        raise invalid("address", "required")
    # A mobile, a landline with its area code, a relative's number — or none: the worker
    # then confirms the help himself.
    phone = normalise_contact_phone(data.phone) if (data.phone or "").strip() else ""
    if phone is None:
        raise invalid("phone", "invalid_contact_phone")
    return name[:50], address[:200], phone


async def register_beneficiary(principal: Principal, data: BeneficiaryInput) -> Beneficiary:
    """A community worker registers someone of his community, who agreed (``consent``)."""
    if principal.role not in TRIAGERS:
        raise forbidden()
    name, address, phone = _checked(data)
    kind = _kind(data.kind)
    community = await OrgNode.get_or_none(id=data.community_id or principal.scope_id or 0, kind=NodeKind.COMMUNITY)
    if community is None or not principal.covers(community.path):
        raise invalid("community_id", "unknown_node")
    moment = now()
    return await Beneficiary.create(name=name, address=address, phone=phone, phone_note=data.phone_note.strip()[:30],
                                    kind=kind, notes=data.notes.strip()[:300],
                                    community_id=community.id, scope_path=community.path, consent_at=moment,
                                    registered_by_id=principal.account_id)


async def ask_for_myself(principal: Principal, data: BeneficiaryInput) -> Beneficiary:
    """A signed-in resident asks to be helped; a worker of his community decides."""
    if principal.role != Role.RESIDENT:
        raise forbidden()
    me = await Account.get(id=principal.account_id).select_related("scope")
    if me.scope is None or me.scope.kind != NodeKind.COMMUNITY:
        raise invalid("community_id", "unknown_node")
    data.name = data.name or me.name
    data.phone = data.phone or me.phone or ""
    name, address, phone = _checked(data)
    if await Beneficiary.filter(account_id=me.id, status__in=[BeneficiaryStatus.PENDING,
                                                                BeneficiaryStatus.APPROVED]).exists():
        raise conflict("already_asked")
    return await Beneficiary.create(name=name, address=address, phone=phone, phone_note=data.phone_note.strip()[:30],
                                    kind=_kind(data.kind),
                                    notes=data.notes.strip()[:300], community_id=me.scope.id,
                                    scope_path=me.scope.path, account_id=me.id, status=BeneficiaryStatus.PENDING,
                                    consent_at=now())


async def beneficiary_in_scope(principal: Principal, beneficiary_id: int) -> Beneficiary:
    found = await Beneficiary.get_or_none(id=beneficiary_id)
    if found is None or principal.role not in TRIAGERS or not principal.covers(found.scope_path):
        raise not_found()
    return found


async def decide_beneficiary(principal: Principal, beneficiary_id: int, approve: bool) -> Beneficiary:
    found = await beneficiary_in_scope(principal, beneficiary_id)
    target = BeneficiaryStatus.APPROVED if approve else BeneficiaryStatus.REJECTED
    if not await Beneficiary.filter(id=found.id, status=BeneficiaryStatus.PENDING).update(status=target):
        raise conflict("illegal_transition")
    return await Beneficiary.get(id=found.id)


async def beneficiaries(principal: Principal) -> list[Beneficiary]:
    if principal.role not in TRIAGERS:
        raise forbidden()
    return await Beneficiary.filter(scope_filter(principal, "scope_path")).order_by("status", "-id").limit(500)


# --- requests ---------------------------------------------------------------------------------


@dataclass
class HelpInput:
    beneficiary_id: int
    kind: str
    window_from: datetime | None = None
    window_until: datetime | None = None
    from_place: str = ""
    to_place: str = ""
    notes: str = ""


async def create_request(principal: Principal, data: HelpInput) -> HelpRequest:
    """A worker posts a request for an approved beneficiary of his scope; free riders of the
    community's stations are told at once."""
    beneficiary = await beneficiary_in_scope(principal, data.beneficiary_id)
    if beneficiary.status != BeneficiaryStatus.APPROVED:
        raise invalid("beneficiary_id", "not_approved")
    try:
        kind = HelpKind(data.kind)
    except ValueError:
        raise invalid("kind", "invalid") from None
    moment = now()
    if (data.window_from is None) != (data.window_until is None):
        raise invalid("window_until", "required")
    if data.window_until is not None:
        if data.window_until <= moment:
            raise invalid("window_until", "in_the_past")
        if data.window_until <= data.window_from:
            raise invalid("window_until", "window_order")
    async with in_transaction():
        request = await HelpRequest.create(
            beneficiary_id=beneficiary.id, kind=kind, window_from=data.window_from, window_until=data.window_until,
            from_place=data.from_place.strip()[:100], to_place=data.to_place.strip()[:100],
            notes=data.notes.strip()[:300], scope_path=beneficiary.scope_path, created_by_id=principal.account_id)
        await record("help", request.id, principal.account_id, "create")
        await tell({Audience.FREE_RIDERS: await riders_to_offer(beneficiary.scope_path, moment)},
                   Message("help_offered", "help", request.id, "open"))
    return request


async def offered_to(principal: Principal) -> list[HelpRequest]:
    """Open requests of the rider's station's community — only while he is free and not in
    his station's peak windows (unless he asked for them)."""
    rider = await rider_of(principal)
    at = now()
    if not (await free_state(rider.id, rider.scope_id, at)).offered(at):
        return []
    return await HelpRequest.filter(Q(window_until__isnull=True) | Q(window_until__gt=at), status=HelpStatus.OPEN,
                                    scope_path__in=ancestor_paths(rider.scope.path)) \
        .order_by("id").limit(OFFERED_LIMIT).select_related("beneficiary")


def is_staff_of(principal: Principal, request: HelpRequest) -> bool:
    """The community's staff: they see the contact details and confirm for the person."""
    return principal.role in TRIAGERS and principal.covers(request.scope_path)


def is_locked(request: HelpRequest) -> bool:
    """Too many wrong codes: only the worker's confirmation by phone is left."""
    return request.wrong_codes >= WRONG_CODES_ALLOWED


async def request_for(principal: Principal, request_id: int) -> HelpRequest:
    """A request as its viewer may see it: the community's staff, the rider holding it, or
    a rider it is offered to (without the address and phone: see ``sees_contact``)."""
    found = await HelpRequest.get_or_none(id=request_id).select_related("beneficiary")
    if found is None:
        raise not_found()
    if is_staff_of(principal, found):
        return found
    if found.rider_id == principal.account_id:
        return found
    if found.beneficiary.account_id == principal.account_id:
        return found
    if principal.role == Role.RIDER and found.status == HelpStatus.OPEN and principal.scope_path and \
            found.scope_path in ancestor_paths(principal.scope_path):
        return found
    raise not_found()


def sees_contact(principal: Principal, request: HelpRequest) -> bool:
    """The address and phone: the community's staff, and the holding rider until it is done."""
    if is_staff_of(principal, request):
        return True
    return request.status == HelpStatus.CLAIMED and request.rider_id == principal.account_id


async def claim(principal: Principal, request_id: int) -> HelpRequest:
    """One rider holds it: of many at once, one wins; the others get 409 ``already_claimed``."""
    rider = await rider_of(principal)
    request = await HelpRequest.get_or_none(id=request_id)
    offered_here = request is not None and principal.scope_path and request.scope_path in ancestor_paths(
        principal.scope_path)
    if not offered_here:
        raise not_found()
    if request.status != HelpStatus.OPEN:  # another rider was quicker, or it is over
        raise conflict("already_claimed" if request.status == HelpStatus.CLAIMED else "help_closed")
    at = now()
    if refused := (await free_state(rider.id, rider.scope_id, at)).refusal(at):
        raise conflict(refused)
    if request.window_until is not None and request.window_until <= at:
        raise conflict("help_closed")
    code = f"{secrets.randbelow(1_000_000):06d}"
    async with in_transaction():
        if not await HelpRequest.filter(id=request.id, status=HelpStatus.OPEN).update(
                status=HelpStatus.CLAIMED, rider_id=rider.id, claimed_at=at, code=code, wrong_codes=0):
            raise conflict("already_claimed")
        await record("help", request.id, rider.id, "claim")
        if request.created_by_id:
            await tell({Audience.HELP_ASKER: request.created_by_id}, Message("help_claimed", "help", request.id))
    return await request_for(principal, request.id)


async def give_back(principal: Principal, request_id: int, reason: str) -> HelpRequest:
    request = await request_for(principal, request_id)
    if request.rider_id != principal.account_id:
        raise forbidden()
    if not reason.strip():
        raise invalid("reason", "reason_required")
    async with in_transaction():
        if not await HelpRequest.filter(id=request.id, status=HelpStatus.CLAIMED, rider_id=principal.account_id) \
                .update(status=HelpStatus.OPEN, rider_id=None, claimed_at=None, code="", wrong_codes=0):
            raise conflict("illegal_transition")
        await record("help", request.id, principal.account_id, "give_back", reason.strip())
    return await HelpRequest.get(id=request.id).select_related("beneficiary")


async def confirm(principal: Principal, request_id: int, code: str | None, *, by_phone: bool = False,
                  minutes: int | None = None) -> HelpRequest:
    """Done: with the rider's code (the beneficiary himself, or a worker typing it for him),
    or — for a worker — confirmed by phone. Five wrong codes lock the code. Points and minutes
    are written once, however often this is retried."""
    request = await request_for(principal, request_id)
    is_staff = is_staff_of(principal, request)
    if not is_staff and request.beneficiary.account_id != principal.account_id:
        raise forbidden()
    if by_phone and not is_staff:
        raise forbidden()
    if minutes is not None and (not is_staff or not 1 <= minutes <= MAX_CORRECTED_MINUTES):
        raise invalid("minutes", "invalid_number")
    if request.status == HelpStatus.DONE:
        check_retry(request.minutes, minutes)
        return request  # a retry
    if request.status != HelpStatus.CLAIMED:
        raise conflict("illegal_transition")
    if not by_phone:
        if is_locked(request):
            raise conflict("code_locked")
        if not secrets.compare_digest((code or "").strip(), request.code):
            await HelpRequest.filter(id=request.id, status=HelpStatus.CLAIMED,
                                     wrong_codes__lt=WRONG_CODES_ALLOWED).update(wrong_codes=F("wrong_codes") + 1)
            if is_locked(await HelpRequest.get(id=request.id)):
                raise conflict("code_locked")
            raise invalid("code", "wrong_code")
    moment = now()
    spent = minutes if minutes is not None else minutes_spent(request.kind, request.claimed_at, moment)
    async with in_transaction():
        if not await HelpRequest.filter(id=request.id, status=HelpStatus.CLAIMED).update(
                status=HelpStatus.DONE, done_at=moment, confirmed_by_id=principal.account_id, minutes=spent):
            current = await HelpRequest.get(id=request.id).select_related("beneficiary")
            if current.status == HelpStatus.DONE:
                check_retry(current.minutes, minutes)
                return current
            raise conflict("illegal_transition")
        await record("help", request.id, principal.account_id, "phone" if by_phone else "confirm")
        await award(request.rider_id, "help_completed", "help", request.id, caused_by=principal.account_id)
    return await HelpRequest.get(id=request.id).select_related("beneficiary")


async def thank(principal: Principal, request_id: int, thanks: str) -> HelpRequest:
    """The beneficiary (or the worker for him) says thank you: shown on the station screen."""
    request = await request_for(principal, request_id)
    is_staff = is_staff_of(principal, request)
    if not is_staff and request.beneficiary.account_id != principal.account_id:
        raise forbidden()
    text = thanks.strip()
    if not text:
        raise invalid("thanks", "required")
    if not await HelpRequest.filter(id=request.id, status=HelpStatus.DONE).update(thanks=text[:200], thanked_at=now()):
        raise conflict("illegal_transition")
    return await HelpRequest.get(id=request.id).select_related("beneficiary")


async def requests_of(principal: Principal, status: str | None = None) -> list[HelpRequest]:
    """Staff: the requests of their scope; a rider: those he holds or held."""
    if principal.role in TRIAGERS:
        query = HelpRequest.filter(scope_filter(principal, "scope_path"))
    elif principal.role == Role.RIDER:
        query = HelpRequest.filter(rider_id=principal.account_id)
    else:
        query = HelpRequest.filter(beneficiary__account_id=principal.account_id)
    if status:
        try:
            query = query.filter(status=HelpStatus(status))
        except ValueError:
            raise invalid("status", "invalid") from None
    return await query.order_by("-id").limit(100).select_related("beneficiary")
