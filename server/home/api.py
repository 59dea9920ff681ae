"""The home screen's counts over HTTP."""

from __future__ import annotations

from litestar import Request, Router, get

from server.core.security import current_principal, signed_in
from server.home import service
from server.home.schemas import HomeOut, WaitingOut


@get("/", guards=[signed_in], cache=False)
async def home(request: Request) -> HomeOut:
    """What needs the caller now, for the home screen: per role, counts with the screen that
    lists them (``href``) and whether they are urgent — community workers new, overdue and
    soon-due reports, wishes to review, hand-overs waiting; property staff reports to accept,
    overdue, due soon; station heads wishes to review, hand-overs, their riders' open reports;
    riders and residents unread replies and points (residents also active claims)."""
    waiting = await service.waiting_for(current_principal(request))
    return HomeOut(waiting=[WaitingOut(key=w.key, count=w.count, href=w.href, urgent=w.urgent) for w in waiting])


router = Router(path="/api/v1/home", tags=["home"], route_handlers=[home])
