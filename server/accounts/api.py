from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, Router, delete, get, patch, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from server.accounts import service, wechat
from server.accounts.models import Account
from server.accounts.schemas import (
    AccountCreate,
    AccountOut,
    AccountUpdate,
    PasswordChange,
    PasswordReset,
    ResidentRegistration,
    RiderRegistration,
    SignedIn,
    SignIn,
    WeChatBound,
    WeChatCode,
    WeChatSession,
    WeChatState,
    WeChatWebSignIn,
)
from server.accounts.sessions import (
    csrf_token,
    end_session,
    expired_cookie,
    session_cookie,
    start_session,
)
from server.core.context import app_context, client_ip
from server.core.errors import AppError
from server.core.forgery import SAME_SITE_ONLY
from server.core.pagination import Page, Paging, keyset_page
from server.core.patching import changes_of
from server.core.roles import MANAGERS, Role
from server.core.security import current_principal, require_roles, signed_in
from server.core.wechat import WeChatUser


def _throttle(request: Request) -> service.Throttle:
    ctx = app_context(request)
    s = ctx.settings
    return service.Throttle(ctx.counters, s.signin_failures_per_login, s.signin_failures_per_ip,
                            s.signin_window_seconds)


async def _signed_in_response(request: Request, account: Account, *, bearer: bool, status: int) -> Response:
    settings = app_context(request).settings
    token = await start_session(account, settings, request.headers.get("user-agent", ""))
    await account.fetch_related("scope")
    body = SignedIn(
        account=AccountOut.of(account, full_phone=True),
        csrf_token=None if bearer else csrf_token(settings.secret_key, token),
        token=token if bearer else None,
    )
    cookies = [] if bearer else [session_cookie(token, settings)]
    return Response(body, status_code=status, cookies=cookies)


async def _current(request: Request) -> SignedIn:
    principal = current_principal(request)
    account = await Account.get(id=principal.account_id).select_related("scope")
    token = request.scope["state"].get("session_token")
    via_cookie = "authorization" not in request.headers
    return SignedIn(
        account=AccountOut.of(account, full_phone=True),
        csrf_token=csrf_token(app_context(request).settings.secret_key, token) if via_cookie else None,
    )


