"""Labels from the app's own catalogs (``pwa/i18n``), so that a place kind or an amenity
is named the same on a screen, a poster and a spreadsheet."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("zh", "ug", "en")


@lru_cache(maxsize=16)
def labels(pwa_dir: Path, prefix: str) -> dict[str, dict[str, str]]:
    """``labels(dir, "place.kind")`` → {"rider_station": {"zh": "骑手驿站", "ug": …, "en": …}, …}."""
    found: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        catalog = json.loads((pwa_dir / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
        for key, text in catalog.items():
            if key.startswith(prefix + "."):
                found.setdefault(key.removeprefix(prefix + "."), {})[lang] = text
    return found
