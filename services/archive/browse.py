"""Browsing the archive: article lists, name search, and turning a name into an id.

Same rules as `query.py` (one winning version per article, counted rows only, inclusive UTC
day windows) and synchronous like it. Search terms arrive as folded words
(`shared.textmatch.words`): a name matches when each word begins one of its words.
"""

from datetime import date
from typing import Any

from services.archive.query import _COUNTED, FOLD, ArchiveQuery, Window, words_match
from shared.textmatch import fold

#: PERSON names listed with each article
PEOPLE_PER_ARTICLE = 8


class ArchiveBrowser:
    def __init__(self, archive: ArchiveQuery) -> None:
        self.archive = archive

    def articles(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        *,
        entity_id: str | None = None,
        speaker_id: str | None = None,
        before: tuple[int, str] | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Articles newest first (article time, then id descending): their list fields, `ts_ms`
        and `people`; only those before `before` ((ts_ms, id)) when set, naming `entity_id`,
        quoting `speaker_id`."""
        a, window = self.archive, Window(since, until, source)
        where, params = window.where("a")
        filters = [where]
        if entity_id is not None:
            mwhere, mparams = window.where("m")
            # `a` is a winning row already: its own batch's mentions are the ones that count
            filters.append(
                f"""{a.pair("a.id", "a.batch")} IN (SELECT {a.pair("m.article_id", "m.batch")}
                FROM {a.table("mentions")} m
                WHERE m.entity_id = ? AND {mwhere})"""
            )
            params += [entity_id, *mparams]
        if speaker_id is not None:
            qwhere, qparams = window.where("q")
            filters.append(
                f"""{a.pair("a.id", "a.batch")} IN (SELECT {a.pair("q.article_id", "q.batch")}
                FROM {a.table("quotes")} q
                WHERE q.counted AND q.speaker_id = ? AND {qwhere})"""
            )
            params += [speaker_id, *qparams]
        if before is not None:
            filters.append("(epoch_ms(a.ts) < ? OR (epoch_ms(a.ts) = ? AND a.id < ?))")
            params += [before[0], before[0], before[1]]
        rows = a.rows(
            f"""{a.winners_cte()}
            SELECT a.id, a.version, a.title, a.source, a.url, a.published_at, a.language,
                   a.n_mentions AS mentions, a.n_quotes AS quotes, epoch_ms(a.ts) AS ts_ms,
                   a.batch, a.day
            FROM {a.table("articles")} a {a.won("a", "id")}
            WHERE {" AND ".join(filters)}
            ORDER BY a.ts DESC, a.id DESC LIMIT ?""",
            [*params, limit],
        )
        people = self._people(rows)
        for row in rows:
            row["people"] = people.get(row["id"], [])
            del row["batch"], row["day"]
        return rows

    def _people(self, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
        """{article id: PERSON names, most mentioned first} for these article rows."""
        if not rows:
            return {}
        a = self.archive
        marks = ", ".join("(?, ?)" for _ in rows)
        days = [r["day"] for r in rows]
        found = a.rows(
            f"""SELECT article_id, list(name ORDER BY n DESC, name) AS people FROM (
              SELECT m.article_id, m.name, count(*) AS n FROM {a.table("mentions")} m
              WHERE m.type = 'PERSON' AND m.day BETWEEN ? AND ?
                AND (m.article_id, m.batch) IN (VALUES {marks})
              GROUP BY m.article_id, m.entity_id, m.name)
            GROUP BY article_id""",
            [min(days), max(days), *(v for r in rows for v in (r["id"], r["batch"]))],
        )
        return {r["article_id"]: r["people"][:PEOPLE_PER_ARTICLE] for r in found}

    def search_entities(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict]:
        """[{id, name, type, articles, mentions}] of counted entities one of whose names or
        mention texts matches, most articles first (then mentions, then id); counted as
        `/entities/top` counts, the name the one most of those articles use."""
        return self._entities_counted(since, until, source, words, limit, None)

    def _entities_counted(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
        candidates: list[str] | None,
    ) -> list[dict]:
        """`search_entities`, testing only `candidates` (entity ids) when given."""
        a, window = self.archive, Window(since, until, source)
        match_name, p1 = words_match("m.name", words)
        match_text, p2 = words_match("m.text", words)
        where, wparams = window.where("m")
        only, oparams = "", []
        if candidates is not None:
            only = f" AND m.entity_id IN ({', '.join('?' for _ in candidates)})"
            oparams = list(candidates)
        hits = a.rows(
            f"""SELECT DISTINCT m.entity_id FROM {a.table("mentions")} m
            WHERE m.type IN ({_COUNTED}) AND {where}{only}
              AND (({match_name}) OR ({match_text}))""",
            [*wparams, *oparams, *p1, *p2],
        )
        if not hits:
            return []
        # the ids as literals: the scan below then reads only their rows (a subquery would
        # make DuckDB read every mention and join)
        marks = ", ".join("?" for _ in hits)
        return a.rows(
            f"""{a.winners_cte()},
            per AS (
              SELECT m.entity_id, m.article_id, any_value(m.type) AS type,
                     any_value(m.name) AS name,
                     greatest(count(*) FILTER (WHERE m.counted), 1) AS mentions
              FROM {a.table("mentions")} m
              {a.won("m")}
              WHERE m.type IN ({_COUNTED}) AND {where}
                AND m.entity_id IN ({marks})
              GROUP BY m.entity_id, m.article_id),
            names AS (
              SELECT entity_id, name, count(*) AS n FROM per GROUP BY entity_id, name)
            SELECT per.entity_id AS id, any_value(per.type) AS type, count(*) AS articles,
                   sum(per.mentions)::BIGINT AS mentions,
                   (SELECT first(name ORDER BY n DESC, name DESC) FROM names
                    WHERE names.entity_id = per.entity_id) AS name
            FROM per GROUP BY per.entity_id
            ORDER BY articles DESC, mentions DESC, id LIMIT ?""",
            [*wparams, *(h["entity_id"] for h in hits), limit],
        )

    def search_speakers(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict]:
        """[{id, name, quotes, articles}] of speakers whose name matches, most quotes first."""
        a, window = self.archive, Window(since, until, source)
        match, mparams = words_match("q.speaker_name", words)
        where, params = window.where("q0")
        return a.rows(
            f"""{a.winners_cte()},
            q AS (
              SELECT q0.* FROM {a.table("quotes")} q0
              {a.won("q0")}
              WHERE q0.counted AND q0.speaker_id IS NOT NULL AND {where}),
            hit AS (SELECT DISTINCT q.speaker_id FROM q WHERE {match}),
            names AS (
              SELECT speaker_id, speaker_name AS name, count(DISTINCT article_id) AS n
              FROM q WHERE speaker_id IN (SELECT speaker_id FROM hit)
              GROUP BY speaker_id, speaker_name)
            SELECT q.speaker_id AS id, count(*) AS quotes,
                   count(DISTINCT q.article_id) AS articles,
                   (SELECT first(name ORDER BY n DESC, name DESC) FROM names
                    WHERE names.speaker_id = q.speaker_id) AS name
            FROM q WHERE q.speaker_id IN (SELECT speaker_id FROM hit)
            GROUP BY q.speaker_id ORDER BY quotes DESC, articles DESC, id LIMIT ?""",
            [*params, *mparams, limit],
        )

    def quotes(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        *,
        speaker_id: str | None,
        entity_id: str | None,
        words: list[str] | None,
        before: str | None,
        limit: int,
    ) -> list[dict[str, Any]]:
        """`ArchiveQuery.quotes`, with the window given as its parts."""
        return self.archive.quotes(
            Window(since, until, source),
            speaker_id=speaker_id,
            entity_id=entity_id,
            words=words,
            before=before,
            limit=limit,
        )

    def speakers_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]:
        """[{id, name}] of the speakers `name` stands for: the one with that id; else those
        whose canonical name it is (folded); else those whose surname it is."""
        a, folded = self.archive, fold(name)
        where, params = Window(since, until).where("q")
        head = f"""{a.winners_cte()}
            SELECT q.speaker_id AS id, any_value(q.speaker_name) AS name @tests
            FROM {a.table("quotes")} q
            {a.won("q")}
            WHERE q.counted AND q.speaker_id IS NOT NULL AND {where} AND @filter
            GROUP BY q.speaker_id"""
        # an id, then a canonical name as written: cheap equality tests, and no need to pick
        # versions to know a name is there
        for test in ("q.speaker_id = ?", "q.speaker_name = ?"):
            found = a.rows(
                f"""SELECT q.speaker_id AS id, any_value(q.speaker_name) AS name
                FROM {a.table("quotes")} q
                WHERE {test} AND q.speaker_id IS NOT NULL AND {where}
                GROUP BY q.speaker_id ORDER BY id""",
                [name, *params],
            )
            if found:
                return [{"id": r["id"], "name": r["name"] or ""} for r in found]
        if not folded:
            return []
        cheap, cheap_params = _occurs(["q.speaker_name"], folded)
        column = FOLD.format("q.speaker_name")
        tests = f""", max({column} = ?) AS by_name,
                   max(regexp_extract({column}, '(\\S+)$') = ?) AS by_alias"""
        rows = a.rows(
            _fill(head, tests, cheap),
            [folded, folded, *params, *cheap_params],
        )
        return _best_match(rows)

    def entities_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]:
        """[{id, name}] of the entities `name` stands for: the one with that id; else those
        whose canonical name it is (folded); else those with it as an alias (a mention's text)
        or as their surname."""
        a, folded = self.archive, fold(name)
        where, params = Window(since, until).where("m")
        head = f"""{a.winners_cte()}
            SELECT m.entity_id AS id, any_value(m.name) AS name @tests
            FROM {a.table("mentions")} m
            {a.won("m")}
            WHERE m.type IN ({_COUNTED}) AND {where} AND @filter
            GROUP BY m.entity_id"""
        for test in ("m.entity_id = ?", "m.name = ?"):
            found = a.rows(
                f"""SELECT m.entity_id AS id, any_value(m.name) AS name
                FROM {a.table("mentions")} m
                WHERE {test} AND m.type IN ({_COUNTED}) AND {where}
                GROUP BY m.entity_id ORDER BY id""",
                [name, *params],
            )
            if found:
                return [{"id": r["id"], "name": r["name"] or ""} for r in found]
        if not folded:
            return []
        cheap, cheap_params = _occurs(["m.name", "m.text"], folded)
        named, text = FOLD.format("m.name"), FOLD.format("m.text")
        tests = f""", max({named} = ?) AS by_name,
                   max({text} = ? OR regexp_extract({named}, '(\\S+)$') = ?) AS by_alias"""
        rows = a.rows(
            _fill(head, tests, cheap),
            [folded, folded, folded, *params, *cheap_params],
        )
        return _best_match(rows)


def _fill(sql: str, tests: str, filter_: str) -> str:
    return sql.replace("@tests", tests).replace("@filter", filter_)


def _occurs(columns: list[str], folded: str) -> tuple[str, list[Any]]:
    """SQL true when every word of `folded` occurs in one of `columns` (any case, no
    accents): the cheap test run before the fold."""
    tests, params = [], []
    for word in folded.split():
        tests.append("(" + " OR ".join(f"strip_accents({c}) ILIKE ?" for c in columns) + ")")
        params += [f"%{word}%"] * len(columns)
    return " AND ".join(tests) or "true", params


def _best_match(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows matching by name, else those matching by alias, as [{id, name}] by id."""
    for test in ("by_name", "by_alias"):
        chosen = [{"id": r["id"], "name": r["name"] or ""} for r in rows if r[test]]
        if chosen:
            return sorted(chosen, key=lambda r: r["id"])
    return []
