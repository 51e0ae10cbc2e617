"""The archive read with DuckDB (embedded): history queries, exports, records by id.

**Exactly once, as a query sees it.** Files are only ever added (and merged by `compact`), so
an article redelivered after a crash, or corrected (same id, new version), has several rows in
`articles`. Readers take one *winner* per article id: the row whose version entered the
pipeline last (`published_ms`), then the one written last (`archived_ms`), then the greatest
`batch` name. Its `mentions` and `quotes` rows are those of the same `batch`; the rows of
other batches of the same article are ignored. A batch makes its `articles` files visible only
after its `mentions` and `quotes` files, so a winner's rows are always complete, and rows of a
batch interrupted half-way have no `articles` row: they never win. The same SQL, for anyone
reading the files directly, is in docs/archive.md.

Counting follows `shared.counting`, as the aggregate store does: per article and entity id,
the counted mentions (at least 1), articles counted once.

Everything here is synchronous (DuckDB); the API calls it in a worker thread. Each call uses
its own cursor, so calls may run in parallel threads. Rows come back as plain dicts.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from services.archive.files import Location
from services.archive.rows import record_of
from shared.counting import COUNTED_TYPES, PAIR_ENTITIES
from shared.records import ArticleRecord

_FIRST, _LAST = date(1, 1, 1), date(9999, 12, 31)
_COUNTED = ", ".join(f"'{t}'" for t in sorted(COUNTED_TYPES))
#: the quote feed's sort key, as services.aggregate.quote_feed spells it
_QUOTE_KEY = (
    "printf('%013d', epoch_ms(q.ts)) || '|' || "
    "replace(replace(q.article_id, '%', '%25'), '|', '%7C') || '|' || "
    "printf('%08d', 99999999 - least(greatest(q.start, 0), 99999999))"
)


#: SQL folding a text column as `shared.textmatch.fold` does: no accents, lower case, every run
#: of characters that are neither letters nor digits one space (RE2's Unicode classes)
FOLD = (
    "trim(regexp_replace(lower(strip_accents(coalesce({}, ''))), '[^\\p{{L}}\\p{{N}}]+', ' ', 'g'))"
)


def words_match(column: str, words: list[str]) -> tuple[str, list[Any]]:
    """SQL true when every one of `words` (folded) begins a word of `column` (folded). A
    cheap test that the word occurs at all (accents stripped, any case) comes first, so the
    regular expression (several times dearer) runs only on the rows that pass it."""
    if not words:
        return "true", []
    cheap = [f"strip_accents({column}) ILIKE ?" for _ in words]
    # a word begins where no letter or digit precedes it: what the fold's spaces mark
    exact = [f"regexp_matches(strip_accents({column}), ?)" for _ in words]
    sql = "(" + " AND ".join(cheap) + ") AND (" + " AND ".join(exact) + ")"
    starts = [f"(?i)(?:^|[^\\p{{L}}\\p{{N}}]){re.escape(w)}" for w in words]
    return sql, [f"%{w}%" for w in words] + starts


class ArchiveUnavailable(OSError):
    """The archive location cannot be read."""


@dataclass(frozen=True)
class Window:
    """Inclusive UTC days; `source` narrows to one source when set."""

    since: date | None = None
    until: date | None = None
    source: str | None = None

    def where(self, alias: str) -> tuple[str, list[Any]]:
        sql = f"{alias}.day BETWEEN ? AND ?"
        params: list[Any] = [self.since or _FIRST, self.until or _LAST]
        if self.source:
            sql += f" AND {alias}.source = ?"
            params.append(self.source)
        return sql, params


class ArchiveQuery:
    #: SQL of a quote's feed key (over `q`)
    quote_key = _QUOTE_KEY

    def quote_words(self, words: list[str]) -> tuple[str, list[Any]]:
        """SQL (over `q`) true when the quote's text holds every one of `words`."""
        return words_match("q.text", words)

    def won(self, alias: str, key: str = "article_id") -> str:
        """SQL keeping the rows of `alias` that are (or belong to) a winner; after
        `winners_cte`."""
        return f"SEMI JOIN w ON {alias}.{key} = w.id AND {alias}.batch = w.batch"

    def pair(self, article_id: str, batch: str) -> str:
        """What identifies an article's rows of one version, in `... IN (SELECT ...)` tests."""
        return f"({article_id}, {batch})"

    def __init__(self, location: str | Location) -> None:
        self.location = location if isinstance(location, Location) else Location.of(location)
        self._db = duckdb.connect()

    def close(self) -> None:
        self._db.close()

    def available(self) -> bool:
        """True when the archive holds at least one article."""
        try:
            return self.location.has_table("articles")
        except OSError:
            return False

    # building blocks

    def _read(self, table: str) -> str:
        glob = self.location.table_glob(table).replace("'", "''")
        return f"read_parquet('{glob}', hive_partitioning = true, hive_types = {{'day': DATE}})"

    def winners_cte(self) -> str:
        """CTEs: `w` the winners (article id, batch)."""
        return f"""
        WITH w AS (
          SELECT id, batch FROM (
            SELECT id, batch, row_number() OVER (
              PARTITION BY id ORDER BY published_ms DESC, archived_ms DESC, batch DESC) AS rn
            FROM {self._read("articles")})
          WHERE rn = 1)"""

    def _entity_counts(
        self, window: Window, type_: str | None = None, ids: list[str] | None = None
    ) -> tuple[str, list[Any]]:
        """CTE `ae`: (article_id, entity_id, type, name, source, day, mentions) per counted
        entity of each winning article in `window`; CTE `an`: (article_id, entity_id, name)
        over the window's days whatever the source and type (display names count there, as
        in the aggregate store). `ids`: these entities only."""
        where, params = window.where("m")
        only, only_params = "", []
        if ids is not None:
            only = f" AND m.entity_id IN ({', '.join('?' for _ in ids)})"
            only_params = list(ids)
            where += only
            params += only_params
        if type_:
            where += " AND m.type = ?"
            params.append(type_)
        sql = f"""{self.winners_cte()},
        ae AS (
          SELECT m.article_id, m.entity_id, any_value(m.type) AS type,
                 any_value(m.name) AS name, any_value(m.source) AS source,
                 any_value(m.day) AS day,
                 greatest(count(*) FILTER (WHERE m.counted), 1) AS mentions
          FROM {self._read("mentions")} m SEMI JOIN w ON m.article_id = w.id AND m.batch = w.batch
          WHERE m.type IN ({_COUNTED}) AND {where}
          GROUP BY m.article_id, m.entity_id),
        an AS (
          SELECT m.article_id, m.entity_id, any_value(m.name) AS name
          FROM {self._read("mentions")} m SEMI JOIN w ON m.article_id = w.id AND m.batch = w.batch
          WHERE m.type IN ({_COUNTED}) AND m.day BETWEEN ? AND ?{only}
          GROUP BY m.article_id, m.entity_id)"""
        return sql, [*params, window.since or _FIRST, window.until or _LAST, *only_params]

    def _quotes(self, window: Window) -> tuple[str, list[Any]]:
        """CTE `q`: the counted quotes of winning articles in `window`."""
        where, params = window.where("q0")
        sql = f"""{self.winners_cte()},
        q AS (
          SELECT q0.* FROM {self._read("quotes")} q0
          SEMI JOIN w ON q0.article_id = w.id AND q0.batch = w.batch
          WHERE q0.counted AND {where})"""
        return sql, params

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._db.cursor()
        try:
            yield cursor
        except duckdb.IOException as error:
            if "No files found" in str(error):
                raise _Empty from None
            message = f"cannot read the archive at {self.location.url}: {error}"
            raise ArchiveUnavailable(message) from error
        finally:
            cursor.close()

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        try:
            with self._cursor() as cursor:
                result = cursor.execute(sql, params)
                names = [d[0] for d in result.description]
                return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        except _Empty:
            return []

    def rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        """The rows of `sql` as dicts ([] while the archive has no file of a table it reads)."""
        return self._rows(sql, params)

    def table(self, name: str) -> str:
        """The SQL naming one of the archive's tables (every version of every row)."""
        return self._read(name)

    # queries

    def top_entities(
        self, window: Window, *, type: str | None = None, limit: int = 10
    ) -> list[dict[str, Any]]:
        """[{id, name, type, articles, mentions}] by articles, then mentions, then id."""
        cte, params = self._entity_counts(window, type)
        sql = f"""{cte},
        names AS (
          SELECT entity_id, name, count(*) AS n FROM an GROUP BY entity_id, name)
        SELECT ae.entity_id AS id, any_value(ae.type) AS type,
               count(*) AS articles, sum(ae.mentions)::BIGINT AS mentions,
               (SELECT first(name ORDER BY n DESC, name DESC) FROM names
                WHERE names.entity_id = ae.entity_id) AS name
        FROM ae GROUP BY ae.entity_id
        ORDER BY articles DESC, mentions DESC, id LIMIT ?"""
        return self._rows(sql, [*params, limit])

    def entity(self, entity_id: str, window: Window, *, co_limit: int = 20) -> dict | None:
        """{id, name, type, articles, mentions, days, sources, aliases, co_mentions}, or None
        when the entity has no article in `window`."""
        cte, params = self._entity_counts(window)
        days = self._rows(
            f"""{cte}
            SELECT day::VARCHAR AS day, count(*) AS articles, sum(mentions)::BIGINT AS mentions
            FROM ae WHERE entity_id = ? GROUP BY day ORDER BY day""",
            [*params, entity_id],
        )
        if not days:
            return None
        head = self.top_entities_for([entity_id], window)[0]
        sources = self._rows(
            f"""{cte}
            SELECT source, count(*) AS articles FROM ae
            WHERE entity_id = ? AND source IS NOT NULL
            GROUP BY source ORDER BY articles DESC, source LIMIT 50""",
            [*params, entity_id],
        )
        co = self._rows(
            f"""{cte},
            ranked AS (
              SELECT article_id, entity_id, row_number() OVER (
                PARTITION BY article_id ORDER BY mentions DESC, entity_id) AS r
              FROM ae),
            mine AS (SELECT article_id FROM ranked WHERE entity_id = ? AND r <= {PAIR_ENTITIES})
            SELECT ranked.entity_id AS id, count(*) AS articles
            FROM ranked JOIN mine USING (article_id)
            WHERE ranked.r <= {PAIR_ENTITIES} AND ranked.entity_id <> ?
            GROUP BY ranked.entity_id ORDER BY articles DESC, id LIMIT ?""",
            [*params, entity_id, entity_id, co_limit],
        )
        meta = {r["id"]: r for r in self.top_entities_for([c["id"] for c in co], window)}
        aliases = self._rows(
            f"""{cte},
            mine AS (SELECT DISTINCT article_id FROM ae WHERE entity_id = ?),
            listed AS (
              SELECT a.id, unnest(from_json(a.entities,
                '[{{"id": "VARCHAR", "name": "VARCHAR", "aliases": ["VARCHAR"]}}]')) AS e
              FROM {self._read("articles")} a SEMI JOIN w ON a.id = w.id AND a.batch = w.batch
              WHERE a.id IN (SELECT article_id FROM mine)),
            names AS (
              SELECT DISTINCT id, unnest(list_append(e.aliases, e.name)) AS alias
              FROM listed WHERE e.id = ?)
            SELECT alias, count(*) AS articles FROM names WHERE alias <> ''
            GROUP BY alias ORDER BY articles DESC, alias LIMIT 50""",
            [*params, entity_id, entity_id],
        )
        return head | {
            "days": days,
            "sources": sources,
            "aliases": [a["alias"] for a in aliases],
            "co_mentions": [
                {
                    "id": c["id"],
                    "articles": c["articles"],
                    "name": meta.get(c["id"], {}).get("name", ""),
                    "type": meta.get(c["id"], {}).get("type", ""),
                }
                for c in co
            ],
        }

    def top_entities_for(self, ids: list[str], window: Window) -> list[dict[str, Any]]:
        """The top_entities rows of these entity ids (any order)."""
        if not ids:
            return []
        cte, params = self._entity_counts(window, ids=ids)
        marks = ", ".join("?" for _ in ids)
        sql = f"""{cte},
        names AS (SELECT entity_id, name, count(*) AS n FROM an GROUP BY entity_id, name)
        SELECT ae.entity_id AS id, any_value(ae.type) AS type, count(*) AS articles,
               sum(ae.mentions)::BIGINT AS mentions,
               (SELECT first(name ORDER BY n DESC, name DESC) FROM names
                WHERE names.entity_id = ae.entity_id) AS name
        FROM ae WHERE ae.entity_id IN ({marks}) GROUP BY ae.entity_id"""
        return self._rows(sql, [*params, *ids])

    def top_speakers(self, window: Window, *, limit: int = 10) -> list[dict[str, Any]]:
        """[{id, name, quotes, articles}] by quotes, then articles, then id."""
        cte, params = self._quotes(window)
        sql = f"""{cte},
        names AS (
          SELECT speaker_id, speaker_name AS name, count(DISTINCT article_id) AS n
          FROM q WHERE speaker_id IS NOT NULL GROUP BY speaker_id, speaker_name)
        SELECT q.speaker_id AS id, count(*) AS quotes, count(DISTINCT q.article_id) AS articles,
               (SELECT first(name ORDER BY n DESC, name DESC) FROM names
                WHERE names.speaker_id = q.speaker_id) AS name
        FROM q WHERE q.speaker_id IS NOT NULL GROUP BY q.speaker_id
        ORDER BY quotes DESC, articles DESC, id LIMIT ?"""
        return self._rows(sql, [*params, limit])

    def speaker_id(self, speaker: str, window: Window) -> str | None:
        """The id of the speaker `speaker` names (an id, else a canonical name, any case)."""
        cte, params = self._quotes(window)
        rows = self._rows(
            f"""{cte}
            SELECT speaker_id FROM q
            WHERE speaker_id = ? OR lower(regexp_replace(trim(speaker_name), '\\s+', ' ', 'g')) = ?
            GROUP BY speaker_id ORDER BY (speaker_id = ?) DESC, count(*) DESC LIMIT 1""",
            [*params, speaker, " ".join(speaker.casefold().split()), speaker],
        )
        return rows[0]["speaker_id"] if rows else None

    def quotes(
        self,
        window: Window,
        *,
        speaker_id: str | None,
        before: str | None,
        limit: int,
        entity_id: str | None = None,
        words: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Attributed quotes newest first: dicts with the output-record quote fields plus
        `article_id`, `source`, `published_at`, the article's `title` and `url`, and `key`
        (the feed's sort key); only those whose key sorts below `before` when it is set, from
        articles naming `entity_id` when set, holding every one of `words` (folded, see
        `shared.textmatch`) when given."""
        cte, params = self._quotes(window)
        filters = ["q.speaker_id IS NOT NULL"]
        if speaker_id is not None:
            filters.append("q.speaker_id = ?")
            params.append(speaker_id)
        if before is not None:
            filters.append(f"({self.quote_key}) < ?")
            params.append(before)
        if entity_id is not None:
            where, wparams = window.where("m")
            # `q` holds winning rows already: their own batch's mentions are the ones to test
            filters.append(
                f"""{self.pair("q.article_id", "q.batch")} IN (SELECT
                {self.pair("m.article_id", "m.batch")}
                FROM {self._read("mentions")} m WHERE m.entity_id = ? AND {where})"""
            )
            params += [entity_id, *wparams]
        if words:
            match, mparams = self.quote_words(words)
            filters.append(match)
            params += mparams
        sql = f"""{cte},
        page AS (
          SELECT {self.quote_key} AS key, q.text, q.start, q."end", q.kind, q.speaker_name,
                 q.speaker_entity_id, q.speaker_text, q.speaker_start, q.speaker_end,
                 q.cue, q.cue_start, q.cue_end, q.article_id, q.source, q.published_at, q.batch
          FROM q WHERE {" AND ".join(filters)} ORDER BY key DESC LIMIT ?)
        SELECT page.* EXCLUDE (batch), a.title, a.url FROM page
        LEFT JOIN {self._read("articles")} a ON a.id = page.article_id AND a.batch = page.batch
        ORDER BY key DESC"""
        return self._rows(sql, [*params, limit])

    def sources(self, window: Window, *, limit: int = 50) -> list[dict[str, Any]]:
        """[{source, articles, quotes, mentions}] by articles, then source."""
        where, params = window.where("a")
        sql = f"""{self.winners_cte()}
        SELECT a.source, count(*) AS articles, sum(a.n_quotes)::BIGINT AS quotes,
               sum(a.n_mentions)::BIGINT AS mentions
        FROM {self._read("articles")} a SEMI JOIN w ON a.id = w.id AND a.batch = w.batch
        WHERE a.source IS NOT NULL AND {where}
        GROUP BY a.source ORDER BY articles DESC, a.source LIMIT ?"""
        return self._rows(sql, [*params, limit])

    def totals(self, window: Window) -> dict[str, int]:
        where, params = window.where("a")
        rows = self._rows(
            f"""{self.winners_cte()}
            SELECT count(*) AS articles, coalesce(sum(a.n_quotes), 0)::BIGINT AS quotes,
                   coalesce(sum(a.n_mentions), 0)::BIGINT AS mentions
            FROM {self._read("articles")} a SEMI JOIN w ON a.id = w.id AND a.batch = w.batch
            WHERE {where}""",
            params,
        )
        cte, eparams = self._entity_counts(window)
        entities = self._rows(f"{cte} SELECT count(DISTINCT entity_id) AS n FROM ae", eparams)
        qcte, qparams = self._quotes(window)
        speakers = self._rows(f"{qcte} SELECT count(DISTINCT speaker_id) AS n FROM q", qparams)
        head = rows[0] if rows else {"articles": 0, "quotes": 0, "mentions": 0}
        return {
            "articles": int(head["articles"]),
            "quotes": int(head["quotes"]),
            "mentions": int(head["mentions"]),
            "entities": int(entities[0]["n"]) if entities else 0,
            "speakers": int(speakers[0]["n"]) if speakers else 0,
        }

    def article(self, article_id: str) -> ArticleRecord | None:
        """The latest version of the article's output record, or None."""
        rows = self._rows(
            f"""SELECT * FROM {self._read("articles")} WHERE id = ?
            ORDER BY published_ms DESC, archived_ms DESC, batch DESC LIMIT 1""",
            [article_id],
        )
        return record_of(rows[0]) if rows else None

    def records(self, window: Window, *, batch_size: int = 500) -> Iterator[list[tuple]]:
        """The latest version of every article in `window`, oldest first, in lists of
        (record, published_ms, ts_ms) tuples: what a rebuild applies."""
        where, params = window.where("a")
        sql = f"""{self.winners_cte()}
        SELECT a.*, epoch_ms(a.ts) AS ts_ms FROM {self._read("articles")} a
        SEMI JOIN w ON a.id = w.id AND a.batch = w.batch
        WHERE {where} ORDER BY a.ts, a.id"""
        try:
            with self._cursor() as cursor:
                result = cursor.execute(sql, params)
                names = [d[0] for d in result.description]
                while rows := result.fetchmany(batch_size):
                    batch = [dict(zip(names, row, strict=True)) for row in rows]
                    yield [(record_of(r), int(r["published_ms"]), int(r["ts_ms"])) for r in batch]
        except _Empty:
            return

    def export(self, table: str, window: Window) -> tuple[str, list[Any]] | None:
        """The SQL (and parameters) selecting `table`'s latest rows in `window`, in day and
        time order; None when the archive holds no such rows yet."""
        if not self.location.has_table(table) or not self.location.has_table("articles"):
            return None
        where, params = window.where("t")
        columns = EXPORT_COLUMNS[table]
        join = "t.id = w.id" if table == "articles" else "t.article_id = w.id"
        order = "t.day, t.ts, t.id" if table == "articles" else "t.day, t.ts, t.article_id"
        sql = f"""{self.winners_cte()}
        SELECT {", ".join(f"t.{c}" for c in columns)} FROM {self._read(table)} t
        SEMI JOIN w ON {join} AND t.batch = w.batch
        WHERE {where} ORDER BY {order}"""
        return sql, params

    def arrow(self, sql: str, params: list[Any]) -> pa.Table:
        with self._cursor() as cursor:
            return cursor.sql(sql, params=params).to_arrow_table()

    def copy(self, sql: str, params: list[Any], path: str, format: str) -> None:
        """Writes the rows of `sql` to `path` (CSV with a header, Parquet, or JSON lines)."""
        options = {"csv": "FORMAT csv, HEADER true", "parquet": "FORMAT parquet",
                   "jsonl": "FORMAT json"}[format]  # fmt: skip
        target = path.replace("'", "''")
        with self._cursor() as cursor:
            cursor.execute(f"COPY ({sql}) TO '{target}' ({options})", params)


class _Empty(Exception):
    """No file matched: the archive has no rows of that table yet."""


#: the columns an export writes (the internal `batch`, `archived_ms`, `published_ms` are left
#: out; `counted` stays: it says which rows the aggregates count)
EXPORT_COLUMNS = {
    "articles": [
        "id", "version", "day", "ts", "published_at", "source", "url", "title", "language",
        "n_entities", "n_mentions", "n_quotes", "text", "entities", "quotes",
    ],
    "mentions": [
        "article_id", "day", "ts", "source", "entity_id", "name", "type", "text", "start",
        '"end"', "counted",
    ],
    "quotes": [
        "article_id", "day", "ts", "published_at", "source", "quote_index", "speaker_id",
        "speaker_name", "text", "kind", "start", '"end"', "cue", "cue_start", "cue_end",
        "speaker_text", "speaker_start", "speaker_end", "counted",
    ],
}  # fmt: skip
