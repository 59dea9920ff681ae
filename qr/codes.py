"""QR codes for place URLs: error correction Q (readable with a quarter of the code dirty
or torn), a quiet zone of 4 modules, as PNG (for the ZIP) or SVG (crisp in print)."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from PIL import Image

QUIET_ZONE = 4  # modules of white around the code; scanners need at least 4


@lru_cache(maxsize=4096)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, quiet zone included (True = dark). Choosing the best mask costs
    most of the time, so codes are remembered: a reprint of the same posters is cheap."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def qr_png(data: str, module_px: int = 10) -> bytes:
    matrix = qr_matrix(data)
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((size * module_px, size * module_px), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_svg(data: str, title: str = "") -> str:
    """A standalone SVG; one path of horizontal runs keeps it small."""
    matrix = qr_matrix(data)
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    label = f"<title>{_escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" '
            f'role="img">{label}<rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path d="{"".join(runs)}" fill="#000"/></svg>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
