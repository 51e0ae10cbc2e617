"""Name search over the snapshot (`snapshot.py`): the same answers as `ArchiveBrowser`, from
the snapshot's name lists and totals instead of a scan of every mention.

A name matches when each search word begins one of its folded words; the snapshot keeps every
distinct folded name and mention text of each entity (and speaker name of each speaker) with
a leading space, so the test is `folded LIKE '% word%'` over a few thousand short strings.
Without a window (no since, until or source) the counts are the precomputed totals; with one,
the candidates are tested again on their in-window rows and counted as `ArchiveBrowser` does.
"""

from datetime import date
from typing import Any

from services.archive.browse import PEOPLE_PER_ARTICLE, ArchiveBrowser
from services.archive.snapshot import SnapshotQuery


def _like(column: str, words: list[str]) -> tuple[str, list[Any]]:
    return " AND ".join(f"{column} LIKE ?" for _ in words), [f"% {w}%" for w in words]


class SnapshotBrowser(ArchiveBrowser):
    def __init__(self, archive: SnapshotQuery) -> None:
        super().__init__(archive)

    def _candidates(self, table: str, key: str, words: list[str]) -> list[str]:
        match, params = _like("folded", words)
        rows = self.archive.rows(f"SELECT DISTINCT {key} AS id FROM {table} WHERE {match}", params)
        return [r["id"] for r in rows]

    def search_entities(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict]:
        if not words:
            return []
        ids = self._candidates("entity_names", "entity_id", words)
        if not ids:
            return []
        if since is None and until is None and source is None:
            marks = ", ".join("?" for _ in ids)
            return self.archive.rows(
                f"""SELECT id, type, articles, mentions, name FROM entity_totals
                WHERE id IN ({marks}) ORDER BY articles DESC, mentions DESC, id LIMIT ?""",
                [*ids, limit],
            )
        return self._entities_counted(since, until, source, words, limit, ids)

    def search_speakers(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict]:
        if not words:
            return []
        ids = self._candidates("speaker_names", "speaker_id", words)
        if not ids:
            return []
        if since is None and until is None and source is None:
            marks = ", ".join("?" for _ in ids)
            return self.archive.rows(
                f"""SELECT id, quotes, articles, name FROM speaker_totals
                WHERE id IN ({marks}) ORDER BY quotes DESC, articles DESC, id LIMIT ?""",
                [*ids, limit],
            )
        return super().search_speakers(since, until, source, words, limit)

    def entities_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]:
        if since is None and until is None:  # an id: one row of the totals
            found = self.archive.rows("SELECT id, name FROM entity_totals WHERE id = ?", [name])
            if found:
                return [{"id": r["id"], "name": r["name"] or ""} for r in found]
        return super().entities_named(name, since, until)

    def speakers_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]:
        if since is None and until is None:
            found = self.archive.rows("SELECT id, name FROM speaker_totals WHERE id = ?", [name])
            if found:
                return [{"id": r["id"], "name": r["name"] or ""} for r in found]
        return super().speakers_named(name, since, until)

    def _people(self, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
        """Precomputed per article (the snapshot's articles are winners only)."""
        if not rows:
            return {}
        marks = ", ".join("?" for _ in rows)
        found = self.archive.rows(
            f"SELECT article_id, people FROM people WHERE article_id IN ({marks})",
            [r["id"] for r in rows],
        )
        return {r["article_id"]: r["people"][:PEOPLE_PER_ARTICLE] for r in found}
