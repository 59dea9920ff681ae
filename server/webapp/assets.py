"""The app's files, read once at start: their bytes, content types and a version stamp.

The version is a hash of every file, so any change to the app gives new asset URLs
(``/v/<version>/…``, cached for a year) and a new service worker, which offers the reload.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from server.core.catalog import DEFAULT_LANGUAGE
from server.webapp.sharing import PageMeta, default_meta, render_meta

TEMPLATED = {"index.html", "sw.js", "manifest.webmanifest"}
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".html": "text/html",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
}
# Files the service worker keeps for offline use (catalogs of all languages included).
SHELL_SUFFIXES = (".js", ".css", ".json", ".svg")


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    # Compressed once, when the app starts (text files large enough to gain from it).
    gzipped: bytes | None = None
    etag: str = ""


def asset_of(body: bytes, content_type: str) -> Asset:
    textual = content_type.startswith(("text/", "application/json", "application/manifest", "image/svg"))
    gzipped = gzip.compress(body, compresslevel=9, mtime=0) if textual and len(body) >= 512 else None
    return Asset(body, content_type, gzipped, f'"{hashlib.blake2b(body, digest_size=10).hexdigest()}"')


class AppAssets:
    def __init__(self, root: Path, public_url: str = "") -> None:
        self.root = root
        self.public_url = public_url.rstrip("/")
        self.files: dict[str, Asset] = {}
        digest = hashlib.sha256()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root).as_posix()
            body = path.read_bytes()
            digest.update(relative.encode() + b"\0" + body)
            content_type = CONTENT_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.files[relative] = asset_of(body, content_type)
        self.version = digest.hexdigest()[:12]
        # The shell with a card to fill in per page (sharing.py); the plain one has the app's own.
        self.shell_template = self._render("index.html").decode("utf-8")
        self.index_html = self.shell_for(default_meta(DEFAULT_LANGUAGE), "/")
        self.service_worker = asset_of(self._render("sw.js"), "text/javascript")
        self.manifest = asset_of(self._render("manifest.webmanifest"), "application/manifest+json")

    def shell_for(self, meta: PageMeta, path: str) -> Asset:
        body = render_meta(self.shell_template, meta, url=self.public_url + path,
                           icon=self.public_url + self.url("icons/icon-512.png"))
        return asset_of(body.encode("utf-8"), "text/html")

    def url(self, relative: str) -> str:
        return f"/v/{self.version}/{relative}"

    def shell_urls(self) -> list[str]:
        urls = [self.url(name) for name in self.files
                if name.endswith(SHELL_SUFFIXES) and name not in TEMPLATED and not name.startswith("icons/maskable")]
        return ["/", *sorted(urls)]

    def get(self, relative: str) -> Asset | None:
        return None if relative in TEMPLATED else self.files.get(relative)

    def _render(self, name: str) -> bytes:
        asset = self.files.get(name)
        if asset is None:
            return b""
        text = asset.body.decode("utf-8")
        text = text.replace("{{version}}", self.version).replace("{{base}}", f"/v/{self.version}")
        text = text.replace('"{{shell}}"', json.dumps(self.shell_urls() if name == "sw.js" else []))
        return text.encode("utf-8")
