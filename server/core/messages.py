"""Problem details in the caller's language: the ``detail`` of an error is the server
catalog's ``error.<code>`` text (``server/i18n``)."""

from __future__ import annotations

from server.core.catalog import DEFAULT_LANGUAGE, LANGUAGES, text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "message", "pick_language"]


def pick_language(accept_language: str | None, cookie_value: str | None = None) -> str:
    """The caller's language: the ``yizhan_lang`` cookie, else the first known Accept-Language."""
    for candidate in [cookie_value or ""] + [
        part.split(";")[0].strip() for part in (accept_language or "").split(",")
    ]:
        base = candidate.lower().split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def request_language(request) -> str:
    """The language of a request (a Litestar ``Request``): cookie, else Accept-Language."""
    return pick_language(request.headers.get("accept-language"), request.cookies.get("yizhan_lang"))


def message(code: str, language: str = DEFAULT_LANGUAGE) -> str:
    key = f"error.{code}"
    found = text(key, language)
    return code if found == key else found
