"""A person's own data over HTTP: download it, or delete the account."""

from __future__ import annotations

from litestar import Request, Response, Router, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from server.accounts.sessions import expired_cookie
from server.core.context import app_context
from server.core.security import current_principal, signed_in
from server.privacy import service
from server.privacy.schemas import DeleteIn


@get("/data", guards=[signed_in], cache=False)
async def my_data(request: Request) -> Response[dict]:
    """Everything held about the caller, as a JSON file to keep."""
    return Response(await service.held_about(current_principal(request)),
                    headers={"Content-Disposition": 'attachment; filename="yizhan-my-data.json"'})


@post("/delete", guards=[signed_in], status_code=HTTP_204_NO_CONTENT)
async def delete_me(request: Request, data: JSONBody[DeleteIn]) -> Response[None]:
    """Delete the caller's account (``password`` confirms): reports and points stay,
    anonymised; the person is gone."""
    await service.delete_account(current_principal(request), data.password)
    return Response(None, status_code=HTTP_204_NO_CONTENT, cookies=[expired_cookie(app_context(request).settings)])


router = Router(path="/api/v1/me", tags=["privacy"], route_handlers=[my_data, delete_me])
