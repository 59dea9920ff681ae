"""Mainland China mobile numbers: normalise on the way in, mask on the way out."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()()]")


def normalise_phone(raw: str) -> str | None:
    """``+86 138-0013-8000`` → ``13800138000``; None if it is not a mainland mobile."""
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    return digits if _MOBILE.fullmatch(digits) else None


def mask_phone(phone: str | None) -> str | None:
    """``13800138000`` → ``138****8000`` (what everyone but those who must call sees)."""
    if not phone:
        return phone
    return phone[:3] + "****" + phone[-4:]
