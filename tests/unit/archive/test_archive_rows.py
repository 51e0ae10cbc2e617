"""Record -> archive rows: pure, one row per mention and per quote, counted as the aggregates
count."""

from services.aggregate.synthetic import record
from services.archive.rows import Written, batch_rows, record_of, rows_of
from shared.records import Entity

WRITTEN = Written(entry_ms=1_000, published_ms=900, archived_ms=2_000, batch="b1")


def test_an_article_gives_one_row_per_mention_and_per_quote_with_offsets_into_its_text():
    article = record(
        "a1",
        entities=[("Sergei Lavrov", "PERSON", 2), ("Monday", "DATE", 1)],
        quotes=[("Sergei Lavrov", "We agree"), (None, "scare")],
        source="tass",
        published_at="2026-01-02T10:00:00Z",
    )

    rows = rows_of(article, WRITTEN)

    assert rows.day == "2026-01-02"
    assert [(m["entity_id"], m["counted"]) for m in rows.mentions] == [
        ("person:sergei-lavrov", True),
        ("person:sergei-lavrov", True),
        ("date:monday", False),
    ]
    for row in (*rows.mentions, *rows.quotes):
        assert article.text[row["start"] : row["end"]] == row["text"]
    assert [(q["speaker_id"], q["speaker_name"]) for q in rows.quotes] == [
        ("person:sergei-lavrov", "Sergei Lavrov"),
        (None, None),
    ]
    assert (rows.article["n_entities"], rows.article["n_mentions"], rows.article["n_quotes"]) == (
        1,
        2,
        2,
    )
    assert rows.article["source"] == "tass" and rows.quotes[0]["source"] == "tass"


def test_an_undated_article_is_dated_when_it_entered_the_enriched_stream():
    rows = rows_of(record("a1", entities=[("Kremlin", "ORG", 1)]), WRITTEN)

    assert rows.day == "1970-01-01" and rows.article["ts_ms"] == 1_000


def test_an_entity_without_a_located_mention_still_has_a_row():
    article = record("a1").model_copy(
        update={"entities": [Entity(id="org:un", name="UN", type="ORG")]}
    )

    (row,) = rows_of(article, WRITTEN).mentions

    assert (row["entity_id"], row["start"], row["counted"]) == ("org:un", None, False)


def test_the_output_record_comes_back_from_its_article_row():
    article = record("a1", entities=[("Kremlin", "ORG", 2)], quotes=[(None, "x")], source="s")

    assert record_of(rows_of(article, WRITTEN).article) == article


def test_an_article_twice_in_one_batch_is_written_once_in_its_latest_version():
    v1 = record("a1", entities=[("Kremlin", "ORG", 1)], version="v1")
    v2 = record("a1", entities=[("Kremlin", "ORG", 3)], version="v2")
    later = Written(1_000, 950, 2_000, "b1")

    rows = batch_rows([(v2, later), (v1, WRITTEN), (v2, later)])

    (article,) = rows["articles"]["1970-01-01"]
    assert article["version"] == "v2" and len(rows["mentions"]["1970-01-01"]) == 3
