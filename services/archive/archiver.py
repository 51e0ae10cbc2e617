"""One archive writer: a batch of enriched records -> one set of immutable Parquet files.

`write` is what the archive worker runs in a thread for each batch (and what `newsflow bench`
times per article). Each batch gets a name no other writer uses: the time, the writer's name
(host and process) and a random part, so writers never clobber each other, and names sort by
time.
"""

import re
import secrets
import time
from dataclasses import dataclass

from services.archive.files import Location, write_batch
from services.archive.rows import Written, batch_rows
from services.archive.schema import table_of
from shared.records import ArticleRecord


@dataclass(frozen=True)
class Delivered:
    """A record as the worker received it (times in ms since the epoch)."""

    record: ArticleRecord
    entry_ms: int  # when it entered articles.enriched
    published_ms: int  # when this version entered the pipeline


class Archiver:
    def __init__(self, location: Location, writer: str) -> None:
        self.location = location
        self.writer = re.sub(r"[^A-Za-z0-9_.-]+", "-", writer)[:60] or "writer"

    def batch_name(self, now_ms: int) -> str:
        return f"{now_ms:013d}-{self.writer}-{secrets.token_hex(4)}"

    def write(self, items: list[Delivered]) -> list[str]:
        """Writes the batch; returns the files written (OSError when storage fails)."""
        now_ms = int(time.time() * 1000)
        name = self.batch_name(now_ms)
        rows = batch_rows(
            [(d.record, Written(d.entry_ms, d.published_ms, now_ms, name)) for d in items]
        )
        tables = {
            table: {day: table_of(table, day_rows) for day, day_rows in by_day.items()}
            for table, by_day in rows.items()
        }
        return write_batch(self.location, name, tables)
