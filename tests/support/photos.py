"""Real photos for tests: camera-sized JPEGs with EXIF orientation and GPS, and bad files."""

from __future__ import annotations

import io
import random

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def camera_jpeg(width: int = 4000, height: int = 3000, orientation: int = 6, gps: bool = True,
                seed: int = 1) -> bytes:
    """A 12 MP JPEG as a phone takes it: sideways pixels with an orientation tag, and GPS."""
    rng = random.Random(seed)
    small = Image.new("RGB", (64, 48))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(64 * 48)])
    image = small.resize((width, height), Image.BILINEAR)
    # A marker in the top-left corner, to check the photo was turned upright.
    image.paste((255, 0, 0), (0, 0, width // 8, height // 8))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (43.0, 48.0, 13.5), 3: "E", 4: (87.0, 37.0, 4.2)}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, exif=exif)
    return out.getvalue()


def huge_png(side: int = 20_000) -> bytes:
    """A decompression bomb: tiny on disk, 400 million pixels when opened."""
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG", optimize=True)
    return out.getvalue()
