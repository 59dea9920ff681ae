"""The photo pipeline: nothing a person uploads is stored as it came.

Every photo is decoded (extension and content type are not trusted), checked against
decompression bombs, turned upright by its EXIF orientation, shrunk to at most 1,600 px,
re-encoded as JPEG without any metadata (no GPS), and given a ~320 px thumbnail. Files are
written atomically (temporary file, then rename) under unguessable names.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import os
import re
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from litestar import Request, Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from server.core.errors import AppError, FieldError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000          # a 12 MP camera photo is far below; a 20,000² bomb is not
FULL_PX, THUMB_PX = 1600, 320
ORIENTATION = 0x0112   # the EXIF tag that says which way is up
JPEG_QUALITY = 82
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
NAME = re.compile(r"[A-Za-z0-9_-]{20,40}\.jpg")
PHOTO_ROUTE = "/media/photos"

# Pillow's own guard raises at twice its limit and only warns below; ours is explicit.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ProcessedPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int


def _bad(field: str, code: str) -> AppError:
    status = 413 if code == "photo_too_large" else 422
    return AppError(status, code, errors=[FieldError(field, code)])


def process_photo(raw: bytes, field: str = "photos") -> ProcessedPhoto:
    """Validate and re-encode one upload (CPU work: call through ``process_photo_async``).
    A photo the app already shrank (a baseline JPEG, upright, ≤ 1,600 px) keeps its
    compressed pixels and loses only its metadata; anything else is decoded, turned
    upright, shrunk and encoded again."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise _bad(field, "photo_too_large")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise _bad(field, "not_an_image")
            if probe.width * probe.height > MAX_PIXELS:
                raise _bad(field, "photo_too_many_pixels")
            shrunk_already = (probe.format == "JPEG" and max(probe.size) <= FULL_PX and probe.mode in ("RGB", "L")
                              and probe.getexif().get(ORIENTATION, 1) == 1)
            probe.verify()  # structure check; the image must be reopened after this
        stripped = without_metadata(raw) if shrunk_already else None
        if stripped is not None:
            return _kept_as_sent(stripped)
        with Image.open(io.BytesIO(raw)) as image:
            # JPEG can decode straight at a smaller scale: much less memory and time.
            image.draft("RGB", (FULL_PX * 2, FULL_PX * 2))
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright = upright.convert("RGB")
    except AppError:
        raise
    except Image.DecompressionBombError:
        raise _bad(field, "photo_too_many_pixels") from None
    except UnidentifiedImageError:
        raise _bad(field, "not_an_image") from None
    except (OSError, SyntaxError, ValueError):
        raise _bad(field, "photo_damaged") from None
    upright.thumbnail((FULL_PX, FULL_PX), Image.LANCZOS)
    return _encoded(upright)


# JPEG segments a stored photo keeps: the tables and frame it needs to be decoded, JFIF's
# header and Adobe's colour transform. Everything else (EXIF with GPS, XMP, ICC, maker
# notes, comments, whatever follows the end of the image) goes.
KEPT_SEGMENTS = {0xDB, 0xC4, 0xDD, 0xE0, 0xEE}
BASELINE_FRAME = 0xC0


def without_metadata(raw: bytes) -> bytes | None:
    """A baseline JPEG with nothing but what decoding needs, its compressed pixels
    untouched; None when it is not a baseline JPEG (progressive, arithmetic, damaged
    headers): those are encoded again instead."""
    if raw[:2] != b"\xff\xd8":
        return None
    kept = [b"\xff\xd8"]
    at, frame = 2, False
    while at + 4 <= len(raw):
        if raw[at] != 0xFF:
            return None
        marker = raw[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        length = int.from_bytes(raw[at + 2:at + 4], "big")
        segment = raw[at:at + 2 + length]
        if length < 2 or len(segment) != 2 + length:
            return None
        if marker == 0xDA:  # start of scan: the pixels follow, up to the end-of-image marker
            end = raw.find(b"\xff\xd9", at + 2 + length)
            if not frame or end < 0:
                return None
            kept.append(raw[at:end + 2])
            return b"".join(kept)
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if marker != BASELINE_FRAME:
                return None  # progressive or arithmetic-coded
            frame = True
            kept.append(segment)
        elif marker in KEPT_SEGMENTS:
            kept.append(segment)
        at += 2 + length
    return None


def _kept_as_sent(stored: bytes) -> ProcessedPhoto:
    """The stripped upload as the stored photo: decoded once at a quarter of its size, which
    reads every compressed block (a damaged file is refused here) and is enough for the
    thumbnail."""
    with Image.open(io.BytesIO(stored)) as image:
        size = image.size
        scale = THUMB_PX / max(size)  # the smallest decode that still covers the thumbnail
        image.draft("RGB", (math.ceil(size[0] * scale), math.ceil(size[1] * scale)))
        image.load()
        small = image.convert("RGB")
    small.thumbnail((THUMB_PX, THUMB_PX), Image.LANCZOS)
    thumb = io.BytesIO()
    small.save(thumb, format="JPEG", quality=75, optimize=True)
    return ProcessedPhoto(stored, thumb.getvalue(), size[0], size[1])


def _encoded(image: Image.Image) -> ProcessedPhoto:
    """The stored JPEG (no metadata) and its thumbnail."""
    full = io.BytesIO()
    image.save(full, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMB_PX, THUMB_PX), Image.LANCZOS)
    thumb = io.BytesIO()
    thumb_image.save(thumb, format="JPEG", quality=75, optimize=True)
    return ProcessedPhoto(full.getvalue(), thumb.getvalue(), image.width, image.height)


