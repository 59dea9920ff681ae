"""The reference for the hot-read benchmark: a bare Litestar handler returning a small JSON,
served by uvicorn like the real app (``uvicorn bench.bare_app:app``)."""

from litestar import Litestar, get


@get("/")
async def hello() -> dict:
    return {"ok": True, "service": "bare"}


app = Litestar(route_handlers=[hello], openapi_config=None)
