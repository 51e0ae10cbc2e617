"""Batches: written by size or by time, callers released only once written, storage failures
held and retried, one bad item failing alone."""

import asyncio

import pytest

from services.runtime.write_batcher import WriteBatcher


async def test_a_full_batch_is_written_at_once_and_releases_its_callers():
    written = []
    batcher = WriteBatcher(written.append, max_items=3, flush_s=60)

    await asyncio.wait_for(asyncio.gather(*(batcher.add(i) for i in range(3))), 5)

    assert written == [[0, 1, 2]]


async def test_a_partial_batch_is_written_after_the_flush_time():
    written = []
    batcher = WriteBatcher(written.append, max_items=100, flush_s=0.05)

    await asyncio.wait_for(asyncio.gather(batcher.add("a"), batcher.add("b")), 5)

    assert written == [["a", "b"]]


async def test_callers_wait_while_storage_fails_and_go_on_when_it_works_again():
    attempts, told = [], []

    def write(items):
        attempts.append(list(items))
        if len(attempts) < 3:
            raise OSError(28, "No space left on device")

    batcher = WriteBatcher(write, max_items=2, flush_s=0.01, retry_s=0.01, on_storage=told.append)

    await asyncio.wait_for(asyncio.gather(batcher.add(1), batcher.add(2)), 5)

    assert len(attempts) == 3 and attempts[-1] == [1, 2]
    assert [type(t).__name__ for t in told] == ["OSError", "NoneType"]


async def test_an_item_that_cannot_be_written_fails_alone():
    written = []

    def write(items):
        if "bad" in items:
            raise ValueError("cannot write bad")
        written.append(items)

    batcher = WriteBatcher(write, max_items=3, flush_s=60)
    results = await asyncio.gather(
        batcher.add("a"), batcher.add("bad"), batcher.add("c"), return_exceptions=True
    )

    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError)
    assert written == [["a"], ["c"]]


async def test_after_close_what_waits_is_written_at_once():
    written = []
    batcher = WriteBatcher(written.append, max_items=100, flush_s=60)
    pending = asyncio.ensure_future(batcher.add("x"))
    await asyncio.sleep(0.01)

    batcher.close()

    await asyncio.wait_for(pending, 5)
    assert written == [["x"]]


@pytest.mark.parametrize("size", [1, 7])
async def test_every_item_is_written_exactly_once(size):
    written = []
    batcher = WriteBatcher(written.extend, max_items=size, flush_s=0.01)

    await asyncio.wait_for(asyncio.gather(*(batcher.add(i) for i in range(20))), 5)

    assert sorted(written) == list(range(20))
