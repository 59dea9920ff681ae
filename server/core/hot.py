"""The hottest public reads — a poster's landing data, the wish walls, a station's TV — kept as
encoded bytes (plain and gzipped) and answered without touching the database while nothing
they show has changed.

Each kept answer names the *topics* it shows (``places``, ``wishes:<community id>``). A change
to a topic marks it (``touch``) inside the request or job that changes it; once that
request's transaction is over (``settle``, run after every request and every housekeeping
job) the topic's version moves on, and the next read builds the answer afresh. Versions live
in the process, or in Redis when several workers run, so that a write on one worker is seen
on the next read on every worker. Every kept answer also has an age limit, for what no topic
covers (a place's "open now", the month's figures on a TV).

Answers carry an ``ETag``; a phone that sends it back in ``If-None-Match`` gets 304.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

import msgspec
from litestar import Request, Response

log = logging.getLogger("yizhan.hot")

CAPACITY = 1024              # answers kept per worker (a few KB each)
MAX_AGE_SECONDS = 60.0       # no kept answer is older than this
GZIP_FROM_BYTES = 512
# Kept answers are built by the server, not the caller: the compression middleware skips
# handlers marked with this (they send their own gzipped bytes).
SKIP_COMPRESSION = "skip_compression"


# The topics: every place's landing data (places change seldom: one topic for all), and the
# wishes of one community (its walls, its places' walls, its stations' TVs).
PLACES = "places"


def wishes_topic(community_id: int | None) -> str:
    return f"wishes:{community_id}"


class Versions(Protocol):
    async def start(self) -> None: ...

    async def current(self, topics: tuple[str, ...]) -> tuple[int, ...]: ...

    async def bump(self, topics: Iterable[str]) -> None: ...

    async def close(self) -> None: ...


class MemoryVersions:
    """One worker: versions in the process."""

    def __init__(self) -> None:
        self._versions: dict[str, int] = {}

    async def start(self) -> None:
        pass

    async def current(self, topics: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(self._versions.get(topic, 0) for topic in topics)

    async def bump(self, topics: Iterable[str]) -> None:
        for topic in topics:
            self._versions[topic] = self._versions.get(topic, 0) + 1

    async def close(self) -> None:
        self._versions.clear()


class RedisVersions:
    """Several workers: versions in Redis. Each worker also keeps the versions it has seen,
    and every bump is published to all workers, which update theirs as it arrives; so a
    read asks Redis only for a topic it has not seen since it (re)subscribed, and never
    while the subscription is down."""

    PREFIX = "yizhan:hot:"
    CHANNEL = "yizhan:hot-bumps"

    def __init__(self, url: str) -> None:
        from server.core.stores import redis_client

        self._redis = redis_client(url)
        self._seen: dict[str, int] = {}
        self._live = False
        self._listener: asyncio.Task | None = None

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="yizhan-hot-versions")

    async def _listen(self) -> None:
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(self.CHANNEL)
                async for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        self._seen.clear()  # what was missed while away is read again
                        self._live = True
                    elif message["type"] == "message":
                        topic, _, version = message["data"].decode().rpartition(" ")
                        self._note(topic, int(version))
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis away: read versions from it until back
                log.warning("hot versions: subscription lost, reading Redis on every answer until it is back")
                await asyncio.sleep(1)
            finally:
                self._live = False
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    def _note(self, topic: str, version: int) -> None:
        if version > self._seen.get(topic, -1):
            self._seen[topic] = version

    async def current(self, topics: tuple[str, ...]) -> tuple[int, ...]:
        if self._live and all(topic in self._seen for topic in topics):
            return tuple(self._seen[topic] for topic in topics)
        try:
            found = await self._redis.mget([self.PREFIX + topic for topic in topics])
        except Exception:  # noqa: BLE001 - Redis away: versions nobody has, so every answer is built afresh
            return (-time.monotonic_ns(),) * len(topics)
        versions = tuple(int(value or 0) for value in found)
        if self._live:
            for topic, version in zip(topics, versions, strict=True):
                self._note(topic, version)
        return versions

    async def bump(self, topics: Iterable[str]) -> None:
        topics = list(topics)
        try:
            await self._announce(topics)
        except Exception:  # noqa: BLE001 - Redis away: the other workers' answers age out within a minute
            log.warning("hot versions: could not announce a change (Redis unavailable)")

    async def _announce(self, topics: list[str]) -> None:
        async with self._redis.pipeline(transaction=False) as pipe:
            for topic in topics:
                pipe.incr(self.PREFIX + topic)
            versions = await pipe.execute()
        async with self._redis.pipeline(transaction=False) as pipe:
            for topic, version in zip(topics, versions, strict=True):
                self._note(topic, version)
                pipe.publish(self.CHANNEL, f"{topic} {version}")
            await pipe.execute()

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()


@dataclass(frozen=True)
class Kept:
    versions: tuple[int, ...]
    until: float
    etag: str
    plain: bytes
    gzipped: bytes | None


_versions: Versions = MemoryVersions()
_kept: OrderedDict[str, Kept] = OrderedDict()
_values: OrderedDict[str, tuple[tuple[int, ...], float, Any]] = OrderedDict()
_building: dict[tuple, asyncio.Future] = {}
_touched: ContextVar[set[str] | None] = ContextVar("yizhan_hot_touched", default=None)


async def use(versions: Versions) -> None:
    """Where versions live for this process (set when the app starts)."""
    global _versions
    _versions = versions
    forget_all()
    await versions.start()


async def use_default() -> None:
    """Back to versions in the process (the app stops: its Redis connection closes)."""
    global _versions
    await _versions.close()
    _versions = MemoryVersions()
    forget_all()


def forget_all() -> None:
    """Drop every kept answer and value (tests start each case from empty tables)."""
    _kept.clear()
    _values.clear()


def touch(*topics: str) -> None:
    """Mark topics changed by the work in progress; their versions move on at ``settle``."""
    touched = _touched.get()
    if touched is None:
        touched = set()
        _touched.set(touched)
    touched.update(topics)


async def settle() -> None:
    """The work is committed (or given up): move the touched topics' versions on."""
    touched = _touched.get()
    if touched:
        _touched.set(None)
        await _versions.bump(touched)


