"""Mainland China phone numbers: normalise on the way in, mask on the way out. Accounts use
mobiles; someone to be helped at home may have only a landline (with its area code)."""

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


# A landline: 0 and the area code — three digits for Beijing (010) and the 02x cities, with
# an 8-digit number; four digits elsewhere (0991 Urumqi), with a 7- or 8-digit number.
_LANDLINE = re.compile(r"(0(?:10|2\d))([2-9]\d{7})|(0[3-9]\d{2})([2-9]\d{6,7})")


def normalise_contact_phone(raw: str) -> str | None:
    """A mobile as ``normalise_phone`` gives it, or a landline as ``0991-2345678``
    (``+86 991 2345678`` and ``(0991)2345678`` too); None if it is neither."""
    mobile = normalise_phone(raw)
    if mobile is not None:
        return mobile
    digits = _SEPARATORS.sub("", raw or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix):]
            break
    found = _LANDLINE.fullmatch(digits)
    if found is None:
        return None
    area, number = (found.group(1), found.group(2)) if found.group(1) else (found.group(3), found.group(4))
    return f"{area}-{number}"


def mask_phone(phone: str | None) -> str | None:
    """``13800138000`` → ``138****8000``, ``0991-2345678`` → ``0991-***5678`` (what
    everyone but those who must call sees)."""
    if not phone:
        return phone
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
    return phone[:3] + "****" + phone[-4:]
