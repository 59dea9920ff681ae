"""Keyset (cursor) paging: stable under inserts, as fast on page 1,000 as on page 1.

Lists are ordered newest first by ``id``; the cursor is the last id seen, opaque to clients.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import msgspec
from tortoise.queryset import QuerySet

from server.core.errors import AppError

T = TypeVar("T")
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class Page(msgspec.Struct, Generic[T]):
    items: list[T]
    next_cursor: str | None


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
    cursor: str | None,
    limit: int | None,
    shape: Callable[[Any], T] | Callable[[Any], Awaitable[T]],
) -> Page[T]:
    """One page of ``queryset``, newest first, shaped item by item."""
    limit = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    if cursor:
        queryset = queryset.filter(id__lt=decode_cursor(cursor))
    rows: Sequence[Any] = await queryset.order_by("-id").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for row in rows:
        item = shape(row)
        items.append(await item if isinstance(item, Awaitable) else item)
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if more and rows else None)
