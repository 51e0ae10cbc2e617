"""Articles parsed together: several messages in hand share one `nlp.pipe` call.

spaCy parses a batch of texts for less CPU per text than the same texts one at a time: the
network layers run over the batch at once (an entities worker over 40 news articles, three
rounds each side by side: 290–322 CPU-ms per article in batches, 330–360 one at a time).

The entities stage handles up to `max_batch` messages at the same time; each handler awaits
`ParseBatcher.parse(text)`, and the texts that arrive together, or while the previous batch is
being parsed, are parsed as one batch in a worker thread. With one message at a time (light
load) a batch is one text and nothing waits.

A text spaCy fails on fails alone: the batch is parsed again one text at a time, so each
caller gets its own parse or its own exception (and its message its own retry).

The parse runs on the `executor` given (the entities stage gives every heavy step one thread:
spaCy's allocations spread over many threads' malloc arenas tripled the worker's memory).
"""

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor

from spacy.tokens import Doc

#: how long the first text of a batch waits for the others of the same read to join it
GATHER_S = 0.002

Pipe = Callable[[list[str]], Iterable[Doc]]


class ParseBatcher:
    def __init__(
        self,
        pipe: Pipe,
        parse_one: Callable[[str], Doc],
        max_batch: int,
        executor: Executor | None = None,
    ) -> None:
        self.pipe, self.parse_one, self.max_batch = pipe, parse_one, max(1, max_batch)
        self.executor = executor
        self.waiting: list[tuple[str, asyncio.Future[Doc]]] = []
        self.running: asyncio.Task[None] | None = None
        self.recent_sizes: deque[int] = deque(maxlen=256)  # sizes of the latest batches

    async def parse(self, text: str) -> Doc:
        future: asyncio.Future[Doc] = asyncio.get_running_loop().create_future()
        self.waiting.append((text, future))
        if self.running is None or self.running.done():
            self.running = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        await asyncio.sleep(GATHER_S)
        while self.waiting:
            batch = self.waiting[: self.max_batch]
            del self.waiting[: self.max_batch]
            live = [(text, future) for text, future in batch if not future.done()]
            if not live:
                continue
            self.recent_sizes.append(len(live))
            try:
                texts = [text for text, _ in live]
                loop = asyncio.get_running_loop()
                outcomes = await loop.run_in_executor(self.executor, self._parse_all, texts)
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

    def _parse_all(self, texts: list[str]) -> list[Doc | BaseException]:
        try:
            return list(self.pipe(texts))
        except Exception:
            pass  # find the text spaCy fails on: one at a time
        outcomes: list[Doc | BaseException] = []
        for text in texts:
            try:
                outcomes.append(self.parse_one(text))
            except Exception as error:
                outcomes.append(error)
        return outcomes
