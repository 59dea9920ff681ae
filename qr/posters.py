"""Printable posters: one place a page, bilingual Chinese and Uyghur (English optional),
the QR large enough to scan from 1.5 m on A4, the code and short URL as a fallback."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from qr.codes import qr_svg

# Page sizes and the QR's printed width. A phone reads a code from about ten times its
# width: 150 mm on A4 works from 1.5 m; A6 is a sticker read from arm's length.
SIZES = {
    "A4": {"page": "210mm 297mm", "qr_mm": 150},
    "A5": {"page": "148mm 210mm", "qr_mm": 105},
    "A6": {"page": "105mm 148mm", "qr_mm": 70},
}



@dataclass(frozen=True)
class PosterWords:
    """What every poster says, by language (``{"zh": …, "ug": …, "en": …}``); the server
    fills it from its catalogs, so this library keeps no text of its own."""

    call_to_action: dict[str, str]
    fallback: dict[str, str]
    brand: dict[str, str]
    mini_program: dict[str, str]
    title: str


@dataclass(frozen=True)
class PosterPlace:
    name: str
    name_ug: str | None
    name_en: str | None
    kind: dict[str, str]       # the kind's label by language
    code: str
    url: str                   # what the QR opens
    short_url: str             # the same, printed for people to type
    # The mini-program code for WeChat's scanner (a data: URI), when posters print one.
    mini_code: str | None = None


_env = Environment(loader=PackageLoader("qr", "templates"), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)


def render_posters(places: list[PosterPlace], words: PosterWords, size: str = "A4", english: bool = False,
                   auto_print: bool = False) -> str:
    """One HTML document with a poster a page, ready for the browser's print dialog."""
    if size not in SIZES:
        raise ValueError(f"unknown poster size {size!r}")
    template = _env.get_template("posters.html.j2")
    return template.render(
        posters=[{"place": p, "qr": qr_svg(p.url, title=p.short_url)} for p in places],
        size=size, spec=SIZES[size], english=english, auto_print=auto_print,
        cta=words.call_to_action, fallback=words.fallback, brand=words.brand, mini_caption=words.mini_program,
        title=words.title,
    )
