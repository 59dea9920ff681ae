"""PATCH bodies: msgspec structs whose fields default to ``UNSET``, so that "not sent" and
"sent as null" differ."""

from __future__ import annotations

import msgspec


def changes_of(struct: msgspec.Struct) -> dict:
    """The fields a PATCH body actually carries (UNSET ones are left out)."""
    return {k: v for k, v in msgspec.structs.asdict(struct).items() if v is not msgspec.UNSET}


async def save_changes(instance, struct: msgspec.Struct):
    """Apply a PATCH body to a model instance and save it (nothing sent: nothing written)."""
    changes = changes_of(struct)
    if changes:
        await instance.update_from_dict(changes).save()
    return instance
