"""PATCH bodies: msgspec structs whose fields default to ``UNSET``, so that "not sent" and
"sent as null" differ."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from tortoise.models import Model

from server.core.errors import not_found

M = TypeVar("M", bound=Model)


def changes_of(struct: msgspec.Struct) -> dict:
    """The fields a PATCH body actually carries (UNSET ones are left out)."""
    return {k: v for k, v in msgspec.structs.asdict(struct).items() if v is not msgspec.UNSET}


async def edit_row(model: type[M], changes: dict, **key) -> M:
    """Apply ``changes`` to the one row of ``model`` found by ``key`` (404 if none);
    nothing sent: nothing written."""
    row = await model.get_or_none(**key)
    if row is None:
        raise not_found()
    if changes:
        await row.update_from_dict(changes).save()
    return row
