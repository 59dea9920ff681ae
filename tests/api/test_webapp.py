"""The app shell, versioned assets, service worker and manifest as the server sends them."""

import dataclasses
import gzip
import json

import pytest

from server.app import create_app
from server.webapp.api import APP_PATHS
from server.webapp.assets import AppAssets
from tests.conftest import make_client


@pytest.fixture
def assets(app) -> AppAssets:
    return app.state.assets


@pytest.mark.parametrize("path", ["/", "/signin", "/register", "/account", "/code", "/offline", "/admin/org",
                                  "/admin/accounts", "/people", "/q/ABCDEFGH23", "/q/abcdefgh23/report",
                                  "/q/X/wish", "/q/X/wall"])
async def test_every_app_url_answers_with_the_shell(client, assets, path):
    r = await client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"
    assert f'<meta name="app-version" content="{assets.version}">' in r.text
    assert f'src="/v/{assets.version}/js/app.js"' in r.text
    assert "{{" not in r.text


def test_contract_urls_are_routed():
    for path in ("/q/{code:str}", "/q/{code:str}/report", "/q/{code:str}/wish", "/q/{code:str}/wall"):
        assert path in APP_PATHS


async def test_unknown_page_gets_the_shell_with_404_but_api_gets_a_problem(client):
    page = await client.get("/no/such/page", headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "app-version" in page.text
    api = await client.get("/api/v1/no-such-thing", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["code"] == "not_found"


async def test_versioned_assets_are_immutable_and_compressed(client, assets):
    r = await client.get(f"/v/{assets.version}/js/app.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.content == assets.files["js/app.js"].body  # httpx undid the gzip: same bytes as on disk


async def test_compression_really_shrinks_the_shell(client, assets):
    raw = assets.files["css/app.css"].body
    async with client.stream("GET", f"/v/{assets.version}/css/app.css", headers={"Accept-Encoding": "gzip"}) as r:
        wire = b"".join([chunk async for chunk in r.aiter_raw()])  # the bytes as sent, not decoded
    assert r.headers["content-encoding"] == "gzip" and int(r.headers["content-length"]) == len(wire)
    assert len(wire) < len(raw) / 2
    assert gzip.decompress(wire) == raw  # what was sent is the stylesheet, whole


async def test_an_old_version_url_is_not_cached_and_traversal_is_refused(client, assets):
    old = await client.get("/v/000000000000/js/app.js")
    assert old.status_code == 200 and old.headers["cache-control"] == "no-store"
    for path in ("/v/x/../../server/settings.py", "/v/x/%2e%2e/%2e%2e/pyproject.toml", "/v/x/index.html",
                 "/v/x/sw.js", "/v/x/nothing.js"):
        r = await client.get(path)
        assert r.status_code == 404, path


async def test_service_worker_carries_the_version_and_the_shell(client, assets):
    r = await client.get("/sw.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cache-control"] == "no-cache"
    assert f'const VERSION = "{assets.version}";' in r.text
    shell = json.loads(r.text.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    assert "/" in shell and f"/v/{assets.version}/js/app.js" in shell
    assert all(f"/v/{assets.version}/i18n/{lang}.json" in shell for lang in ("zh", "ug", "en"))
    for url in shell:
        assert (await client.get(url, headers={"Accept": "text/html"})).status_code == 200, url


async def test_manifest(client, assets):
    r = await client.get("/manifest.webmanifest")
    assert r.headers["content-type"] == "application/manifest+json"
    manifest = r.json()
    assert manifest["name"] == "驿站 Yizhan" and manifest["short_name"] == "驿站"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] and manifest["background_color"]
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_version_changes_with_any_file(tmp_path):
    (tmp_path / "index.html").write_text("<p>{{version}}</p>")
    (tmp_path / "a.js").write_text("1")
    first = AppAssets(tmp_path)
    assert AppAssets(tmp_path).version == first.version
    (tmp_path / "a.js").write_text("2")
    second = AppAssets(tmp_path)
    assert second.version != first.version
    assert second.index_html.body == f"<p>{second.version}</p>".encode()


VERIFY_NAME, VERIFY_BODY = "MP_verify_Ab12Cd34Ef56.txt", "Ab12Cd34Ef56xyz"


@pytest.fixture
async def verified_client(settings):
    """An app configured with WeChat's verification file (no lifespan needed: these routes
    touch no database)."""
    configured = create_app(dataclasses.replace(settings, wechat_verify_file=VERIFY_NAME,
                                                wechat_verify_content=VERIFY_BODY))
    async with make_client(configured) as client:
        yield client


@pytest.mark.parametrize("path", [f"/{VERIFY_NAME}", f"/q/{VERIFY_NAME}"])
async def test_the_wechat_verification_file_is_served_byte_exact(verified_client, path):
    r = await verified_client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.content == VERIFY_BODY.encode()
    assert r.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("path", ["/q/other.txt", "/q/MP_verify_wrong.txt", f"/q/{VERIFY_NAME.lower()}"])
async def test_other_txt_names_under_q_are_404_not_the_app(verified_client, client, path):
    for c in (verified_client, client):
        r = await c.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 404
        assert "app-version" not in r.text and not r.headers["content-type"].startswith("text/html")


async def test_without_the_setting_there_is_no_verification_file(client):
    r = await client.get(f"/q/{VERIFY_NAME}", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "app-version" not in r.text
