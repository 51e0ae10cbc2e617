"""The archive's latest versions held in memory (an in-process DuckDB database), for the API's
browsing routes: each request then reads a few in-memory tables instead of every Parquet file,
and does not pick each article's winning version again.

**What it holds.** `raw_*`: every row of every visible file (the `articles` rows without their
`text`, `entities` and `quotes` columns, the mentions without their offsets), each with the
number of the file it came from. Derived from those after each change: `articles`, the
winners (the rule of `query.py`); `mentions`, theirs (a view of `raw_mentions` when every row
belongs to a winner, the usual case, else a copy); `quotes`, theirs, with the feed key and
the folded text (`shared.textmatch`) precomputed; `entity_names` and `speaker_names`, every
distinct folded name (and mention text) of each entity and speaker, a few thousand short
strings for `/search` to scan; `entity_totals` and `speaker_totals`, the unwindowed counts;
`people`, each article's PERSON names as `/articles` lists them.
Only the browsing queries (`browse.py`, `ArchiveQuery.quotes`) run on it: `entity`, `article`
or exports need columns it leaves out.

**Freshness.** `refresh()` lists the archive's files (one listing, what a DuckDB glob does
anyway) and, when the list changed, reads the new files only, drops the rows of files that
are gone, and derives the winners again, in one transaction: a request that runs meanwhile
sees the previous state whole. Files are immutable and written-then-renamed, so a path seen
once never changes; compaction writes a merged file (new batch names: its rows and the
originals compete as copies do) and then deletes the originals: both steps are ordinary
changes. An article is thus answered as soon as its batch's files are visible, as over Parquet.

**Bound.** Past `max_articles` article rows (every version), the snapshot empties itself and
`usable` turns False: the caller reads Parquet instead (`ArchiveQuery`).
"""

import threading
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.fs as pafs

from services.archive.files import Location
from services.archive.query import (
    _COUNTED,
    _QUOTE_KEY,
    FOLD,
    ArchiveQuery,
    ArchiveUnavailable,
    Window,
)
from services.archive.schema import SCHEMAS, TABLES

#: columns the browsing routes never read (the record's text and JSON, mention positions)
_LEFT_OUT = {
    "articles": ("text", "entities", "quotes"),
    "mentions": ("ts", "entity_index", "start", "end"),
    "quotes": (),
}
#: the winner rule of `query.py`, as a window
_LATEST = (
    "row_number() OVER (PARTITION BY id ORDER BY published_ms DESC, archived_ms DESC, batch DESC)"
)
#: attempts at one refresh when files vanish while they are read (a compaction at work)
_ATTEMPTS = 3

_WINNERS = f"""
CREATE OR REPLACE TABLE articles AS
  SELECT * EXCLUDE (file) FROM raw_articles QUALIFY {_LATEST} = 1;
"""
#: true when every mention belongs to a winner: no older version, copy or unfinished batch
_ALL_WIN = """
SELECT (SELECT count(*) FROM raw_articles) = (SELECT count(*) FROM articles)
   AND NOT EXISTS (SELECT 1 FROM raw_mentions m ANTI JOIN articles a
                   ON m.article_id = a.id AND m.batch = a.batch)"""
#: the winners' mentions: all of them (a view, no copy), else those of winning rows (a copy)
_MENTIONS_VIEW = """
CREATE OR REPLACE VIEW mentions AS SELECT * EXCLUDE (file) FROM raw_mentions;
DROP TABLE IF EXISTS won_mentions;"""
_MENTIONS_TABLE = """
CREATE OR REPLACE TABLE won_mentions AS SELECT m.* EXCLUDE (file) FROM raw_mentions m
  SEMI JOIN articles a ON m.article_id = a.id AND m.batch = a.batch;
CREATE OR REPLACE VIEW mentions AS SELECT * FROM won_mentions;"""

