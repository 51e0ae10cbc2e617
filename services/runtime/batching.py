"""Articles parsed together: several messages in hand share one `nlp.pipe` call.

spaCy parses a batch of texts for less CPU per text than the same texts one at a time: the
network layers run over the batch at once (an entities worker over 40 news articles, three
rounds each side by side: 290–322 CPU-ms per article in batches, 330–360 one at a time).

The entities stage handles several messages at the same time; each handler awaits
`ParseBatcher.parse(item)`, and the items (up to `max_batch`) that arrive together, or while
the previous batch is being worked on, go to the `pipe` function as one batch in a worker
thread. With one message at a time (light load) a batch is one item and nothing waits.

`pipe` does all the heavy work on a batch (the entities stage: parse, extract, serialise) in
one hop to the worker thread. The stage holds two batches' worth of messages (FastStream's
`max_workers`, `services.runtime.stage`): one batch being worked on, the next one gathering.
With one batch's worth, the messages split between the two and the batches came out 6, 2,
6, 2... The first item of a batch waits `GATHER_S` for others, and again while more keep
arriving (at most `MAX_GATHER_S`, never past `max_batch`).

An item that fails fails alone: the batch is worked on again one item at a time
(`parse_one`), so each caller gets its own result or its own exception (and its message its
own retry).

The work runs on the `executor` given (the entities stage gives every heavy step one thread:
spaCy's allocations spread over many threads' malloc arenas tripled the worker's memory).
"""

import asyncio
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from typing import Generic, TypeVar

#: how long the first item of a batch waits for the others of the same read to join it
GATHER_S = 0.002
#: the longest a batch keeps gathering while items keep arriving
MAX_GATHER_S = 0.02

Item = TypeVar("Item")
Result = TypeVar("Result")


class ParseBatcher(Generic[Item, Result]):
    def __init__(
        self,
        pipe: Callable[[list[Item]], Iterable[Result]],
        parse_one: Callable[[Item], Result],
        max_batch: int,
        executor: Executor | None = None,
    ) -> None:
        self.pipe, self.parse_one, self.max_batch = pipe, parse_one, max(1, max_batch)
        self.executor = executor
        self.waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self.running: asyncio.Task[None] | None = None
        self.recent_sizes: deque[int] = deque(maxlen=256)  # sizes of the latest batches

    async def parse(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future))
        if self.running is None or self.running.done():
            self.running = asyncio.create_task(self._run())
        return await future

    async def _gather(self) -> None:
        """Wait for the batch's other items: while more keep arriving, and not too long."""
        deadline = time.monotonic() + MAX_GATHER_S
        seen = -1
        while seen != len(self.waiting) < self.max_batch and time.monotonic() < deadline:
            seen = len(self.waiting)
            await asyncio.sleep(GATHER_S)

    async def _run(self) -> None:
        while self.waiting:
            await self._gather()
            batch = self.waiting[: self.max_batch]
            del self.waiting[: self.max_batch]
            live = [(item, future) for item, future in batch if not future.done()]
            if not live:
                continue
            self.recent_sizes.append(len(live))
            try:
                items = [item for item, _ in live]
                loop = asyncio.get_running_loop()
                outcomes = await loop.run_in_executor(self.executor, self._parse_all, items)
            except BaseException as error:  # cancelled at shutdown: nobody is left hanging
                for _, future in live + self.waiting:
                    if future.done():
                        continue
                    if isinstance(error, asyncio.CancelledError):
                        future.cancel()
                    else:
                        future.set_exception(error)
                self.waiting.clear()
                raise
            for (_, future), outcome in zip(live, outcomes, strict=True):
                if future.done():
                    continue  # its handler was cancelled meanwhile
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    def _parse_all(self, items: list[Item]) -> list[Result | BaseException]:
        try:
            return list(self.pipe(items))
        except Exception:
            pass  # find the item that fails: one at a time
        outcomes: list[Result | BaseException] = []
        for item in items:
            try:
                outcomes.append(self.parse_one(item))
            except Exception as error:
                outcomes.append(error)
        return outcomes
