from __future__ import annotations

from litestar import Request, Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from server.core import hot
from server.core.messages import request_language
from server.webapp import sharing
from server.webapp.assets import AppAssets, Asset

# The app's own URLs: each answers with the shell, which routes on the client. The /q/…
# ones are printed on posters and must keep working for years.
APP_PATHS = [
    "/", "/signin", "/signin/wechat", "/register", "/register/resident",
    "/account", "/code", "/offline", "/notifications", "/groups", "/admin/deliveries",
    "/admin/org", "/admin/accounts", "/admin/categories", "/people", "/places", "/posters", "/nearby",
    "/reports", "/reports/mine", "/reports/{report_id:int}",
    "/wallet", "/leaderboard", "/handover", "/rewards", "/admin/points", "/trainings",
    "/wishes/review", "/wishes/stats", "/wishes/mine", "/wishes/{wish_id:int}", "/claims/mine",
    "/claim/{token:str}", "/follow/{ref:str}", "/wall/community/{community_id:int}",
    "/dashboard", "/dashboard/report", "/tasks", "/tasks/mine", "/tasks/manage", "/help", "/help/ask",
    "/help/{help_id:int}", "/volunteer/certificate/{certificate:str}", "/verify/{certificate:str}",
    "/q/{code:str}", "/q/{code:str}/report", "/q/{code:str}/wish", "/q/{code:str}/wall", "/q/{code:str}/screen",
]
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def assets_of(request: Request) -> AppAssets:
    return request.app.state.assets


def send_asset(request: Request, asset: Asset, cache_control: str, **headers: str) -> Response[bytes]:
    """A file as it was read at start: 304 for a matching ETag, its gzipped bytes (made once)
    when the phone takes gzip."""
    response = hot.respond(request, asset.etag, asset.body, asset.gzipped, asset.content_type, cache_control)
    response.headers.update(headers)
    return response


def shell_response(request: Request, status_code: int = 200) -> Response[bytes]:
    if status_code != 200:
        shell = assets_of(request).index_html
        return Response(shell.body, status_code=status_code, media_type=shell.content_type,
                        headers={"Cache-Control": REVALIDATE})
    return send_asset(request, assets_of(request).index_html, REVALIDATE)


def plain_not_found() -> Response[bytes]:
    return Response(b"Not found\n", status_code=404, media_type="text/plain")


@get(APP_PATHS, include_in_schema=False, cache_control=None, opt={hot.SKIP_COMPRESSION: True})
async def app_shell(request: Request) -> Response[bytes]:
    # No place code ends in ".txt": such a name under /q/ is a verification file somebody
    # looks for (WeChat's), and must not be answered with a page.
    path = request.scope["path"]
    if path.startswith("/q/") and path.endswith(".txt"):
        return plain_not_found()
    if sharing.is_public_page(path):
        return send_asset(request, await page_shell(request, path), REVALIDATE)
    return shell_response(request)


async def page_shell(request: Request, path: str) -> Asset:
    """The shell with the page's own card, kept until a place changes (at most a minute)."""
    assets, language = assets_of(request), request_language(request)

    async def build() -> Asset | None:
        meta = await sharing.meta_for(path, language, assets.public_url)
        return assets.shell_for(meta, path) if meta else None

    return await hot.remember(f"shell:{language}:{path}", (hot.PLACES,), build) or assets.index_html


def verification_file_router(name: str, content: str) -> Router:
    """WeChat's domain check for "scan an ordinary link's QR code": the file it names,
    byte-exact as text/plain, at the site root and in /q/ (the rule's URL prefix)."""
    body = content.encode("utf-8")

    @get([f"/{name}", f"/q/{name}"], include_in_schema=False, cache_control=None)
    async def verification_file() -> Response[bytes]:
        return Response(body, media_type="text/plain", headers={"Cache-Control": REVALIDATE})

    return Router(path="/", route_handlers=[verification_file])


@get("/v/{version:str}/{file_path:path}", include_in_schema=False, opt={hot.SKIP_COMPRESSION: True})
async def versioned_asset(request: Request, version: FromPath[str], file_path: FromPath[str]) -> Response[bytes]:
    assets = assets_of(request)
    asset = assets.get(file_path.lstrip("/"))
    if asset is None:
        raise NotFoundException()
    # An old version's URL gets today's file, but must not be cached under the old name.
    return send_asset(request, asset, IMMUTABLE if version == assets.version else "no-store")


@get("/sw.js", include_in_schema=False, opt={hot.SKIP_COMPRESSION: True})
async def service_worker(request: Request) -> Response[bytes]:
    return send_asset(request, assets_of(request).service_worker, REVALIDATE, **{"Service-Worker-Allowed": "/"})


@get("/manifest.webmanifest", include_in_schema=False, opt={hot.SKIP_COMPRESSION: True})
async def manifest(request: Request) -> Response[bytes]:
    return send_asset(request, assets_of(request).manifest, REVALIDATE)


router = Router(path="/", route_handlers=[app_shell, versioned_asset, service_worker, manifest])


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def not_found_handler(request: Request, exc: Exception) -> Response:
    """A person who follows a broken link sees the app's "not found" screen; API callers
    get the usual problem document."""
    if wants_html(request):
        return shell_response(request, status_code=404)
    from server.core.errors import handle_http

    return handle_http(request, exc)
