"""The photo pipeline's two roads. A photo the app already shrank (a baseline JPEG, upright,
≤ 1,600 px) keeps its compressed pixels byte for byte and loses every metadata segment:
EXIF with GPS, comments, ICC, whatever trails the image. Anything else — a camera original,
a sideways photo, a progressive JPEG, a PNG — is decoded, turned upright, shrunk and encoded
again. Either way the stored photo has no EXIF, no GPS, is upright and at most 1,600 px, and
a damaged file is refused."""

import io

import pytest
from PIL import Image

from server.core.errors import AppError
from server.core.media import FULL_PX, THUMB_PX, process_photo, without_metadata
from tests.support.photos import GPS_IFD, ORIENTATION, camera_jpeg


def shrunk_by_the_app(width=1600, height=1200, orientation=1, gps=True, progressive=False, comment=b"") -> bytes:
    """A JPEG as a phone's browser makes it, plus what some phones add: EXIF with GPS,
    an orientation tag, a comment, an ICC profile, bytes after the end of the image."""
    source = Image.open(io.BytesIO(camera_jpeg(width, height, orientation=1, gps=False)))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (43.0, 48.0, 13.5), 3: "E", 4: (87.0, 37.0, 4.2)}
    out = io.BytesIO()
    source.save(out, "JPEG", quality=80, exif=exif, progressive=progressive, icc_profile=b"\0" * 300,
                comment=comment or None)
    return out.getvalue() + b"TRAILER-with-secrets"


def scan_of(jpeg: bytes) -> bytes:
    """The compressed pixels: from the start-of-scan marker to the end of the image."""
    start = jpeg.index(b"\xff\xda")
    return jpeg[start:jpeg.index(b"\xff\xd9", start) + 2]


def assert_private(stored: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and max(image.size) <= FULL_PX
    assert not image.getexif() and "icc_profile" not in image.info and "comment" not in image.info
    assert b"Exif" not in stored and b"TRAILER" not in stored and not stored.endswith(b"secrets")
    image.load()
    return image


def test_a_photo_the_app_shrank_keeps_its_pixels_and_loses_its_metadata():
    upload = shrunk_by_the_app(comment=b"Taken at Hongqiao 3")
    stored = process_photo(upload)
    assert scan_of(stored.full) == scan_of(upload)  # not encoded again
    image = assert_private(stored.full)
    assert image.size == (stored.width, stored.height) == (1600, 1200)
    assert b"Hongqiao" not in stored.full
    with Image.open(io.BytesIO(upload)) as original:
        assert original.convert("RGB").tobytes() == image.convert("RGB").tobytes()  # the same pixels
    thumb = Image.open(io.BytesIO(stored.thumb))
    assert max(thumb.size) == THUMB_PX and not thumb.getexif()


@pytest.mark.parametrize(("case", "upload", "size"), [
    ("sideways", lambda: shrunk_by_the_app(orientation=6), (1200, 1600)),
    ("progressive", lambda: shrunk_by_the_app(progressive=True), (1600, 1200)),
    ("camera original", lambda: camera_jpeg(4000, 3000, orientation=6), (1200, 1600)),
    ("too large", lambda: shrunk_by_the_app(2000, 1500), (1600, 1200)),
])
def test_anything_else_is_encoded_again_upright_and_private(case, upload, size):
    raw = upload()
    stored = process_photo(raw)
    assert scan_of(stored.full) != scan_of(raw)
    image = assert_private(stored.full)
    assert image.size == size
    if case in ("sideways", "camera original"):
        assert image.getpixel((size[0] - 5, 5))[0] > 200  # the red marker ended top-right: turned upright


def test_a_png_is_encoded_as_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 30)).save(out, "PNG")
    assert_private(process_photo(out.getvalue()).full)


@pytest.mark.parametrize("damage", ["cut in the pixels", "cut before the pixels", "a frame of zero length"])
def test_a_damaged_photo_is_refused(damage):
    good = shrunk_by_the_app(gps=False)
    scan = good.index(b"\xff\xda")
    bad = {"cut in the pixels": good[:scan + 4000],
           "cut before the pixels": good[:scan],
           "a frame of zero length": good.replace(b"\xff\xc0", b"\xff\xc0\x00\x00", 1)}[damage]
    with pytest.raises(AppError) as refused:
        process_photo(bad)
    assert refused.value.code in ("photo_damaged", "not_an_image")


def test_only_baseline_jpegs_are_kept_as_sent():
    assert without_metadata(shrunk_by_the_app()) is not None
    assert without_metadata(shrunk_by_the_app(progressive=True)) is None
    assert without_metadata(b"\x89PNG\r\n") is None
    assert without_metadata(b"\xff\xd8\xff\xe1\x00\x10short") is None
