"""Notifications over HTTP: the caller's latest, and marking them read."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, Router, get, post
from litestar.params import QueryParameter
from litestar.status_codes import HTTP_200_OK

from server.core.messages import request_language
from server.core.security import current_principal, signed_in
from server.notifications import service
from server.notifications.schemas import MarkedRead, NotificationOut


@get("/", guards=[signed_in])
async def latest(request: Request) -> list[NotificationOut]:
    """The caller's latest notifications, newest first, each with its text in the
    caller's language."""
    language = request_language(request)
    return [NotificationOut.of(n, language) for n in await service.latest_for(current_principal(request).account_id)]


@post("/read", guards=[signed_in], status_code=HTTP_200_OK)
async def mark_read(request: Request,
                    object_type: Annotated[str | None, QueryParameter(max_length=20)] = None) -> MarkedRead:
    """Mark the caller's notifications read (only those about ``report`` or ``wish``s if given)."""
    return MarkedRead(marked=await service.mark_read(current_principal(request).account_id, object_type))


router = Router(path="/api/v1/notifications", route_handlers=[latest, mark_read], tags=["notifications"])
