from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from server.accounts.models import Account
from server.core.phones import mask_phone
from server.core.roles import Role
from server.org.models import Platform
from server.org.schemas import NodeRef

PersonName = Annotated[str, msgspec.Meta(min_length=1, max_length=50)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
PhoneInput = Annotated[str, msgspec.Meta(max_length=20)]
Username = Annotated[str, msgspec.Meta(max_length=32)]
Login = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    login: Login
    password: Password
    # API clients that cannot keep cookies ask for the token in the answer instead.
    bearer: bool = False


class RiderRegistration(msgspec.Struct, forbid_unknown_fields=True):
    name: PersonName
    phone: PhoneInput
    password: Password
    station_id: int
    consent: bool
    platform: Platform | None = None
    # From WeChat: the registration ticket ``POST /api/v1/wechat/session`` gave a new openid.
    wechat_token: Annotated[str, msgspec.Meta(max_length=400)] | None = None
    # The mini-program keeps no cookies: it asks for the session token in the answer.
    bearer: bool = False


class ResidentRegistration(msgspec.Struct, forbid_unknown_fields=True):
    """A resident signs up himself: to claim wishes and ask for help as himself."""

    name: PersonName
    phone: PhoneInput
    password: Password
    community_id: int
    consent: bool
    bearer: bool = False


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


class AccountCreate(msgspec.Struct, forbid_unknown_fields=True):
    role: Role
    name: PersonName
    password: Password
    phone: PhoneInput | None = None
    username: Username | None = None
    scope_id: int | None = None


class AccountUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: PersonName | msgspec.UnsetType = msgspec.UNSET
    phone: PhoneInput | None | msgspec.UnsetType = msgspec.UNSET
    username: Username | None | msgspec.UnsetType = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    scope_id: int | None | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET


class AccountOut(msgspec.Struct):
    id: int
    role: Role
    name: str
    phone: str | None
    username: str | None
    scope: NodeRef | None
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, account: Account, *, full_phone: bool) -> AccountOut:
        """``full_phone`` only for those who must call this person; others see it masked."""
        return cls(
            id=account.id, role=account.role, name=account.name,
            phone=account.phone if full_phone else mask_phone(account.phone),
            username=account.username, scope=NodeRef.of(account.scope),
            is_active=account.is_active, created_at=account.created_at,
        )


class SignedIn(msgspec.Struct, omit_defaults=True):
    account: AccountOut
    csrf_token: str | None = None
    token: str | None = None


class PasswordReset(msgspec.Struct):
    account: AccountOut
    temporary_password: str


class WeChatCode(msgspec.Struct, forbid_unknown_fields=True):
    """The code of ``wx.login`` (or of the official account's page authorisation)."""

    code: Annotated[str, msgspec.Meta(max_length=128)]
    bearer: bool = False
    # Where the code comes from: ``wx.login`` in the mini-program, or the official account's
    # page authorisation in WeChat's browser.
    source: Literal["mini_program", "official_account"] = "mini_program"
    # With the official account's code: the state it came back with (``POST /web-sign-in/state``).
    state: Annotated[str, msgspec.Meta(max_length=128)] | None = None


class WeChatSession(msgspec.Struct, omit_defaults=True):
    """Bound: signed in (``signed_in``). New: ``registration_token`` for ``/auth/register``."""

    registered: bool
    signed_in: SignedIn | None = None
    registration_token: str | None = None


class WeChatBound(msgspec.Struct):
    bound: bool


class WeChatState(msgspec.Struct):
    state: str


class WeChatWebSignIn(msgspec.Struct):
    """Whether the page may offer "sign in with WeChat" and where to send the rider for it."""

    enabled: bool
    appid: str | None = None
    authorize_url: str | None = None