Box = tuple[int, int, int, int]  # left, top, width, height, in the stored photo's pixels


def blurred(stored: bytes, boxes: list[Box]) -> ProcessedPhoto:
    """A stored photo with each box made unreadable (faces, number plates, door numbers):
    pixelated coarsely, then blurred, so that no detail survives; the rest untouched but
    for one more JPEG round. CPU work: call through ``asyncio.to_thread``."""
    with Image.open(io.BytesIO(stored)) as opened:
        image = opened.convert("RGB")
    for left, top, width, height in boxes:
        area = (left, top, left + width, top + height)
        region = image.crop(area)
        cells = (max(1, width // 16), max(1, height // 16))
        region = region.resize(cells, Image.BILINEAR).resize((width, height), Image.NEAREST)
        image.paste(region.filter(ImageFilter.GaussianBlur(radius=max(4, min(width, height) // 8))), area)
    return _encoded(image)


async def process_photo_async(raw: bytes, field: str = "photos") -> ProcessedPhoto:
    return await asyncio.to_thread(process_photo, raw, field)


def new_name() -> str:
    return secrets.token_urlsafe(18) + ".jpg"


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write to a temporary file in the same folder, on disk for good (fsync), then rename:
    readers never see half. Blocking: call it off the event loop."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    temporary = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return target


async def write_atomically(folder: Path, name: str, data: bytes) -> Path:
    return await asyncio.to_thread(write_file, folder, name, data)


@dataclass(frozen=True)
class StoredPhoto:
    name: str
    thumb: str
    width: int
    height: int


class NewPhotos:
    """The photos one request writes. Use through ``new_photos``: if the request fails
    (a refused photo, a lost race, a database error) they are removed again, so that no
    file is left that no row points at."""

    def __init__(self, media_dir: Path) -> None:
        self.folder = media_dir / "photos"
        self.paths: list[Path] = []

    async def write(self, photo: ProcessedPhoto) -> StoredPhoto:
        name, thumb = new_name(), new_name()

        def write_both() -> None:  # one trip off the event loop; each file waits for the disk
            for file_name, data in ((name, photo.full), (thumb, photo.thumb)):
                self.paths.append(write_file(self.folder, file_name, data))

        await asyncio.to_thread(write_both)
        return StoredPhoto(name, thumb, photo.width, photo.height)

    async def store(self, raw: bytes, field: str = "photo") -> StoredPhoto:
        """Process one upload (refused → 413/422) and write it with its thumbnail."""
        return await self.write(await process_photo_async(raw, field))

    def discard(self) -> None:
        """Remove what was written (the request keeps an older row instead)."""
        remove_quietly(self.paths)
        self.paths.clear()


@contextlib.asynccontextmanager
async def new_photos(media_dir: Path) -> AsyncIterator[NewPhotos]:
    photos = NewPhotos(media_dir)
    try:
        yield photos
    except BaseException:
        photos.discard()
        raise


def remove_quietly(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def media_path(media_dir: Path, name: str) -> Path | None:
    """The file for a public media name, or None if the name is not one of ours."""
    if not NAME.fullmatch(name):
        return None
    return media_dir / "photos" / name


def photo_url(name: str | None) -> str | None:
    """The public URL of a stored photo (or thumbnail) by its name."""
    return f"{PHOTO_ROUTE}/{name}" if name else None


@get(PHOTO_ROUTE + "/{name:str}", include_in_schema=False)
async def photo(request: Request, name: FromPath[str]) -> Response[bytes]:
    """A stored photo. Its name is random and never reused, so it may be cached for a year."""
    path = media_path(request.app.state.context.settings.media_dir, name)
    if path is None or not path.is_file():
        raise NotFoundException()
    return Response(path.read_bytes(), media_type="image/jpeg",
                    headers={"Cache-Control": "public, max-age=31536000, immutable"})


media_router = Router(path="/", route_handlers=[photo])


# Older than this, a file no row names was not just written by a request still running.
ORPHAN_AFTER_SECONDS = 3600


async def orphan_photos(media_dir: Path, referenced: set[str], *, older_than: float = ORPHAN_AFTER_SECONDS) -> list[Path]:
    """Stored photos no row names, older than an hour: what a crash between writing a file
    and committing its row leaves behind (``yizhan media-gc``)."""
    folder = media_dir / "photos"
    if not folder.is_dir():
        return []
    cutoff = time.time() - older_than

    def scan() -> list[Path]:
        return sorted(path for path in folder.iterdir()
                      if path.is_file() and path.name not in referenced and path.stat().st_mtime < cutoff)

    return await asyncio.to_thread(scan)
