"""Text in one family of catalogs, one JSON file a language (``zh``, ``ug``, ``en``):

* ``pwa/i18n/`` — the screens' texts, shipped to the phone; the server reads labels from it
  (a place kind or an amenity is named the same on a screen, a poster and a spreadsheet);
* ``server/i18n/`` — what only the server says: problem details (``error.<code>``),
  notifications (``notification.<kind>``), poster texts (``poster.*``) and the default
  report categories (``category.<key>``).

A word both sides say (a report's status in a notification and on a screen) is written once,
in the screens' family; ``text()`` finds it there. Tests check that every key of a family
exists in every language and that no key is in both families.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("zh", "ug", "en")
DEFAULT_LANGUAGE = "zh"
SERVER_CATALOGS = Path(__file__).resolve().parent.parent / "i18n"
SCREEN_CATALOGS = Path(__file__).resolve().parents[2] / "pwa" / "i18n"


@lru_cache(maxsize=8)
def _load(folder: Path) -> dict[str, dict[str, str]]:
    """language → {key: text} for one family of catalogs."""
    return {lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}


def server_catalogs() -> dict[str, dict[str, str]]:
    return _load(SERVER_CATALOGS)


def text(key: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The server's text for ``key`` in ``language`` (Chinese where a language lacks it),
    with ``{name}`` placeholders filled in — from the server's catalogs, else the screens'
    (the words both say); the key itself if nobody wrote it."""
    template = None
    for catalogs in (server_catalogs(), _load(SCREEN_CATALOGS)):
        template = catalogs.get(language, {}).get(key) or catalogs[DEFAULT_LANGUAGE].get(key)
        if template is not None:
            break
    if template is None:
        return key
    return template.format_map(_Lenient(params)) if params else template


def texts(key: str) -> dict[str, str]:
    """``{"zh": …, "ug": …, "en": …}`` for one key (posters show several languages at once)."""
    return {lang: text(key, lang) for lang in LANGUAGES}


def with_prefix(prefix: str) -> dict[str, dict[str, str]]:
    """``with_prefix("category")`` → {"sanitation": {"zh": "卫生环境", …}, …} from the server's catalogs."""
    return _labels(server_catalogs(), prefix)


@lru_cache(maxsize=256)
def labels(pwa_dir: Path, prefix: str) -> dict[str, dict[str, str]]:
    """``labels(dir, "place.kind")`` → {"rider_station": {"zh": "骑手驿站", "ug": …, "en": …}, …}
    from the app's screen catalogs. Made once per prefix (an export asks per cell); do not
    change the answer."""
    return _labels(_load(pwa_dir / "i18n"), prefix)


def namer(pwa_dir: Path, language: str) -> Callable[[str, str], str]:
    """``name("wish.category", "charging")`` → the screens' word in ``language`` (the key
    itself where none is written): what an export or a figure's group calls a kind."""

    def name(prefix: str, key: str) -> str:
        return labels(pwa_dir, prefix).get(key, {}).get(language, key)

    return name


def _labels(catalogs: dict[str, dict[str, str]], prefix: str) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        for key, value in catalogs[lang].items():
            if key.startswith(prefix + "."):
                found.setdefault(key.removeprefix(prefix + "."), {})[lang] = value
    return found


class _Lenient(dict):
    """A placeholder without a value stays visible instead of failing the whole text."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
