"""Compaction: the small files of a day partition merged into one per table, without the rows
readers ignore (earlier versions, redelivered copies, batches cut short by a crash).

For one day: list its files (a snapshot: files written meanwhile are left alone), find the
winner of every article id over the whole archive (`query.py`), write the winners' rows of
the listed files as one new batch (the usual write: `mentions` and `quotes` first, `articles`
last, each atomic), then delete the listed files, `articles` first. At every moment a reader
sees each article once: while both the old and the new files exist, an article's two rows
carry different batch names and one of them wins, with its own complete rows. A compaction
that dies half-way leaves only files readers already handle; the next run finishes the work.
Two compactions of one day at once are safe in the same way (one of the copies wins).
"""

import time
from dataclasses import dataclass
from datetime import date

import duckdb

from services.archive.archiver import Archiver
from services.archive.files import Location, write_batch
from services.archive.query import ArchiveQuery
from services.archive.schema import SCHEMAS, TABLES


@dataclass(frozen=True)
class Compacted:
    day: str
    files_before: int
    files_after: int
    rows_dropped: int


def compact_day(query: ArchiveQuery, day: str, *, min_files: int = 2) -> Compacted | None:
    """Compacts one day partition; None when it has fewer than `min_files` files in every
    table (nothing worth merging)."""
    location: Location = query.location
    listed = {table: location.files(table, day) for table in TABLES}
    count = sum(len(files) for files in listed.values())
    if not listed["articles"] or max(len(f) for f in listed.values()) < min_files:
        return None
    name = Archiver(location, "compact").batch_name(_now_ms())
    db = duckdb.connect()
    try:
        db.execute(f"CREATE TEMP TABLE w AS {query.winners_cte()} SELECT * FROM w").fetchall()
        tables, dropped = {}, 0
        for table, files in listed.items():
            if not files:
                continue
            paths = ", ".join("'" + location.reader_path(f).replace("'", "''") + "'" for f in files)
            key = "id" if table == "articles" else "article_id"
            columns = ", ".join(
                "? AS batch" if c == "batch" else f'"{c}"' for c in SCHEMAS[table].names
            )
            source = f"read_parquet([{paths}], hive_partitioning = false)"
            kept = db.sql(
                f"""SELECT {columns} FROM {source} t
                SEMI JOIN w ON t.{key} = w.id AND t.batch = w.batch""",
                params=[name],
            ).to_arrow_table()
            (total,) = db.execute(f"SELECT count(*) FROM {source}").fetchall()[0]
            dropped += total - kept.num_rows
            tables[table] = {day: kept.cast(SCHEMAS[table])}
    finally:
        db.close()
    write_batch(location, name, tables)
    for table in ("articles", *(t for t in TABLES if t != "articles")):
        for path in listed[table]:
            location.remove(path)
    after = sum(len(location.files(table, day)) for table in TABLES)
    return Compacted(day, count, after, dropped)


def compact(
    query: ArchiveQuery,
    *,
    since: date | None = None,
    until: date | None = None,
    min_files: int = 2,
) -> list[Compacted]:
    """Compacts every day partition in [since, until] (inclusive; None: no bound)."""
    done = []
    for day in query.location.days("articles"):
        if (since and day < since.isoformat()) or (until and day > until.isoformat()):
            continue
        result = compact_day(query, day, min_files=min_files)
        if result is not None:
            done.append(result)
    return done


def _now_ms() -> int:
    return int(time.time() * 1000)