_DERIVE = f"""
CREATE OR REPLACE TABLE quotes AS
  SELECT q.* EXCLUDE (file)
  FROM raw_quotes q SEMI JOIN articles a ON q.article_id = a.id AND q.batch = a.batch;
CREATE OR REPLACE TABLE entity_names AS
  SELECT DISTINCT entity_id, ' ' || {FOLD.format("folded")} AS folded FROM (
    SELECT DISTINCT entity_id, name AS folded FROM mentions WHERE type IN ({_COUNTED})
    UNION SELECT DISTINCT entity_id, text FROM mentions WHERE type IN ({_COUNTED}));
CREATE OR REPLACE TABLE entity_totals AS
  WITH per AS (
    SELECT entity_id, article_id, any_value(type) AS type, any_value(name) AS name,
           greatest(count(*) FILTER (WHERE counted), 1) AS mentions
    FROM mentions WHERE type IN ({_COUNTED}) GROUP BY entity_id, article_id),
  names AS (
    SELECT entity_id, first(name ORDER BY n DESC, name DESC) AS name FROM (
      SELECT entity_id, name, count(*) AS n FROM per GROUP BY entity_id, name)
    GROUP BY entity_id)
  SELECT per.entity_id AS id, any_value(per.type) AS type, count(*) AS articles,
         sum(per.mentions)::BIGINT AS mentions, any_value(names.name) AS name
  FROM per JOIN names USING (entity_id) GROUP BY per.entity_id;
CREATE OR REPLACE TABLE people AS
  SELECT article_id, list(name ORDER BY n DESC, name) AS people FROM (
    SELECT article_id, name, count(*) AS n FROM mentions WHERE type = 'PERSON'
    GROUP BY article_id, entity_id, name)
  GROUP BY article_id;
CREATE OR REPLACE TABLE speaker_names AS
  SELECT DISTINCT speaker_id, ' ' || {FOLD.format("speaker_name")} AS folded
  FROM quotes WHERE counted AND speaker_id IS NOT NULL;
CREATE OR REPLACE TABLE speaker_totals AS
  WITH q AS (SELECT * FROM quotes WHERE counted AND speaker_id IS NOT NULL),
  names AS (
    SELECT speaker_id, first(name ORDER BY n DESC, name DESC) AS name FROM (
      SELECT speaker_id, speaker_name AS name, count(DISTINCT article_id) AS n
      FROM q GROUP BY speaker_id, speaker_name)
    GROUP BY speaker_id)
  SELECT q.speaker_id AS id, count(*) AS quotes, count(DISTINCT q.article_id) AS articles,
         any_value(names.name) AS name
  FROM q JOIN names USING (speaker_id) GROUP BY q.speaker_id;
"""


class Snapshot:
    def __init__(self, location: Location, *, max_articles: int = 50_000) -> None:
        self.location, self.max_articles = location, max_articles
        self._db = duckdb.connect()
        self._files: dict[str, int] = {}  # visible path -> its number in the `file` column
        self._next_file = 0
        self._lock = threading.Lock()
        self.usable = True
        self._create()

    def _create(self) -> None:
        for table in TABLES:
            # empty, with the Parquet schema's types, plus the day partition and the file
            empty = SCHEMAS[table].empty_table().select(_columns(table))
            self._db.register("empty_rows", empty)
            self._db.execute(
                f"""CREATE TABLE raw_{table} AS SELECT *, NULL::DATE AS day,
                {_COMPUTED[table]} NULL::UINTEGER AS file FROM empty_rows t"""
            )
            self._db.unregister("empty_rows")
        _derive(self._db)

    def close(self) -> None:
        self._db.close()

    @property
    def database(self) -> duckdb.DuckDBPyConnection:
        """The in-memory database (each query takes its own cursor of it)."""
        return self._db

    def listing(self) -> frozenset[str]:
        """The paths of every visible Parquet file of the three tables."""
        found: set[str] = set()
        for table in TABLES:
            if self.location.fs is None:
                found.update(
                    str(p) for p in Path(self.location.root, table).glob("day=*/*.parquet")
                )
            else:
                selector = pafs.FileSelector(
                    f"{self.location.root}/{table}", allow_not_found=True, recursive=True
                )
                found.update(
                    self.location.reader_path(i.path)
                    for i in self.location.fs.get_file_info(selector)
                    if i.path.endswith(".parquet") and "/." not in i.path
                )
        return frozenset(found)

    def refresh(self) -> bool:
        """Brings the snapshot up to the archive's files; True when it is usable (False once
        the archive outgrew `max_articles`: read Parquet then). Raises ArchiveUnavailable
        when files cannot be read."""
        with self._lock:
            for attempt in range(_ATTEMPTS):
                if not self.usable:
                    return False
                files = self.listing()
                if files == self._files.keys():
                    return True
                try:
                    self._apply(files)
                    return self.usable
                except duckdb.IOException as error:
                    if attempt == _ATTEMPTS - 1:
                        message = f"cannot read the archive at {self.location.url}: {error}"
                        raise ArchiveUnavailable(message) from error
                    # a file went away between the listing and the read: list again
            return self.usable

    def _apply(self, files: frozenset[str]) -> None:
        """Loads the files new in `files`, drops the rows of those no longer in it, and
        derives the winners again: one transaction."""
        added = sorted(files - self._files.keys())
        gone = [n for f, n in self._files.items() if f not in files]
        numbers = {f: n for f, n in self._files.items() if f in files}
        for path in added:
            numbers[path] = self._next_file
            self._next_file += 1
        cursor = self._db.cursor()
        try:
            new_articles = [f for f in added if _table_of(f) == "articles"]
            if _count(cursor, "raw_articles") + _rows_in(cursor, new_articles) > self.max_articles:
                self._give_up()
                return
            cursor.execute("BEGIN TRANSACTION")
            try:
                for table in TABLES:
                    if gone:
                        marks = ", ".join("?" for _ in gone)
                        cursor.execute(f"DELETE FROM raw_{table} WHERE file IN ({marks})", gone)
                    mine = [f for f in added if _table_of(f) == table]
                    if mine:
                        _load(cursor, table, {f: numbers[f] for f in mine})
                _derive(cursor)
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
        finally:
            cursor.close()
        self._files = numbers

    def _give_up(self) -> None:
        """Past the bound: forget every row (requests still running keep the old database
        until they end) and answer from Parquet from now on."""
        self.usable = False
        self._files = {}
        self._db = duckdb.connect()

    def held(self) -> dict[str, int]:
        """Rows held per table (every version of every visible file's rows)."""
        cursor = self._db.cursor()
        try:
            return {t: _count(cursor, f"raw_{t}") for t in TABLES}
        finally:
            cursor.close()

    def query(self) -> "SnapshotQuery":
        return SnapshotQuery(self)

    def memory_bytes(self) -> int:
        """What DuckDB holds for the snapshot (its buffer manager's count)."""
        cursor = self._db.cursor()
        try:
            row = cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        finally:
            cursor.close()
        return int(row[0] or 0) if row else 0


