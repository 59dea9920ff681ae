"""Place codes: short, random, unguessable, URL-safe, case-insensitive, ≤ 32 characters.

Ten characters from a 31-letter alphabet (no 0/O, 1/I/L look-alikes) give about 50 bits:
enough that nobody finds a live code by trying, short enough to type from a poster.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
MAX_LENGTH = 32
_SEPARATORS = re.compile(r"[\s\-_.]")
_VALID = re.compile(f"[{ALPHABET}]{{1,{MAX_LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str) -> str | None:
    """``" rjx7-k9pq 2m "`` → ``"RJX7K9PQ2M"``; None if it cannot be a code."""
    code = _SEPARATORS.sub("", raw or "").upper()
    if len(code) > MAX_LENGTH:
        return None
    return code if _VALID.fullmatch(code) else None