async def _wechat_user(request: Request, data: WeChatCode) -> WeChatUser:
    """The WeChat user behind the code, asked of the app the code comes from. A code from
    the official account's page comes with the state this browser was given (its cookie)."""
    context = app_context(request)
    web = data.source == "official_account"
    if web:
        await wechat.check_state(data.state, request.cookies.get(wechat.STATE_COOKIE), context.settings.secret_key,
                                 context.counters)
    return await wechat.user_of(context.wechat_web if web else context.wechat, data.code, web=web)


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post("/sign-in", status_code=HTTP_200_OK, opt={SAME_SITE_ONLY: True})
    async def sign_in(self, request: Request, data: JSONBody[SignIn]) -> Response[SignedIn]:
        """Sign in with a phone number (or a staff user name) and password."""
        account = await service.authenticate(data.login, data.password, client_ip(request), _throttle(request))
        return await _signed_in_response(request, account, bearer=data.bearer, status=HTTP_200_OK)

    @post("/register", status_code=HTTP_201_CREATED, opt={SAME_SITE_ONLY: True})
    async def register(self, request: Request, data: JSONBody[RiderRegistration]) -> Response[SignedIn]:
        """A rider registers: name, phone, platform, delivery station, password, consent — and,
        coming from WeChat, the ``wechat_token`` that binds his WeChat to the new account."""
        secret_key = app_context(request).settings.secret_key
        user = wechat.user_from_ticket(data.wechat_token, secret_key) if data.wechat_token else None
        # "phone_taken" tells whether a number has an account: counted per address like
        # failed sign-ins, so that nobody walks through the numbers.
        async with service.counted_attempt(_throttle(request), f"register:ip:{client_ip(request)}", "phone_taken"):
            account = await service.register_rider(
                name=data.name, phone=data.phone, password=data.password, station_id=data.station_id,
                platform=data.platform, consent=data.consent, wechat=user,
            )
        return await _signed_in_response(request, account, bearer=data.bearer, status=HTTP_201_CREATED)

    @post("/register-resident", status_code=HTTP_201_CREATED, opt={SAME_SITE_ONLY: True})
    async def register_resident(self, request: Request, data: JSONBody[ResidentRegistration]) -> Response[SignedIn]:
        """A resident signs up: name, phone, community, password, consent."""
        async with service.counted_attempt(_throttle(request), f"register:ip:{client_ip(request)}", "phone_taken"):
            account = await service.register_resident(name=data.name, phone=data.phone, password=data.password,
                                                      community_id=data.community_id, consent=data.consent)
        return await _signed_in_response(request, account, bearer=data.bearer, status=HTTP_201_CREATED)

    @post("/sign-out", status_code=HTTP_204_NO_CONTENT, guards=[signed_in])
    async def sign_out(self, request: Request) -> Response[None]:
        await end_session(current_principal(request).session_id)
        return Response(None, status_code=HTTP_204_NO_CONTENT,
                        cookies=[expired_cookie(app_context(request).settings)])

    @get("/session")
    async def session(self, request: Request) -> SignedIn | None:
        """The caller's account and CSRF token, or null when not signed in (never 401:
        the app asks this on every start)."""
        if request.scope.get("user") is None:
            return None
        return await _current(request)

    @get("/me", guards=[signed_in])
    async def me(self, request: Request) -> SignedIn:
        return await _current(request)

    @post("/password", status_code=HTTP_204_NO_CONTENT, guards=[signed_in])
    async def change_password(self, request: Request, data: JSONBody[PasswordChange]) -> None:
        """Change one's own password; other devices are signed out."""
        await service.change_password(current_principal(request), data.current_password, data.new_password)


class AccountController(Controller):
    path = "/api/v1/accounts"
    tags = ["accounts"]

    @get("/", guards=[require_roles(*MANAGERS)])
    async def list_accounts(
        self,
        request: Request,
        paging: Paging,
        role: Annotated[Role | None, QueryParameter()] = None,
        active: Annotated[bool | None, QueryParameter()] = None,
        q: Annotated[str | None, QueryParameter(max_length=50)] = None,
    ) -> Page[AccountOut]:
        """Accounts within the caller's scope, newest first, keyset-paged; ``q`` finds a
        mobile number, a user name or part of a name."""
        principal = current_principal(request)
        query = service.accounts_in_scope(principal, role=role, active=active, search=q)
        full = service.sees_full_phone(principal)
        return await keyset_page(query, paging, lambda a: AccountOut.of(a, full_phone=full))

    @get("/{account_id:int}", guards=[require_roles(*MANAGERS)])
    async def get_account(self, request: Request, account_id: FromPath[int]) -> AccountOut:
        principal = current_principal(request)
        account = await service.get_account_in_scope(principal, account_id)
        return AccountOut.of(account, full_phone=service.sees_full_phone(principal))

    @post("/", guards=[require_roles(Role.ADMIN)], status_code=HTTP_201_CREATED)
    async def create_account(self, request: Request, data: JSONBody[AccountCreate]) -> AccountOut:
        account = await service.create_account(
            current_principal(request), role=data.role, name=data.name, password=data.password,
            phone=data.phone, username=data.username, scope_id=data.scope_id,
        )
        await account.fetch_related("scope")
        return AccountOut.of(account, full_phone=True)

    @patch("/{account_id:int}", guards=[require_roles(Role.ADMIN)])
    async def update_account(self, request: Request, account_id: FromPath[int], data: JSONBody[AccountUpdate]) -> AccountOut:
        """Edit an account; ``is_active: false`` disables it and signs it out everywhere."""
        account = await service.update_account(current_principal(request), account_id, changes_of(data))
        await account.fetch_related("scope")
        return AccountOut.of(account, full_phone=True)

    @post("/{account_id:int}/reset-password", guards=[require_roles(Role.ADMIN)], status_code=HTTP_200_OK)
    async def reset_password(self, request: Request, account_id: FromPath[int]) -> PasswordReset:
        """A temporary password, shown once, for the admin to hand over."""
        account, password = await service.reset_password(current_principal(request), account_id)
        return PasswordReset(account=AccountOut.of(account, full_phone=True), temporary_password=password)


