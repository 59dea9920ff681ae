"""A notification in words, for the app (the reader's language) and for the work groups
(Chinese): one place renders both, so a group sees the same sentence a worker reads."""

from __future__ import annotations

from server.core.catalog import text


def status_label(kind: str, object_type: str, status: str, language: str) -> str:
    """The status in words: a claim's for news about a claim (it comes on the wish), else
    the object's own, else the raw value."""
    owners = ["claim"] if kind.startswith(("wish_claim", "claim_")) else []
    for owner in [*owners, object_type]:
        key = f"{owner}.status.{status}"
        label = text(key, language)
        if label != key:
            return label
    return status


def sentence(kind: str, object_type: str, object_id: int, status: str, params: dict | None, language: str) -> str:
    """``notification.<kind>`` from the server catalog, filled in."""
    values = dict(params or {})
    if status:
        values.setdefault("status", status_label(kind, object_type, status, language))
    values.setdefault("id", object_id)
    return text(f"notification.{kind}", language, **values)


def path_of(object_type: str, object_id: int) -> str | None:
    """Where the app opens the object a notification is about."""
    return {"report": f"/reports/{object_id}", "wish": f"/wishes/{object_id}",
            "redemption": "/handover", "task": "/tasks", "help": f"/help/{object_id}"}.get(object_type)
