"""Counters with a time window, for throttles and rate limits, and short-lived shared
values (an outside service's access token that every worker uses).

In-process by default (one worker, zero config); Redis when ``YIZHAN_REDIS_URL`` is set,
so that several workers count and share together.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from typing import Protocol

from redis.exceptions import RedisError

from server.core.errors import AppError

logger = logging.getLogger("yizhan.stores")


class CounterStore(Protocol):
    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Count one more event; returns (count in the window, seconds until it resets)."""

    async def peek(self, key: str) -> tuple[int, int]:
        """The current (count, seconds until reset) without counting."""

    async def reset(self, key: str) -> None: ...

    async def release(self, key: str) -> None:
        """Take one count back (an attempt that turned out not to count)."""

    async def get_value(self, key: str) -> str | None:
        """A value set by ``set_value`` that has not expired."""

    async def set_value(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def close(self) -> None: ...


class MemoryCounterStore:
    def __init__(self) -> None:
        self._counters: dict[str, tuple[int, float]] = {}
        self._values: dict[str, tuple[str, float]] = {}
        self._lock = asyncio.Lock()

    def _current(self, key: str, now: float) -> tuple[int, float]:
        count, expires = self._counters.get(key, (0, 0.0))
        if expires <= now:
            self._counters.pop(key, None)
            return 0, 0.0
        return count, expires

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        async with self._lock:
            now = time.monotonic()
            count, expires = self._current(key, now)
            if not count:
                expires = now + window_seconds
            self._counters[key] = (count + 1, expires)
            if len(self._counters) > 100_000:
                self._sweep(now)
            return count + 1, math.ceil(expires - now)

    async def peek(self, key: str) -> tuple[int, int]:
        now = time.monotonic()
        count, expires = self._current(key, now)
        return count, max(0, math.ceil(expires - now))

    async def reset(self, key: str) -> None:
        self._counters.pop(key, None)

    async def release(self, key: str) -> None:
        count, expires = self._current(key, time.monotonic())
        if count > 1:
            self._counters[key] = (count - 1, expires)
        else:
            self._counters.pop(key, None)

    async def get_value(self, key: str) -> str | None:
        value, expires = self._values.get(key, ("", 0.0))
        return value if expires > time.monotonic() else None

    async def set_value(self, key: str, value: str, ttl_seconds: int) -> None:
        self._values[key] = (value, time.monotonic() + ttl_seconds)

    def _sweep(self, now: float) -> None:
        for key in [k for k, (_, exp) in self._counters.items() if exp <= now]:
            del self._counters[key]

    async def close(self) -> None:
        self._counters.clear()
        self._values.clear()


class RedisCounterStore:
    PREFIX = "yizhan:counter:"

    def __init__(self, url: str) -> None:
        self._redis = redis_client(url)

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        full = self.PREFIX + key
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(full)
            pipe.expire(full, window_seconds, nx=True)
            pipe.ttl(full)
            count, _, ttl = await pipe.execute()
        return int(count), max(int(ttl), 0)

    async def peek(self, key: str) -> tuple[int, int]:
        full = self.PREFIX + key
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.get(full)
            pipe.ttl(full)
            count, ttl = await pipe.execute()
        return int(count or 0), max(int(ttl), 0)

    async def reset(self, key: str) -> None:
        await self._redis.delete(self.PREFIX + key)

    async def release(self, key: str) -> None:
        # Only while the key exists (DECR would make a new one, without its expiry).
        await self._redis.eval("if redis.call('exists', KEYS[1]) == 1 and tonumber(redis.call('get', KEYS[1])) > 0 "
                               "then return redis.call('decr', KEYS[1]) end return 0", 1, self.PREFIX + key)

    async def get_value(self, key: str) -> str | None:
        found = await self._redis.get(self.PREFIX + "value:" + key)
        return found.decode("utf-8") if found is not None else None

    async def set_value(self, key: str, value: str, ttl_seconds: int) -> None:
        await self._redis.set(self.PREFIX + "value:" + key, value.encode("utf-8"), ex=ttl_seconds)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


# Connections one worker keeps to Redis; past them a request waits (at most POOL_WAIT
# seconds) for one to come free instead of failing: a burst of 200 requests is normal.
POOL_SIZE = 32
POOL_WAIT_SECONDS = 5


def redis_client(url: str):
    """A Redis client whose pool waits for a free connection under a burst."""
    from redis.asyncio import BlockingConnectionPool, Redis

    return Redis(connection_pool=BlockingConnectionPool.from_url(url, max_connections=POOL_SIZE,
                                                                 timeout=POOL_WAIT_SECONDS))


class FallbackCounterStore:
    """Redis, and while Redis is away the worker's own counters: sign-ins, claims and guest
    reports keep working (their limits count per worker until Redis is back). ``/healthz``
    still asks Redis itself and says 503, so that the operator knows."""

    def __init__(self, primary: RedisCounterStore) -> None:
        self.primary = primary
        self.standby = MemoryCounterStore()
        self._last_warning = 0.0

    async def _either(self, method: str, *args):
        try:
            return await getattr(self.primary, method)(*args)
        except (RedisError, OSError) as error:
            moment = time.monotonic()
            if moment - self._last_warning > 60:  # once a minute, not once a request
                self._last_warning = moment
                logger.warning("Redis unavailable (%s): counting in this worker until it is back",
                               type(error).__name__)
            return await getattr(self.standby, method)(*args)

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        return await self._either("hit", key, window_seconds)

    async def peek(self, key: str) -> tuple[int, int]:
        return await self._either("peek", key)

    async def reset(self, key: str) -> None:
        await self._either("reset", key)

    async def release(self, key: str) -> None:
        await self._either("release", key)

    async def get_value(self, key: str) -> str | None:
        return await self._either("get_value", key)

    async def set_value(self, key: str, value: str, ttl_seconds: int) -> None:
        await self._either("set_value", key, value, ttl_seconds)

    async def ping(self) -> None:
        await self.primary.ping()

    async def close(self) -> None:
        await self.primary.close()
        await self.standby.close()


def make_counter_store(redis_url: str | None) -> CounterStore:
    return FallbackCounterStore(RedisCounterStore(redis_url)) if redis_url else MemoryCounterStore()


def too_many(retry_after: int) -> AppError:
    return AppError(429, "rate_limited", headers={"Retry-After": str(max(retry_after, 1))})


async def limit_rate(counters: CounterStore, key: str, limit: int, window_seconds: int) -> None:
    """Count one more event for ``key``; past ``limit`` in the window → 429 with Retry-After."""
    count, retry_after = await counters.hit(key, window_seconds)
    if count > limit:
        raise too_many(retry_after)
