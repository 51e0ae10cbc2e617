"""Articles gathered into batches, each written as one set of files; a caller returns only
once its article's batch is durable (then its message may be acked).

A batch is written when `max_items` articles wait, or `flush_s` after its first one arrived,
whichever comes first; after `close()` (shutting down) at once. The write runs in a worker
thread.

A storage failure (`OSError`: a full disk, a read-only or missing folder, no permission) is
not the articles' fault: the batch is kept and written again every `retry_s` until it
succeeds, and the callers keep waiting (their messages stay unacknowledged). `on_storage`
hears about it once when writes start failing (with the error) and once when they succeed
again (None). Any other error is the articles' own: the batch is written again one article at
a time, so each caller gets its own result or its own exception (and its message its own retry
or dead letter).
"""

import asyncio
import time
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class WriteBatcher(Generic[Item]):
    def __init__(
        self,
        write: Callable[[list[Item]], object],
        *,
        max_items: int,
        flush_s: float,
        retry_s: float = 5.0,
        on_storage: Callable[[OSError | None], None] = lambda error: None,
    ) -> None:
        self.write, self.max_items, self.flush_s = write, max(1, max_items), flush_s
        self.retry_s, self.on_storage = retry_s, on_storage
        self.waiting: list[tuple[Item, asyncio.Future[None]]] = []
        self.first_at = 0.0
        self.wake = asyncio.Event()
        self.closing = False
        self.failing = False
        self.task: asyncio.Task[None] | None = None

    async def add(self, item: Item) -> None:
        """Returns once `item` is written (raises if writing it failed for its own reason)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if not self.waiting:
            self.first_at = time.monotonic()
        self.waiting.append((item, future))
        if len(self.waiting) >= self.max_items or self.closing:
            self.wake.set()
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._run())
        await asyncio.shield(future)

    def close(self) -> None:
        """From now on, write what waits at once."""
        self.closing = True
        self.wake.set()

    async def _run(self) -> None:
        while self.waiting:
            due = self.first_at + self.flush_s - time.monotonic()
            if due > 0 and len(self.waiting) < self.max_items and not self.closing:
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=due)
                except TimeoutError:
                    pass
            self.wake.clear()
            batch = self.waiting[: self.max_items]
            del self.waiting[: self.max_items]
            if self.waiting:
                self.first_at = time.monotonic()
            await self._write(batch)

    async def _write(self, batch: list[tuple[Item, asyncio.Future[None]]]) -> None:
        items = [item for item, _ in batch]
        while True:
            try:
                await asyncio.to_thread(self.write, items)
            except OSError as error:
                if not self.failing:
                    self.failing = True
                    self.on_storage(error)
                await asyncio.sleep(self.retry_s)
                continue
            except Exception:  # noqa: BLE001 - one article's fault: find which, alone
                await self._write_each(batch)
                return
            break
        if self.failing:
            self.failing = False
            self.on_storage(None)
        for _, future in batch:
            if not future.done():
                future.set_result(None)

    async def _write_each(self, batch: list[tuple[Item, asyncio.Future[None]]]) -> None:
        for item, future in batch:
            try:
                await asyncio.to_thread(self.write, [item])
            except OSError:
                await self._write([(item, future)])
                continue
            except Exception as error:  # noqa: BLE001 - handed to that article's caller
                if not future.done():
                    future.set_exception(error)
                continue
            if not future.done():
                future.set_result(None)
