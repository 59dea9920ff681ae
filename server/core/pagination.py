"""Keyset (cursor) paging: stable under inserts, as fast on page 1,000 as on page 1.

Lists are ordered newest first by ``id`` (or oldest first, or by a column such as a deadline
with the id breaking ties); the cursor is the last row's position, opaque to clients.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter
from tortoise.expressions import Q
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


def encode_cursor(last_id: int, key: datetime | None = None) -> str:
    position = {"id": last_id} if key is None else {"id": last_id, "key": key.isoformat()}
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_position(cursor: str) -> tuple[int, datetime | None]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
        value = position["id"]
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError
        key = datetime.fromisoformat(position["key"]) if "key" in position else None
        if key is not None and key.tzinfo is None:
            raise ValueError
        return value, key
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise AppError(400, "invalid_cursor") from None


def decode_cursor(cursor: str) -> int:
    return decode_position(cursor)[0]


async def keyset_page(
    queryset: QuerySet,
    paging: PageRequest,
    shape: Callable[[Any], T] | Callable[[Any], Awaitable[T]],
    default_limit: int = DEFAULT_LIMIT,
    *,
    oldest_first: bool = False,
    by: str | None = None,
) -> Page[T]:
    """One page of ``queryset``, shaped item by item: newest first; ``oldest_first``; or
    ``by`` a datetime column, soonest first, the id breaking ties (rows without a value
    are left out: they have no place in that order)."""
    limit = max(1, min(paging.limit or default_limit, MAX_LIMIT))
    if by is not None:
        queryset = queryset.filter(**{f"{by}__isnull": False})
    if paging.cursor:
        last_id, key = decode_position(paging.cursor)
        if by is not None:
            if key is None:
                raise AppError(400, "invalid_cursor")
            queryset = queryset.filter(Q(**{f"{by}__gt": key}) | Q(**{by: key, "id__gt": last_id}))
        else:
            queryset = queryset.filter(id__gt=last_id) if oldest_first else queryset.filter(id__lt=last_id)
    order = (by, "id") if by is not None else ("id",) if oldest_first else ("-id",)
    rows: Sequence[Any] = await queryset.order_by(*order).limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = []
    for row in rows:
        item = shape(row)
        items.append(await item if isinstance(item, Awaitable) else item)
    cursor = None
    if more and rows:
        cursor = encode_cursor(rows[-1].id, getattr(rows[-1], by) if by is not None else None)
    return Page(items=items, next_cursor=cursor)
