"""The pieces of the ``yizhan`` command (``server/cli.py`` parses and dispatches): what
every command shares here, the commands that keep the data (``upkeep.py``) and the
offline poster batch (``posters.py``)."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable

from server.core import db
from server.settings import Settings


class CommandError(Exception):
    """A failure worth one line to the operator, not a traceback."""


def fail(text: str, code: int = 2) -> int:
    print(f"yizhan: error: {text}", file=sys.stderr)
    return code


async def with_db(settings: Settings, work: Callable[[], Awaitable[int]]) -> int:
    try:
        await db.init_db(settings, for_the_app=False)
        await db.ping()
    except Exception as exc:
        raise CommandError(f"cannot reach the database at {safe_url(settings.database_url)}: {exc}") from None
    try:
        return await work()
    finally:
        await db.close_db()


def safe_url(url: str) -> str:
    """The database URL without its password, for messages."""
    if "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    creds, _, host = rest.rpartition("@")
    return f"{scheme}://{creds.split(':')[0]}:***@{host}"
