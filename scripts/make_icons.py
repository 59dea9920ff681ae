"""Draw the app icons (PNG 192, 512 and a maskable 512) into pwa/icons/.

Run after changing the design: python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (200, 16, 46)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "pwa" / "icons"


def draw(size: int, maskable: bool) -> Image.Image:
    image = Image.new("RGB", (size, size), BRAND)
    d = ImageDraw.Draw(image)
    # Maskable icons keep their content inside the central 80% circle.
    scale = size * (0.56 if maskable else 0.72)
    ox, oy = (size - scale) / 2, (size - scale) / 2

    def p(x: float, y: float) -> tuple[float, float]:
        return ox + x * scale, oy + y * scale

    d.polygon([p(0.5, 0.0), p(1.0, 0.42), p(0.0, 0.42)], fill=WHITE)           # roof
    d.rectangle([p(0.14, 0.40), p(0.86, 1.0)], fill=WHITE)                      # house
    d.rectangle([p(0.40, 0.62), p(0.60, 1.0)], fill=BRAND)                      # door
    d.ellipse([p(0.43, 0.18), p(0.57, 0.32)], fill=BRAND)                       # round window
    return image


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, False).save(OUT / "icon-192.png", optimize=True)
    draw(512, False).save(OUT / "icon-512.png", optimize=True)
    draw(512, True).save(OUT / "maskable-512.png", optimize=True)
    draw(180, False).save(OUT / "apple-touch-icon.png", optimize=True)
