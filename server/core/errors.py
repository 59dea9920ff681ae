"""Errors as RFC 9457 problem details.

Every error leaves the server as ``application/problem+json`` with a stable machine
``code`` and a human ``detail`` in the caller's language; validation errors add
``errors``, one entry per field. Services raise ``AppError`` (no HTTP objects needed
beyond a status number); everything else is translated here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import asyncpg
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from tortoise.exceptions import DBConnectionError, DoesNotExist, IntegrityError, OperationalError

from server.core.catalog import text
from server.core.clock import BEIJING, now
from server.core.db import is_read_only_error
from server.core.messages import message, request_language

log = logging.getLogger("yizhan.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"

CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}


@dataclass
class FieldError:
    field: str
    code: str
    message: str | None = None
    line: int | None = None  # for a file's rows: the line the person must fix
    column: str | None = None  # and the column, as a spreadsheet shows it: "D 类型"


@dataclass
class AppError(Exception):
    """A failure the caller can act on: ``status`` for HTTP, ``code`` for machines."""

    status: int
    code: str
    detail: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail or ''}"


def describe(error: AppError) -> str:
    """An error in one line for a command's output: its code, then what it says or the fields."""
    detail = error.detail or ", ".join(f"{e.field}: {e.code}" for e in error.errors) or message(error.code, "en")
    return f"{error.code}: {detail}"


def not_found() -> AppError:
    return AppError(404, "not_found")


def forbidden(code: str = "forbidden") -> AppError:
    return AppError(403, code)


def conflict(code: str = "conflict", detail: str | None = None) -> AppError:
    return AppError(409, code, detail)


def invalid(field_name: str, code: str) -> AppError:
    """One invalid field: 422 with the field's message in the caller's language."""
    return AppError(422, "validation_failed", errors=[FieldError(field_name, code)])


def problem_response(request: Request, error: AppError) -> Response[dict[str, Any]]:
    language = request_language(request)
    body: dict[str, Any] = {
        "type": f"urn:yizhan:problem:{error.code}",
        "title": HTTPStatus(error.status).phrase,
        "status": error.status,
        "code": error.code,
        "detail": error.detail or message(error.code, language),
        "instance": request.url.path,
    }
    headers = dict(error.headers)
    if error.status == 429:
        _say_when(body, headers, language)
    if error.errors:
        body["errors"] = [
            {"field": e.field, "code": e.code, "message": e.message or message(e.code, language),
             **({"line": e.line} if e.line is not None else {}),
             **({"column": e.column} if e.column is not None else {})}
            for e in error.errors
        ]
    return Response(body, status_code=error.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


# A limit whose source does not say how long to wait (WeChat's "too frequent") asks for a minute.
DEFAULT_RETRY_SECONDS = 60


def _say_when(body: dict[str, Any], headers: dict[str, str], language: str) -> None:
    """Every 429 says how long to wait: ``Retry-After`` in seconds, and in the body the
    moment itself (``retry_at``, Beijing time) and a sentence naming it ("after 15:40")."""
    seconds = int(headers.get("Retry-After") or DEFAULT_RETRY_SECONDS)
    headers["Retry-After"] = str(seconds)
    at = (now() + timedelta(seconds=seconds)).astimezone(BEIJING)
    body["retry_after"] = seconds
    body["retry_at"] = at.isoformat(timespec="seconds")
    clock = at.strftime("%H:%M") if at.date() == now().astimezone(BEIJING).date() else at.strftime("%m-%d %H:%M")
    body["detail"] = f"{body['detail']} {text('error.retry_at', language, time=clock)}"


_NAMED_FIELD = re.compile(r"(?:missing required field|unknown field) `([^`]+)`")


def _field_name(key: str | None) -> str:
    # msgspec reports "Expected `str`, got `int` - at `$.phone`"; Litestar gives "key".
    return (key or "body").removeprefix("$.") or "body"


def handle_app_error(request: Request, exc: AppError) -> Response:
    return problem_response(request, exc)


def handle_validation(request: Request, exc: ValidationException) -> Response:
    errors: list[FieldError] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        text = str(item.get("message", ""))
        key = item.get("key")
        if " - at `" in text:
            text, _, where = text.partition(" - at `")
            key = where.rstrip("`")
        elif match := _NAMED_FIELD.search(text):
            key = match.group(1)
        if "with a timezone component" in text:  # an Instant without its offset
            errors.append(FieldError(_field_name(key), "time_zone_required"))
            continue
        errors.append(FieldError(_field_name(key), "invalid", text or None))
    return problem_response(request, AppError(422, "validation_failed", errors=errors))


def handle_http(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    code = CODE_BY_STATUS.get(status, "bad_request" if status < 500 else "internal_error")
    detail = None
    if status == 400 and isinstance(exc.__cause__, SerializationException):
        code = "malformed_json"
    headers = dict(exc.headers or {})
    return problem_response(request, AppError(status, code, detail, headers=headers))


def handle_does_not_exist(request: Request, exc: DoesNotExist) -> Response:
    return problem_response(request, not_found())


def handle_integrity(request: Request, exc: IntegrityError) -> Response:
    log.info("integrity error on %s: %s", request.url.path, exc)
    return problem_response(request, conflict())


def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(request, AppError(500, "internal_error"))


def handle_database_gone(request: Request, exc: Exception) -> Response:
    # The database refused, did not answer in time, or dropped the connection: nothing of
    # the request is kept; the caller may try again shortly.
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return problem_response(request, AppError(503, "database_unavailable", headers={"Retry-After": "5"}))


def handle_operational(request: Request, exc: OperationalError) -> Response:
    if is_read_only_error(exc):  # nothing was written; /healthz says so too
        log.error("database is read-only on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(request, AppError(503, "database_unavailable", headers={"Retry-After": "5"}))
    return handle_unexpected(request, exc)


def handle_too_deep(request: Request, exc: RecursionError) -> Response:
    # JSON nested thousands deep: the decoder gives up; so does the request, clearly.
    return problem_response(request, AppError(400, "body_too_deep"))


EXCEPTION_HANDLERS = {
    AppError: handle_app_error,
    ValidationException: handle_validation,
    HTTPException: handle_http,
    DoesNotExist: handle_does_not_exist,
    IntegrityError: handle_integrity,
    OperationalError: handle_operational,
    RecursionError: handle_too_deep,
    DBConnectionError: handle_database_gone,
    TimeoutError: handle_database_gone,
    ConnectionError: handle_database_gone,
    asyncpg.PostgresConnectionError: handle_database_gone,
    asyncpg.InterfaceError: handle_database_gone,
    asyncpg.CannotConnectNowError: handle_database_gone,
    Exception: handle_unexpected,
}
