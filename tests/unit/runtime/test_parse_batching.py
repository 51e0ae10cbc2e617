"""Texts awaited together are parsed in one batch; a failing text fails alone."""

import asyncio
import threading
import time
from collections.abc import Callable, Iterable

import pytest

from services.runtime import batching
from services.runtime.batching import GATHER_S, ParseBatcher


class FakeNlp:
    """Stands in for spaCy: a "parse" is the text upper-cased; `BAD` cannot be parsed."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pipe(self, texts: list[str]) -> Iterable[str]:
        self.batches.append(list(texts))
        for text in texts:
            yield self(text)

    def __call__(self, text: str) -> str:
        if text == "BAD":
            raise ValueError("cannot parse BAD")
        return text.upper()


class HeldNlp(FakeNlp):
    """A `FakeNlp` whose parses wait (in the worker thread) until `going` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.going = threading.Event()

    def pipe(self, texts: list[str]) -> Iterable[str]:
        self.batches.append(list(texts))
        assert self.going.wait(timeout=10), "never let go"
        return [self(text) for text in texts]


async def until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Poll `condition` on the event loop until it holds."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.001)


def batcher(nlp: FakeNlp, max_batch: int = 8) -> ParseBatcher:
    return ParseBatcher(nlp.pipe, nlp, max_batch)  # type: ignore[arg-type]


async def test_texts_awaited_together_share_one_batch_in_order():
    nlp = FakeNlp()
    parser = batcher(nlp)
    docs = await asyncio.gather(*(parser.parse(f"text {n}") for n in range(5)))
    assert docs == [f"TEXT {n}" for n in range(5)]
    assert nlp.batches == [[f"text {n}" for n in range(5)]]


async def test_one_text_alone_is_a_batch_of_one():
    nlp = FakeNlp()
    parser = batcher(nlp)
    assert await parser.parse("alone") == "ALONE"
    assert await parser.parse("later") == "LATER"
    assert nlp.batches == [["alone"], ["later"]]


async def test_batches_never_exceed_the_limit():
    nlp = FakeNlp()
    parser = batcher(nlp, max_batch=3)
    docs = await asyncio.gather(*(parser.parse(str(n)) for n in range(8)))
    assert docs == [str(n) for n in range(8)]
    assert [len(batch) for batch in nlp.batches] == [3, 3, 2]
    assert list(parser.recent_sizes) == [3, 3, 2]


async def test_texts_arriving_during_a_parse_form_the_next_batch():
    nlp = HeldNlp()
    parser = batcher(nlp)
    first = asyncio.ensure_future(parser.parse("first"))
    await until(lambda: nlp.batches == [["first"]])  # its batch is being parsed
    rest = [asyncio.ensure_future(parser.parse(t)) for t in ("second", "third")]
    await until(lambda: len(parser.waiting) == 2)
    nlp.going.set()
    assert await first == "FIRST"
    assert [await r for r in rest] == ["SECOND", "THIRD"]
    assert nlp.batches == [["first"], ["second", "third"]]


async def test_a_text_that_fails_fails_alone():
    nlp = FakeNlp()
    parser = batcher(nlp)
    results = await asyncio.gather(
        parser.parse("good"), parser.parse("BAD"), parser.parse("fine"), return_exceptions=True
    )
    assert results[0] == "GOOD" and results[2] == "FINE"
    assert isinstance(results[1], ValueError) and "BAD" in str(results[1])
    # and the batcher carries on
    assert await parser.parse("after") == "AFTER"


async def test_a_cancelled_caller_does_not_break_the_others():
    nlp = FakeNlp()
    parser = batcher(nlp)
    doomed = asyncio.ensure_future(parser.parse("doomed"))
    kept = asyncio.ensure_future(parser.parse("kept"))
    await asyncio.sleep(0)
    doomed.cancel()
    assert await kept == "KEPT"
    with pytest.raises(asyncio.CancelledError):
        await doomed


async def test_the_real_model_parses_a_batch_like_single_texts(nlp):
    parser = ParseBatcher(lambda texts: nlp.pipe(texts, batch_size=4), nlp, 4)
    texts = ["Angela Merkel met Emmanuel Macron in Paris.", "“We agree,” Macron said."]
    docs = await asyncio.gather(*(parser.parse(text) for text in texts))
    for doc, text in zip(docs, texts, strict=True):
        single = nlp(text)
        assert [(t.text, t.dep_, t.head.i, t.ent_type_) for t in doc] == [
            (t.text, t.dep_, t.head.i, t.ent_type_) for t in single
        ]


async def test_items_trickling_in_join_the_batch_while_they_keep_coming():
    nlp = FakeNlp()
    parser = batcher(nlp)

    async def trickle(n: int) -> str:
        await asyncio.sleep(n * GATHER_S / 2)  # each arrives before the gathering stops
        return await parser.parse(f"text {n}")

    docs = await asyncio.gather(*(trickle(n) for n in range(6)))
    assert docs == [f"TEXT {n}" for n in range(6)]
    assert nlp.batches == [[f"text {n}" for n in range(6)]]


async def test_gathering_stops_at_a_full_batch_or_after_the_longest_wait(monkeypatch):
    nlp = FakeNlp()
    parser = batcher(nlp, max_batch=4)
    docs = await asyncio.gather(*(parser.parse(str(n)) for n in range(6)))
    assert docs == [str(n) for n in range(6)]
    assert nlp.batches == [["0", "1", "2", "3"], ["4", "5"]]

    monkeypatch.setattr(batching, "MAX_GATHER_S", 0.0)  # the longest wait is over at once
    trickled = FakeNlp()
    parser = batcher(trickled)

    async def trickle(n: int) -> str:
        await asyncio.sleep(n * GATHER_S / 2)
        return await parser.parse(str(n))

    assert await asyncio.gather(*(trickle(n) for n in range(3))) == ["0", "1", "2"]
    assert trickled.batches[0] == ["0"]
