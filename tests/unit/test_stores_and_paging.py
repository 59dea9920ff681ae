import asyncio
import time

import pytest

from server.core.catalog import server_catalogs
from server.core.errors import AppError
from server.core.messages import message, pick_language
from server.core.pagination import decode_cursor, encode_cursor
from server.core.stores import MemoryCounterStore, RedisCounterStore
from tests.support.db import TEST_REDIS_URL


async def _exercise(store):
    await store.reset("k")
    assert await store.peek("k") == (0, 0)
    counts = await asyncio.gather(*(store.hit("k", 60) for _ in range(20)))
    assert sorted(c for c, _ in counts) == list(range(1, 21))
    count, ttl = await store.peek("k")
    assert count == 20 and 0 < ttl <= 60
    await store.reset("k")
    assert (await store.peek("k"))[0] == 0


async def test_memory_counter_store():
    await _exercise(MemoryCounterStore())


async def test_memory_counter_window_expires():
    store = MemoryCounterStore()
    await store.hit("w", 1)
    await asyncio.sleep(1.05)
    assert (await store.peek("w"))[0] == 0
    assert (await store.hit("w", 1))[0] == 1


@pytest.mark.skipif(not TEST_REDIS_URL, reason="set YIZHAN_TEST_REDIS_URL to test the Redis store")
async def test_redis_counter_store():
    store = RedisCounterStore(TEST_REDIS_URL)
    try:
        await _exercise(store)
    finally:
        await store.close()


def test_cursor_roundtrip_and_garbage():
    assert decode_cursor(encode_cursor(12345)) == 12345
    for garbage in ["", "abc", encode_cursor(1)[:-2] + "!!", "eyJpZCI6ICJ4In0"]:
        with pytest.raises(AppError) as caught:
            decode_cursor(garbage)
        assert caught.value.code == "invalid_cursor"


ERROR_CODES = {key.removeprefix("error.") for key in server_catalogs()["zh"] if key.startswith("error.")}


def test_messages_come_from_the_server_catalog_in_the_callers_language():
    assert message("not_enough_points", "zh") == "积分不够。"
    assert message("not_enough_points", "en") == "Not enough points."
    assert message("no_such_code_at_all", "en") == "no_such_code_at_all"


def test_language_choice():
    assert pick_language(None) == "zh"
    assert pick_language("en-GB,en;q=0.8") == "en"
    assert pick_language("fr-FR, ug;q=0.5") == "ug"
    assert pick_language("en", cookie_value="ug") == "ug"


def test_every_error_code_raised_in_the_server_has_a_message():
    import re
    from pathlib import Path

    patterns = [
        r'invalid\(\s*"[^"]+",\s*"([a-z_]+)"\)',
        r'AppError\(\s*\d+,\s*"([a-z_]+)"',
        r'(?:conflict|forbidden)\(\s*"([a-z_]+)"',
        r'FieldError\(\s*"[^"]+",\s*"([a-z_]+)"\)',
    ]
    used = set()
    for source in Path(__file__).parents[2].joinpath("server").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for pattern in patterns:
            used.update(re.findall(pattern, text))
    assert used, "the scan found no codes: the patterns are stale"
    assert used - ERROR_CODES == set()


@pytest.mark.skipif(not TEST_REDIS_URL, reason="set YIZHAN_TEST_REDIS_URL to test the Redis versions")
async def test_hot_versions_bumped_by_one_worker_reach_the_other():
    from server.core.hot import RedisVersions

    first, second = RedisVersions(TEST_REDIS_URL), RedisVersions(TEST_REDIS_URL)
    await first.start()
    await second.start()
    try:
        topic = f"test-topic-{time.time_ns()}"
        for _ in range(100):  # both subscribed
            if first._live and second._live:
                break
            await asyncio.sleep(0.01)
        assert await second.current((topic,)) == (0,)  # first read of a topic: from Redis
        await first.bump([topic])
        for _ in range(100):  # the bump is published; the other worker's copy follows
            if await second.current((topic,)) == (1,):
                break
            await asyncio.sleep(0.01)
        assert await second.current((topic,)) == (1,) == await first.current((topic,))
        await second.close()  # its subscription gone: it reads Redis again, and is right
        second = RedisVersions(TEST_REDIS_URL)
        await first.bump([topic])
        assert await second.current((topic,)) == (2,)
    finally:
        await first.close()
        await second.close()
