from __future__ import annotations

from litestar import Request, Response, Router, get

from server import __version__
from server.core import db
from server.core.context import app_context


@get("/healthz", tags=["health"], cache=False)
async def healthz(request: Request) -> Response[dict]:
    """200 when the database (and Redis, if configured) answer a real query and the database
    would accept a write; 503 otherwise."""
    checks: dict[str, str] = {}
    try:
        await db.ping()
        await db.check_writable()
        checks["database"] = "ok"
    except Exception as exc:  # any failure to reach the database is "unhealthy", not a 500
        checks["database"] = f"error: {type(exc).__name__}"
    counters = app_context(request).counters
    if hasattr(counters, "ping"):
        try:
            await counters.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return Response(
        {"status": "ok" if healthy else "unavailable", "version": __version__, "checks": checks},
        status_code=200 if healthy else 503,
    )


router = Router(path="/", route_handlers=[healthz])