async def bump(*topics: str) -> None:
    """Move versions on now (a change made outside any request, e.g. a command)."""
    await _versions.bump(topics)


async def answer(request: Request, key: str, topics: tuple[str, ...], build: Callable[[], Awaitable[Any]], *,
                 max_age: float = MAX_AGE_SECONDS) -> Response[bytes]:
    """The kept JSON answer for ``key`` while ``topics`` have not changed and it is younger
    than ``max_age``; else ``build()`` (a value to encode as JSON) and keep it."""
    versions = await _versions.current(topics)
    kept = _kept.get(key)
    if kept is None or kept.versions != versions:  # nothing, or something changed: wait for the new one
        kept = await _once(("answer", key, versions), lambda: _build_answer(key, versions, build, max_age))
    else:
        _kept.move_to_end(key)
        if kept.until <= time.monotonic():  # only old: answer it once more while a fresh one is made
            _in_background(("answer", key, versions), lambda: _build_answer(key, versions, build, max_age))
    return respond(request, kept.etag, kept.plain, kept.gzipped, "application/json")


def _keep(store: OrderedDict, key: str, item: Any) -> Any:
    """Put ``item`` in a bounded store, dropping the least recently used past CAPACITY."""
    store[key] = item
    if len(store) > CAPACITY:
        store.popitem(last=False)
    return item


async def _build_answer(key: str, versions: tuple[int, ...], build: Callable[[], Awaitable[Any]],
                        max_age: float) -> Kept:
    plain = msgspec.json.encode(await build())
    etag = f'W/"{hashlib.blake2b(plain, digest_size=10).hexdigest()}"'
    gzipped = gzip.compress(plain, compresslevel=6, mtime=0) if len(plain) >= GZIP_FROM_BYTES else None
    return _keep(_kept, key, Kept(versions, time.monotonic() + max_age, etag, plain, gzipped))


def _start(key: tuple, build: Callable[[], Awaitable[Any]]) -> asyncio.Future:
    running = _building.get(key)
    if running is None:
        running = asyncio.ensure_future(build())
        _building[key] = running
        running.add_done_callback(lambda _: _building.pop(key, None))
    return running


async def _once(key: tuple, build: Callable[[], Awaitable[Any]]) -> Any:
    """One build at a time for the same thing: when 200 phones ask the moment an answer is
    out of date, one builds it and the others wait for that one (no stampede on the
    database)."""
    return await asyncio.shield(_start(key, build))


def _in_background(key: tuple, build: Callable[[], Awaitable[Any]]) -> None:
    running = _start(key, build)
    # A failed refresh is retried by the next read; its error must not go unretrieved.
    running.add_done_callback(lambda done: done.cancelled() or done.exception())


async def remember(key: str, topics: tuple[str, ...], build: Callable[[], Awaitable[Any]], *,
                   max_age: float = MAX_AGE_SECONDS) -> Any:
    """A value (not an answer) kept the same way: e.g. the place a poster's code names, which
    a wall needs before it knows its topics."""
    versions = await _versions.current(topics)
    kept = _values.get(key)
    if kept is not None and kept[0] == versions and kept[1] > time.monotonic():
        _values.move_to_end(key)
        return kept[2]

    async def build_value() -> Any:
        value = await build()
        _keep(_values, key, (versions, time.monotonic() + max_age, value))
        return value

    return await _once(("value", key, versions), build_value)


def to_next_minute() -> float:
    """Seconds to the next full minute: answers that say "open now" are right to the minute."""
    return 60.0 - time.time() % 60.0


def respond(request: Request, etag: str, plain: bytes, gzipped: bytes | None, media_type: str,
            cache_control: str = "no-cache") -> Response[bytes]:
    """Bytes as the caller can take them: 304 for a matching ETag, gzipped when accepted."""
    headers = {"ETag": etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=304, headers=headers, media_type=media_type)
    if gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzipped, headers={**headers, "Content-Encoding": "gzip"}, media_type=media_type)
    return Response(plain, headers=headers, media_type=media_type)


def query_key(request: Request) -> str:
    """The path and its query, the same whatever the order of the query's parameters."""
    raw = request.scope["query_string"].decode("latin-1")
    return f"{request.scope['path']}?{'&'.join(sorted(raw.split('&'))) if raw else ''}"
