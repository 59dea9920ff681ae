"""Keyset (cursor) paging: stable under inserts, as fast on page 1,000 as on page 1.

Lists are ordered newest first by ``id``; the cursor is the last id seen, opaque to clients.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from tortoise.queryset import QuerySet

from server.core.errors import AppError

T = TypeVar("T")
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class PageRequest:
    """Which page a list request asks for: ``cursor`` (the previous page's
    ``next_cursor``) and ``limit``."""

    cursor: str | None = None
    limit: int | None = None


def page_request(
    cursor: Annotated[str | None, QueryParameter(max_length=200, description="next_cursor of the page before")] = None,
    limit: Annotated[int | None, QueryParameter(ge=1, le=MAX_LIMIT, description="items per page")] = None,
) -> PageRequest:
    return PageRequest(cursor, limit)


# The app provides ``paging: Paging`` to every handler that asks for it.
PAGING_DEPENDENCY = {"paging": Provide(page_request, sync_to_thread=False)}
Paging = NamedDependency[PageRequest]


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"id": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))["id"]
        if not isinstance(value, int):
            raise ValueError
        return value
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise AppError(400, "invalid_cursor") from None


async def keyset_page(
    queryset: QuerySet,
    paging: PageRequest,
    shape: Callable[[Any], T] | Callable[[Any], Awaitable[T]],
    default_limit: int = DEFAULT_LIMIT,
) -> Page[T]:
    """One page of ``queryset``, newest first, shaped item by item."""
    limit = max(1, min(paging.limit or default_limit, MAX_LIMIT))
    if paging.cursor:
        queryset = queryset.filter(id__lt=decode_cursor(paging.cursor))
    rows: Sequence[Any] = await queryset.order_by("-id").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for row in rows:
        item = shape(row)
        items.append(await item if isinstance(item, Awaitable) else item)
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if more and rows else None)
