"""Account rules: who may hold which role where, sign-in with throttling, registration,
password changes and resets. Plain async functions; no HTTP objects."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from server.accounts.models import Account
from server.accounts.sessions import end_all_sessions
from server.accounts.wechat import bind as bind_wechat
from server.core.clock import now
from server.core.errors import AppError, FieldError, conflict, forbidden, invalid, not_found
from server.core.passwords import (
    DUMMY_HASH,
    check_strength,
    hash_password,
    temporary_password,
    verify_password,
)
from server.core.phones import normalise_phone
from server.core.roles import PHONE_ONLY, PHONE_READERS, Role
from server.core.security import Principal, ensure_in_scope, scope_filter
from server.core.stores import CounterStore, too_many
from server.core.wechat import WeChatUser
from server.org.models import NodeKind, OrgNode, Platform
from server.org.service import ensure_active

PRIVACY_NOTICE_VERSION = "2026-11"

# The kind of organisation node each role is scoped to (None: no scope).
SCOPE_KINDS: dict[Role, frozenset[NodeKind | None]] = {
    Role.ADMIN: frozenset({NodeKind.DISTRICT, None}),
    Role.COMMUNITY_WORKER: frozenset({NodeKind.STREET, NodeKind.COMMUNITY}),
    Role.STATION_HEAD: frozenset({NodeKind.DELIVERY_STATION}),
    # Fixers: a property company's staff, or a department's (城管, 路灯所 …), who see and
    # resolve what is assigned to their organisation alike.
    Role.PROPERTY_STAFF: frozenset({NodeKind.PROPERTY_COMPANY, NodeKind.DEPARTMENT}),
    Role.RIDER: frozenset({NodeKind.DELIVERY_STATION}),
    Role.RESIDENT: frozenset({NodeKind.COMMUNITY, None}),
}

_USERNAME = re.compile(r"[a-z][a-z0-9_.-]{2,31}")


async def find_by_login(login: str) -> Account | None:
    """The account a sign-in name points at: a phone number, else a staff user name."""
    phone = normalise_phone(login)
    if phone:
        return await Account.get_or_none(phone=phone)
    username = login.strip().lower()
    if not _USERNAME.fullmatch(username):
        return None
    return await Account.get_or_none(username=username)


@dataclass(frozen=True)
class Throttle:
    store: CounterStore
    per_login: int
    per_ip: int
    window_seconds: int


def normalise_login(login: str) -> str:
    """A phone number in any usual spelling, or a user name in any case."""
    return normalise_phone(login) or login.strip().lower()


def _clean_phone(raw: str | None, field_name: str = "phone") -> str | None:
    if raw is None or raw.strip() == "":
        return None
    phone = normalise_phone(raw)
    if phone is None:
        raise invalid(field_name, "invalid_phone")
    return phone


def _clean_username(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    username = raw.strip().lower()
    if not _USERNAME.fullmatch(username) or normalise_phone(username):
        raise invalid("username", "invalid_username")
    return username


async def _scope_for(role: Role, scope_id: int | None, actor: Principal | None) -> OrgNode | None:
    allowed = SCOPE_KINDS[role]
    if scope_id is None:
        if None not in allowed:
            raise invalid("scope_id", "invalid_scope")
        if actor is not None and actor.scope_path is not None:
            raise forbidden()  # an unscoped account would see more than its creator
        return None
    node = await OrgNode.get_or_none(id=scope_id)
    if node is None:
        raise invalid("scope_id", "unknown_node")
    if actor is not None:
        ensure_in_scope(actor, node.path)
    if node.kind not in allowed:
        raise invalid("scope_id", "invalid_scope")
    return node


async def _save_unique(account: Account, update_fields: list[str] | None = None) -> None:
    """Save, turning a unique-key clash into the field the person must change."""
    try:
        await account.save(update_fields=update_fields)
    except IntegrityError as exc:
        text = str(exc).lower()
        if "username" in text:
            raise AppError(409, "username_taken", errors=[FieldError("username", "username_taken")]) from None
        raise AppError(409, "phone_taken", errors=[FieldError("phone", "phone_taken")]) from None


async def _ensure_free(phone: str | None, username: str | None, exclude_id: int | None = None) -> None:
    # Checked first for a clear answer; the unique keys still decide races (_save_unique).
    if phone and await Account.filter(phone=phone).exclude(id=exclude_id or 0).exists():
        raise AppError(409, "phone_taken", errors=[FieldError("phone", "phone_taken")])
    if username and await Account.filter(username=username).exclude(id=exclude_id or 0).exists():
        raise AppError(409, "username_taken", errors=[FieldError("username", "username_taken")])


async def create_account(
    actor: Principal | None,
    *,
    role: Role,
    name: str,
    password: str,
    phone: str | None = None,
    username: str | None = None,
    scope_id: int | None = None,
    consent_version: str | None = None,
) -> Account:
    """Create an account. ``actor`` None is the command line (no scope limit)."""
    phone = _clean_phone(phone)
    username = _clean_username(username)
    if phone is None and username is None:
        raise invalid("phone", "login_required")
    if username and role in PHONE_ONLY:
        raise invalid("username", "invalid_username")
    check_strength(password, personal=(phone, username))
    scope = await _scope_for(role, scope_id, actor)
    if scope is not None:
        ensure_active(scope, "scope_id")
    await _ensure_free(phone, username)
    account = Account(
        role=role, name=name.strip(), phone=phone, username=username, scope=scope,
        password_hash=await hash_password(password), password_changed_at=now(),
        consent_version=consent_version, consent_at=now() if consent_version else None,
    )
    await _save_unique(account)
    return account


def sees_full_phone(principal: Principal) -> bool:
    """Those who must be able to call people see their numbers; others see 138****5678."""
    return principal.role in PHONE_READERS


def accounts_in_scope(principal: Principal, *, role: Role | None = None, active: bool | None = None,
                      search: str | None = None) -> QuerySet[Account]:
    """Accounts within the caller's scope; ``search`` finds a mobile number, a user name or
    part of a name."""
    query = Account.filter(scope_filter(principal, "scope__path")).select_related("scope")
    if role is not None:
        query = query.filter(role=role)
    if active is not None:
        query = query.filter(is_active=active)
    if search and search.strip():
        needle = search.strip()
        matches = Q(name__icontains=needle)
        if phone := normalise_phone(needle):
            matches |= Q(phone=phone)
        if len(needle) <= 32:
            matches |= Q(username=needle.lower())
        query = query.filter(matches)
    return query


async def get_account_in_scope(actor: Principal, account_id: int) -> Account:
    account = await Account.get_or_none(id=account_id).select_related("scope")
    if account is None:
        raise not_found()
    if account.id != actor.account_id:
        ensure_in_scope(actor, account.scope.path if account.scope else None)
    return account


async def update_account(actor: Principal, account_id: int, changes: dict) -> Account:
    account = await get_account_in_scope(actor, account_id)
    role = Role(changes.get("role", account.role))
    if "phone" in changes:
        changes["phone"] = _clean_phone(changes["phone"])
    if "username" in changes:
        changes["username"] = _clean_username(changes["username"])
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    if account.id == actor.account_id and (
            changes.get("role", account.role) != account.role
            or changes.get("scope_id", account.scope_id) != account.scope_id
        ):
        # An admin who demotes or moves himself may leave the district with no one to manage it.
        raise conflict("cannot_change_own_role")
    if "role" in changes or "scope_id" in changes:
        scope_id = changes.pop("scope_id", account.scope.id if account.scope else None)
        account.scope = await _scope_for(role, scope_id, actor)
        changes["scope_id"] = account.scope.id if account.scope else None
    if changes.get("is_active") is False and account.id == actor.account_id:
        raise conflict("cannot_disable_self")
    phone = changes.get("phone", account.phone)
    username = changes.get("username", account.username)
    if phone is None and username is None:
        raise invalid("phone", "login_required")
    await _ensure_free(changes.get("phone"), changes.get("username"), exclude_id=account.id)
    for key, value in changes.items():
        if key != "scope_id":
            setattr(account, key, value)
    await _save_unique(account)
    if changes.get("is_active") is False:
        await end_all_sessions(account.id)
    return account


async def reset_password(actor: Principal, account_id: int) -> tuple[Account, str]:
    """Give the account a temporary password and sign it out everywhere."""
    account = await get_account_in_scope(actor, account_id)
    if account.id == actor.account_id:  # it would sign him out: one changes one's own with the current one
        raise conflict("cannot_reset_own_password")
    password = temporary_password()
    account.password_hash = await hash_password(password)
    account.password_changed_at = now()
    await account.save(update_fields=["password_hash", "password_changed_at", "updated_at"])
    await end_all_sessions(account.id)
    return account, password


async def change_password(principal: Principal, current: str, new: str) -> None:
    account = await Account.get(id=principal.account_id)
    if not await verify_password(current, account.password_hash):
        raise invalid("current_password", "wrong_password")
    check_strength(new, "new_password", personal=(account.phone, account.username))
    account.password_hash = await hash_password(new)
    account.password_changed_at = now()
    await account.save(update_fields=["password_hash", "password_changed_at", "updated_at"])
    # Other devices must sign in again with the new password; this one stays signed in.
    await end_all_sessions(account.id, keep_session_id=principal.session_id)


@contextlib.asynccontextmanager
async def counted_attempt(throttle: Throttle, key: str, counted_code: str) -> AsyncIterator[None]:
    """An attempt counted before it runs (past the per-address limit: 429), kept in the count
    only if it ends in ``counted_code``."""
    await _count_first(throttle, [(key, throttle.per_ip)])
    counts = False
    try:
        yield
    except AppError as error:
        counts = error.code == counted_code
        raise
    finally:
        if not counts:
            await throttle.store.release(key)


async def _count_first(throttle: Throttle, limits: list[tuple[str, int]]) -> None:
    """Count one attempt on each key before it runs (one atomic increment each), so that
    attempts sent all at once cannot all pass; past a limit, take the counts back: 429."""
    counted: list[str] = []
    for key, limit in limits:
        count, retry_after = await throttle.store.hit(key, throttle.window_seconds)
        counted.append(key)
        if count > limit:
            for taken in counted:  # refused unchecked: not an attempt of its own
                await throttle.store.release(taken)
            raise too_many(retry_after)


async def authenticate(login: str, password: str, client_ip: str, throttle: Throttle) -> Account:
    """Check a sign-in. Failures are counted per login and per address; past the limit
    every attempt (even a right one) gets 429 until the window passes.

    Each attempt is counted *before* its password is checked (one atomic increment), so that
    forty guesses sent at once get five checks, not forty; a right password then takes its
    count back."""
    login_key = f"signin:login:{normalise_login(login)}"
    ip_key = f"signin:ip:{client_ip}"
    await _count_first(throttle, [(login_key, throttle.per_login), (ip_key, throttle.per_ip)])

    account = await find_by_login(login)
    ok = await verify_password(password, account.password_hash if account else DUMMY_HASH)
    if account is None or not ok:
        raise AppError(401, "bad_credentials")
    await throttle.store.reset(login_key)
    await throttle.store.release(ip_key)
    if not account.is_active:
        raise AppError(403, "account_disabled")
    return account


async def register_resident(*, name: str, phone: str, password: str, community_id: int, consent: bool) -> Account:
    """A resident signs up for his community; a resident is never a rider (one phone, one
    account: a rider's number answers ``phone_taken``)."""
    if not consent:
        raise invalid("consent", "consent_required")
    community = await OrgNode.get_or_none(id=community_id, kind=NodeKind.COMMUNITY, is_active=True)
    if community is None:
        raise invalid("community_id", "unknown_node")
    return await create_account(None, role=Role.RESIDENT, name=name, password=password, phone=phone,
                                scope_id=community.id, consent_version=PRIVACY_NOTICE_VERSION)


async def register_rider(
    *, name: str, phone: str, password: str, station_id: int, platform: Platform | None, consent: bool,
    wechat: WeChatUser | None = None,
) -> Account:
    """A rider registers; from WeChat (``wechat``: the user of a registration ticket) his
    openid is bound in the same transaction — or nothing is stored."""
    if not consent:
        raise invalid("consent", "consent_required")
    station = await OrgNode.get_or_none(id=station_id, kind=NodeKind.DELIVERY_STATION)
    if station is None or not station.is_active:
        raise invalid("station_id", "station_unknown")
    if platform is not None and station.platform != platform:
        raise invalid("platform", "platform_mismatch")
    async with in_transaction():
        account = await create_account(
            None, role=Role.RIDER, name=name, password=password, phone=phone, scope_id=station.id,
            consent_version=PRIVACY_NOTICE_VERSION,
        )
        if wechat is not None:
            await bind_wechat(account.id, wechat)
    return account
