"""Requests another site can make a visitor's browser send. An HTML form on any site can
post ``text/plain``, ``application/x-www-form-urlencoded`` or ``multipart/form-data`` to us,
with the visitor's cookies: a JSON endpoint must therefore refuse any body that is not JSON
(415), or a form could sign the visitor into an attacker's account (login CSRF) and his next
reports would go there. Sign-in and registration also refuse what the browser says comes
from another site (``Sec-Fetch-Site``, else ``Origin``). Signed-in changes are guarded by the
CSRF token (``accounts/sessions``)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.handlers import BaseRouteHandler
from litestar.typing import FieldDefinition

from server.core.errors import AppError, FieldError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Handlers marked with this opt accept no request from another site at all.
SAME_SITE_ONLY = "same_site_only"

_expects_json: dict[int, bool] = {}


def _takes_json(request: Request) -> bool:
    handler = request.route_handler
    found = _expects_json.get(id(handler))
    if found is None:
        data = handler.parsed_fn_signature.parameters.get("data")
        media_type = getattr(data.kwarg_definition, "media_type", None) if data is not None else None
        found = _expects_json[id(handler)] = data is not None and media_type in (None, RequestEncodingType.JSON)
    return found


def _from_another_site(request: Request) -> bool:
    fetched_from = request.headers.get("sec-fetch-site")
    if fetched_from is not None:
        return fetched_from not in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc != request.headers.get("host", "")


async def refuse_forged(request: Request) -> None:
    """Runs before every handler (``before_request``)."""
    if request.method in SAFE_METHODS:
        return
    if request.route_handler.opt.get(SAME_SITE_ONLY) and _from_another_site(request):
        raise AppError(403, "cross_site")
    has_body = request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers
    if has_body and _takes_json(request):  # no body at all: nothing to read (an optional note left out)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/json" and not kind.endswith("+json"):
            raise AppError(415, "json_only")


# ``\u0000`` in JSON text, not preceded by an escaped backslash (``\\u0000`` is the six
# characters someone typed, which are fine).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")

# The largest id a column holds (PostgreSQL's integer): a bigger one names nothing.
LARGEST_ID = 2**31 - 1


_integer_queries: dict[int, tuple[str, ...]] = {}


def _integer_query_parameters(handler: BaseRouteHandler) -> tuple[str, ...]:
    """The query parameters a handler reads as integers (ids, cursors), by their names in
    the URL."""
    found = _integer_queries.get(id(handler))
    if found is None:
        found = _integer_queries[id(handler)] = _integers_in_signature(handler)
    return found


def _holds_integers(field: FieldDefinition) -> bool:
    """``int``, ``int | None``, ``list[int] | None`` … (not ``bool``)."""
    if field.is_subclass_of(int) and not field.is_subclass_of(bool):
        return True
    return any(_holds_integers(inner) for inner in field.inner_types)


def _integers_in_signature(handler: BaseRouteHandler) -> tuple[str, ...]:
    names = []
    for name, field in handler.parsed_fn_signature.parameters.items():
        if not _holds_integers(field):
            continue
        kwarg = field.kwarg_definition
        if getattr(kwarg, "header", None) or getattr(kwarg, "cookie", None):
            continue
        names.append(getattr(kwarg, "query", None) or name)
    return tuple(names)


async def refuse_odd_input(request: Request) -> None:
    """What no handler should ever see: ids past their column (PostgreSQL would fail the
    query), and NUL characters in a JSON body, a query string or a path (PostgreSQL cannot
    store or even compare them in text; SQLite could, so both answer alike here)."""
    for value in request.path_params.values():
        if isinstance(value, int) and not -LARGEST_ID <= value <= LARGEST_ID:
            raise AppError(404, "not_found")
        if isinstance(value, str) and "\x00" in value:
            raise AppError(404, "not_found")  # a code or key with a NUL names nothing
    for name, raw in request.query_params.multi_items():
        if "\x00" in raw or "\x00" in name:
            raise AppError(422, "validation_failed", errors=[FieldError(name.replace("\x00", ""), "nul_character")])
    for name in _integer_query_parameters(request.route_handler):
        for raw in request.query_params.getall(name, []):
            try:
                number = int(raw)  # whatever int() reads, the parameter's own parsing may too
            except ValueError:
                continue  # not a number at all: the handler's validation answers it
            if not -LARGEST_ID <= number <= LARGEST_ID:
                raise AppError(422, "validation_failed", errors=[FieldError(name, "number_out_of_range")])
    if request.method not in SAFE_METHODS and _takes_json(request):
        body = await request.body()
        if b"\x00" in body or JSON_NUL.search(body):
            raise AppError(422, "validation_failed", errors=[FieldError("body", "nul_character")])
        if LONG_NUMBER.search(body) and (field := _number_past_a_column(body)):
            raise AppError(422, "validation_failed", errors=[FieldError(field, "number_out_of_range")])


LONG_NUMBER = re.compile(rb"\d{10}")  # the shortest number past LARGEST_ID has ten digits


def _number_past_a_column(body: bytes) -> str | None:
    """The field of a JSON body holding an integer no column holds (an id, a sort order,
    an id in a list), or None."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the handler's own decoding answers it
    stack: list[tuple[str, object]] = [("body", data)]
    while stack:
        field, value = stack.pop()
        if isinstance(value, int) and not isinstance(value, bool) and not -LARGEST_ID <= value <= LARGEST_ID:
            return field
        if isinstance(value, dict):
            stack.extend((key if field == "body" else f"{field}.{key}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((field, item) for item in value)
    return None


async def guard_request(request: Request) -> None:
    """Every request, before its handler (the app's ``before_request``)."""
    await refuse_forged(request)
    await refuse_odd_input(request)