def _derive(cursor: duckdb.DuckDBPyConnection) -> None:
    """The winners' tables, name lists and totals, from the raw rows."""
    cursor.execute(_WINNERS)
    row = cursor.execute(_ALL_WIN).fetchone()
    cursor.execute(_MENTIONS_VIEW if row and row[0] else _MENTIONS_TABLE)
    cursor.execute(_DERIVE)


def _count(cursor: duckdb.DuckDBPyConnection, table: str) -> int:
    row = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


#: columns computed once per row as it is loaded (the quote feed's key, the folded text)
_COMPUTED = {
    "articles": "",
    "mentions": "",
    "quotes": f"""{_QUOTE_KEY.replace("q.", "t.")} AS key,
        ' ' || {FOLD.format("t.text")} AS text_folded,""",
}


def _load(cursor: duckdb.DuckDBPyConnection, table: str, numbers: dict[str, int]) -> None:
    """Appends the rows of these files (path -> file number) to `raw_<table>`."""
    paths = list(numbers)
    pairs = ", ".join("(?, ?)" for _ in paths)
    cursor.execute(
        f"""INSERT INTO raw_{table} BY NAME
        SELECT t.* EXCLUDE (filename), {_COMPUTED[table]} f.n AS file
        FROM {_parquet(table, paths)} t
        JOIN (VALUES {pairs}) f(path, n) ON t.filename = f.path""",
        [v for path in paths for v in (path, numbers[path])],
    )


def _rows_in(cursor: duckdb.DuckDBPyConnection, paths: list[str]) -> int:
    """The rows these Parquet files hold, from their footers."""
    if not paths:
        return 0
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    row = cursor.execute(f"SELECT sum(num_rows) FROM parquet_file_metadata([{listed}])").fetchone()
    return int(row[0] or 0) if row else 0


def _table_of(path: str) -> str:
    """The archive table a file belongs to (`<root>/<table>/day=…/<name>.parquet`)."""
    return path.rsplit("/", 3)[-3]


def _parquet(table: str, paths: list[str]) -> str:
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    select = ", ".join(f'"{c}"' for c in _columns(table))
    return f"""(SELECT {select}, day, filename FROM read_parquet([{listed}],
        hive_partitioning = true, hive_types = {{'day': DATE}}, filename = true))"""


def _columns(table: str) -> list[str]:
    return [c for c in SCHEMAS[table].names if c not in _LEFT_OUT[table]]


class SnapshotQuery(ArchiveQuery):
    """`ArchiveQuery` over the snapshot's tables: the same SQL, reading memory. Its tables
    hold winners only, so the winners are simply the `articles` rows."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.location = snapshot.location
        self._db = snapshot.database
        self.snapshot = snapshot

    def close(self) -> None:
        """The snapshot owns the connection."""

    def available(self) -> bool:
        return True

    def _read(self, table: str) -> str:
        return table

    def winners_cte(self) -> str:
        return "WITH w AS (SELECT id, batch FROM articles)"

    quote_key = "q.key"

    def won(self, alias: str, key: str = "article_id") -> str:
        """Nothing to keep out: every row here is a winner's."""
        return ""

    def pair(self, article_id: str, batch: str) -> str:
        """One version per article here: the id says which rows."""
        return article_id

    def quote_words(self, words: list[str]) -> tuple[str, list[Any]]:
        """On the quote's folded text (with a leading space): each word begins a word."""
        if not words:
            return "true", []
        return " AND ".join("q.text_folded LIKE ?" for _ in words), [f"% {w}%" for w in words]

    def _quotes(self, window: Window) -> tuple[str, list[Any]]:
        """`q`: the snapshot's quotes are the winners' already."""
        where, params = window.where("q0")
        return f"WITH q AS (SELECT q0.* FROM quotes q0 WHERE q0.counted AND {where})", params