class WeChatController(Controller):
    path = "/api/v1/wechat"
    tags = ["auth"]

    @post("/session", status_code=HTTP_200_OK, opt={SAME_SITE_ONLY: True})
    async def session(self, request: Request, data: JSONBody[WeChatCode]) -> Response[WeChatSession]:
        """Sign in with the code of ``wx.login``: a bound account is signed in; a new WeChat
        user gets a ``registration_token`` (15 minutes) for ``/api/v1/auth/register``. WeChat's
        refusals: 422 ``wechat_code_invalid``, 409 ``wechat_code_used``, 429
        ``wechat_rate_limited``, 503 ``wechat_busy``; 503 ``wechat_not_configured``."""
        user = await _wechat_user(request, data)
        account = await wechat.account_of(user)
        if account is None:
            ticket = wechat.ticket_for(user, app_context(request).settings.secret_key)
            return Response(WeChatSession(registered=False, registration_token=ticket))
        signed = await _signed_in_response(request, account, bearer=data.bearer, status=HTTP_200_OK)
        return Response(WeChatSession(registered=True, signed_in=signed.content), cookies=signed.cookies)

    @get("/web-sign-in", cache=False)
    async def web_sign_in(self, request: Request) -> WeChatWebSignIn:
        """Inside WeChat's browser: the official account's authorisation page to send the
        rider to (``snsapi_base``, silent); WeChat comes back to ``/signin/wechat`` with a
        ``code`` for ``POST /session`` (``"source": "official_account"``) and the ``state``
        the page chose."""
        settings = app_context(request).settings
        if not settings.wechat_oa_appid:
            return WeChatWebSignIn(enabled=False)
        return WeChatWebSignIn(enabled=True, appid=settings.wechat_oa_appid,
                               authorize_url=f"{settings.wechat_oauth_url}/connect/oauth2/authorize")

    @post("/web-sign-in/state", status_code=HTTP_200_OK, opt={SAME_SITE_ONLY: True})
    async def web_state(self, request: Request) -> Response[WeChatState]:
        """A ``state`` for the official account's authorisation page, valid ten minutes,
        once, in this browser only (it is also set as a cookie the return must carry)."""
        settings = app_context(request).settings
        if not settings.wechat_oa_appid:
            raise AppError(503, "wechat_not_configured")
        state = wechat.new_state(settings.secret_key)
        cookie = Cookie(key=wechat.STATE_COOKIE, value=state, max_age=wechat.STATE_SECONDS, path="/api/v1/wechat",
                        httponly=True, secure=settings.cookie_secure, samesite="lax")
        return Response(WeChatState(state=state), cookies=[cookie])

    @get("/binding", guards=[signed_in])
    async def binding(self, request: Request) -> WeChatBound:
        return WeChatBound(bound=await wechat.is_bound(current_principal(request)))

    @post("/binding", guards=[signed_in], status_code=HTTP_200_OK)
    async def bind(self, request: Request, data: JSONBody[WeChatCode]) -> WeChatBound:
        """Bind one's WeChat (409 ``wechat_bound_elsewhere`` when it is another account's)."""
        user = await _wechat_user(request, data)
        await wechat.bind(current_principal(request).account_id, user)
        return WeChatBound(bound=True)

    @delete("/binding", guards=[signed_in], status_code=HTTP_200_OK)
    async def unbind(self, request: Request) -> WeChatBound:
        await wechat.unbind(current_principal(request))
        return WeChatBound(bound=False)


router = Router(path="/", route_handlers=[AuthController, AccountController, WeChatController])
