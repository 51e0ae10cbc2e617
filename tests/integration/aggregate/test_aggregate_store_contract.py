"""One contract, two stores: every test here runs against the in-memory and the Redis store."""

import random
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from services.aggregate.quote_feed import BadCursor
from services.aggregate.rollup import COUNTED_TYPES
from services.aggregate.store import AmbiguousName, UnknownSpeaker
from services.aggregate.synthetic import random_record, record

DAY_MS = 86_400_000
LAVROV, PUTIN, KREMLIN = (
    ("Sergei Lavrov", "PERSON", 3),
    ("Vladimir Putin", "PERSON", 2),
    (
        "Kremlin",
        "ORG",
        1,
    ),
)


async def test_an_empty_store_answers_every_query_with_nothing(store):
    assert await store.top_entities(since=date(2026, 1, 1), type="PERSON", source="x") == []
    assert await store.top_speakers() == []
    assert await store.sources() == []
    assert (await store.quotes()).quotes == []
    assert await store.entity("org:x") is None
    assert (await store.totals()).articles == 0


async def test_an_article_counts_each_entity_once_and_all_its_mentions(store):
    await store.apply(record("a1", entities=[LAVROV, KREMLIN]), now_ms=0)

    top = await store.top_entities(limit=10)

    assert [(e.id, e.name, e.type, e.articles, e.mentions) for e in top] == [
        ("person:sergei-lavrov", "Sergei Lavrov", "PERSON", 1, 3),
        ("org:kremlin", "Kremlin", "ORG", 1, 1),
    ]


async def test_the_same_article_delivered_twice_counts_once(store):
    article = record("a1", entities=[LAVROV], quotes=[("Sergei Lavrov", "We agree")])

    first = await store.apply(article, now_ms=0)
    second = await store.apply(article, now_ms=5)

    assert (first.applied, second.applied) == (True, False)
    assert first.entity_ids == ["person:sergei-lavrov"] and second.entity_ids == []
    assert (await store.top_entities())[0].articles == 1
    assert (await store.top_speakers())[0].quotes == 1
    assert (await store.totals()).articles == 1


async def test_a_corrected_article_replaces_its_earlier_counts(store):
    await store.apply(record("a1", entities=[LAVROV, KREMLIN], version="v1"), now_ms=0)
    update = await store.apply(record("a1", entities=[PUTIN], version="v2"), now_ms=1)

    assert update.applied and update.replaced
    assert update.entity_ids == ["org:kremlin", "person:sergei-lavrov", "person:vladimir-putin"]
    assert [(e.id, e.articles, e.mentions) for e in await store.top_entities()] == [
        ("person:vladimir-putin", 1, 2)
    ]
    assert await store.entity("person:sergei-lavrov") is None
    assert (await store.totals()).mentions == 2


async def test_a_superseded_version_arriving_late_changes_nothing(store):
    await store.apply(record("a1", entities=[LAVROV], version="v1"), now_ms=0)
    await store.apply(record("a1", entities=[PUTIN], version="v2"), now_ms=1)

    late = await store.apply(record("a1", entities=[LAVROV], version="v1"), now_ms=2)

    assert not late.applied
    assert [e.id for e in await store.top_entities()] == ["person:vladimir-putin"]


async def test_a_version_published_earlier_does_not_override_a_later_one(store):
    await store.apply(record("a1", entities=[PUTIN], version="v2"), now_ms=0, published_ms=200)

    older = await store.apply(
        record("a1", entities=[LAVROV], version="v1"), now_ms=1, published_ms=100
    )
    newer = await store.apply(
        record("a1", entities=[KREMLIN], version="v3"), now_ms=2, published_ms=300
    )

    assert (older.applied, newer.applied) == (False, True)
    assert [e.id for e in await store.top_entities()] == ["org:kremlin"]


async def test_dates_money_and_other_facts_are_not_counted(store):
    await store.apply(
        record("a1", entities=[("Monday", "DATE", 2), ("$5", "MONEY", 1), KREMLIN]), now_ms=0
    )

    assert [e.id for e in await store.top_entities()] == ["org:kremlin"]
    assert await store.entity("date:monday") is None


async def test_top_entities_filter_by_type_source_and_inclusive_day_window(store):
    await store.apply(
        record("a1", entities=[LAVROV, KREMLIN], source="tass", published_at="2026-01-01T10:00Z"),
        now_ms=0,
    )
    await store.apply(
        record("a2", entities=[PUTIN, KREMLIN], source="bbc", published_at="2026-01-02T23:30Z"),
        now_ms=0,
    )
    await store.apply(
        record("a3", entities=[PUTIN], source="bbc", published_at="2026-01-05"), now_ms=0
    )

    def ids(rows):
        return [(e.id, e.articles) for e in rows]

    assert ids(await store.top_entities(type="ORG")) == [("org:kremlin", 2)]
    assert ids(await store.top_entities(source="tass")) == [
        ("person:sergei-lavrov", 1),
        ("org:kremlin", 1),
    ]
    assert ids(await store.top_entities(since=date(2026, 1, 2), until=date(2026, 1, 2))) == [
        ("person:vladimir-putin", 1),
        ("org:kremlin", 1),
    ]
    assert ids(await store.top_entities(since=date(2026, 1, 2), type="PERSON", source="bbc")) == [
        ("person:vladimir-putin", 2)
    ]
    assert ids(await store.top_entities(until=date(2025, 12, 31))) == []
    assert ids(await store.top_entities(source="nobody")) == []


async def test_top_entities_rank_by_articles_then_mentions_then_id(store):
    await store.apply(record("a1", entities=[("Zed", "ORG", 1), ("Abe", "ORG", 1)]), now_ms=0)
    await store.apply(record("a2", entities=[("Bob", "ORG", 5)]), now_ms=0)
    await store.apply(record("a3", entities=[("Cal", "ORG", 1), ("Bob", "ORG", 1)]), now_ms=0)

    top = await store.top_entities(limit=3)

    assert [e.id for e in top] == ["org:bob", "org:abe", "org:cal"]


async def test_an_entity_shows_aliases_days_sources_and_co_mentions(store):
    lavrov = ("Sergei Lavrov", "PERSON", 1)
    await store.apply(
        record("a1", entities=[lavrov, KREMLIN], source="tass", published_at="2026-01-01"),
        now_ms=0,
    )
    other = record("a2", entities=[lavrov, PUTIN, KREMLIN], source="bbc", published_at="2026-01-03")
    aliased = other.model_copy(
        update={
            "entities": [
                e.model_copy(update={"aliases": ["Lavrov", "Sergei Lavrov"]})
                if e.name == "Sergei Lavrov"
                else e
                for e in other.entities
            ]
        }
    )
    await store.apply(aliased, now_ms=0)

    found = await store.entity("person:sergei-lavrov")

    assert (found.name, found.type, found.articles, found.mentions) == (
        "Sergei Lavrov",
        "PERSON",
        2,
        2,
    )
    assert found.aliases == ["Sergei Lavrov", "Lavrov"]
    assert (found.first_seen, found.last_seen) == ("2026-01-01", "2026-01-03")
    assert [(d.day, d.articles, d.mentions) for d in found.days] == [
        ("2026-01-01", 1, 1),
        ("2026-01-03", 1, 1),
    ]
    assert sorted((s.source, s.articles) for s in found.sources) == [("bbc", 1), ("tass", 1)]
    assert [(c.id, c.name, c.type, c.articles) for c in found.co_mentions] == [
        ("org:kremlin", "Kremlin", "ORG", 2),
        ("person:vladimir-putin", "Vladimir Putin", "PERSON", 1),
    ]
    assert len((await store.entity("person:sergei-lavrov", co_limit=1)).co_mentions) == 1
    assert await store.entity("person:nobody") is None


async def test_top_speakers_rank_by_quotes_then_distinct_articles(store):
    await store.apply(
        record(
            "a1",
            entities=[LAVROV, PUTIN],
            quotes=[("Sergei Lavrov", "one"), ("Sergei Lavrov", "two"), ("Vladimir Putin", "x")],
        ),
        now_ms=0,
    )
    await store.apply(
        record("a2", entities=[PUTIN], quotes=[("Vladimir Putin", "y"), (None, "scare quote")]),
        now_ms=0,
    )

    speakers = await store.top_speakers(limit=5)

    assert [(s.id, s.name, s.quotes, s.articles) for s in speakers] == [
        ("person:vladimir-putin", "Vladimir Putin", 2, 2),
        ("person:sergei-lavrov", "Sergei Lavrov", 2, 1),
    ]
    assert (await store.totals()).quotes == 5


async def test_quotes_come_newest_first_in_pages_that_cover_all_of_them(store):
    for day in range(1, 6):
        quotes = [("Vladimir Putin", f"said on day {day}, part {part}") for part in (1, 2)]
        await store.apply(
            record(f"a{day}", entities=[PUTIN], quotes=quotes, published_at=f"2026-02-0{day}"),
            now_ms=0,
        )

    pages, cursor = [], None
    while True:
        page = await store.quotes(speaker="person:vladimir-putin", limit=3, cursor=cursor)
        pages.append([q.text for q in page.quotes])
        cursor = page.next_cursor
        if cursor is None:
            break

    texts = [t for page in pages for t in page]
    assert [len(p) for p in pages] == [3, 3, 3, 1]
    assert texts == [f"said on day {d}, part {p}" for d in range(5, 0, -1) for p in (1, 2)]


async def test_a_quote_carries_its_article_and_output_record_fields(store):
    await store.apply(
        record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "We won")], source="tass"),
        now_ms=0,
    )

    (quote,) = (await store.quotes(speaker="Vladimir Putin")).quotes

    assert (quote.article_id, quote.source, quote.text, quote.kind) == (
        "a1",
        "tass",
        "We won",
        "direct",
    )
    assert (quote.speaker_name, quote.speaker_entity_id) == (
        "Vladimir Putin",
        "person:vladimir-putin",
    )


async def test_quotes_by_name_ignore_case_and_unknown_speakers_are_refused(store):
    await store.apply(record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "x")]), now_ms=0)

    assert len((await store.quotes(speaker="vladimir  PUTIN")).quotes) == 1
    with pytest.raises(UnknownSpeaker):
        await store.quotes(speaker="Nobody Atall")


async def test_a_surname_only_one_speaker_has_names_that_speaker(store):
    await store.apply(record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "x")]), now_ms=0)
    await store.apply(record("a2", entities=[LAVROV], quotes=[("Sergei Lavrov", "y")]), now_ms=0)

    assert [q.text for q in (await store.quotes(speaker="putin")).quotes] == ["x"]
    assert [q.text for q in (await store.quotes(speaker="Lavróv")).quotes] == ["y"]
    with pytest.raises(UnknownSpeaker):
        await store.quotes(speaker="Sergei")  # a first name is not a surname


async def test_a_surname_two_speakers_share_is_ambiguous_and_names_both(store):
    await store.apply(
        record("a1", entities=[("John Smith", "PERSON", 1)], quotes=[("John Smith", "x")]),
        now_ms=0,
    )
    await store.apply(
        record("a2", entities=[("Jane Smith", "PERSON", 1)], quotes=[("Jane Smith", "y")]),
        now_ms=0,
    )

    with pytest.raises(AmbiguousName) as raised:
        await store.quotes(speaker="Smith")

    assert sorted(raised.value.matches) == [
        ("person:jane-smith", "Jane Smith"),
        ("person:john-smith", "John Smith"),
    ]
    assert [q.text for q in (await store.quotes(speaker="Jane Smith")).quotes] == ["y"]


async def test_a_quote_carries_its_articles_headline_and_link(store):
    article = record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "We won")])
    article = article.model_copy(update={"title": "Putin speaks", "url": "https://x.test/a1"})
    await store.apply(article, now_ms=0)

    (quote,) = (await store.quotes()).quotes

    assert (quote.title, quote.url) == ("Putin speaks", "https://x.test/a1")


async def test_totals_of_one_source_count_its_articles_entities_and_speakers(store):
    await store.apply(
        record("a1", entities=[PUTIN, KREMLIN], quotes=[("Vladimir Putin", "x")], source="tass"),
        now_ms=0,
    )
    await store.apply(record("a2", entities=[LAVROV], source="bbc"), now_ms=0)

    tass = await store.totals(source="tass")
    nowhere = await store.totals(source="nowhere")

    assert (tass.articles, tass.quotes, tass.mentions, tass.entities, tass.speakers) == (
        1,
        1,
        3,
        2,
        1,
    )
    assert (nowhere.articles, nowhere.entities, nowhere.speakers) == (0, 0, 0)
    assert (await store.totals()).articles == 2


async def test_a_cursor_this_store_did_not_issue_is_refused(store):
    with pytest.raises(BadCursor):
        await store.quotes(cursor="not-a-cursor")


async def test_windows_narrow_speakers_quotes_sources_totals_and_entity_detail(store):
    for day, source in ((1, "tass"), (2, "bbc"), (3, "bbc")):
        await store.apply(
            record(
                f"a{day}",
                entities=[PUTIN, KREMLIN] if day != 2 else [PUTIN],
                quotes=[("Vladimir Putin", f"day {day}")],
                source=source,
                published_at=f"2026-03-0{day}T10:00:00Z",
            ),
            now_ms=0,
        )
    two = {"since": date(2026, 3, 2), "until": date(2026, 3, 3)}

    assert [(s.id, s.quotes) for s in await store.top_speakers(**two)] == [
        ("person:vladimir-putin", 2)
    ]
    assert [(s.quotes) for s in await store.top_speakers(source="tass")] == [1]
    assert [q.text for q in (await store.quotes(speaker="Vladimir Putin", **two)).quotes] == [
        "day 3",
        "day 2",
    ]
    assert [q.text for q in (await store.quotes(until=date(2026, 3, 1))).quotes] == ["day 1"]
    assert [(s.source, s.articles) for s in await store.sources(**two)] == [("bbc", 2)]
    assert (await store.totals(**two)).articles == 2
    assert (await store.totals(since=date(2026, 3, 3))).entities == 2
    detail = await store.entity("org:kremlin", **two)
    assert (detail.articles, [d.day for d in detail.days]) == (1, ["2026-03-03"])
    assert [c.id for c in detail.co_mentions] == ["person:vladimir-putin"]
    assert await store.entity("org:kremlin", since=date(2026, 3, 2), until=date(2026, 3, 2)) is None


async def test_days_older_than_the_hot_window_are_neither_kept_nor_answered(make_store):
    now = [int(time.time() * 1000)]  # Redis expires keys on its own clock: dates near today
    today = datetime.now(tz=UTC).date()
    store = make_store(hot_days=7, clock=lambda: now[0])
    for back in (9, 5, 1):
        await store.apply(
            record(
                f"a{back}",
                entities=[PUTIN],
                quotes=[("Vladimir Putin", f"{back} days ago")],
                published_at=(today - timedelta(days=back)).isoformat(),
            ),
            now_ms=0,
        )

    assert [(e.id, e.articles) for e in await store.top_entities()] == [
        ("person:vladimir-putin", 2)
    ]
    assert [q.text for q in (await store.quotes()).quotes] == ["1 days ago", "5 days ago"]
    now[0] += 3 * DAY_MS  # five days ago leaves the window too

    assert (await store.totals()).articles == 1
    assert [q.text for q in (await store.quotes(speaker="person:vladimir-putin")).quotes] == [
        "1 days ago"
    ]
    assert [d.day for d in (await store.entity("person:vladimir-putin")).days] == [
        (today - timedelta(days=1)).isoformat()
    ]


async def test_an_undated_article_counts_on_the_day_it_was_first_applied(store):
    await store.apply(record("a1", entities=[KREMLIN]), now_ms=20_000 * DAY_MS + 5)

    found = await store.entity("org:kremlin")

    assert found.first_seen == date.fromordinal(date(1970, 1, 1).toordinal() + 20_000).isoformat()


async def test_sources_report_articles_quotes_and_mentions(store):
    await store.apply(
        record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "x")], source="tass"), now_ms=0
    )
    await store.apply(record("a2", entities=[KREMLIN], source="tass"), now_ms=0)
    await store.apply(record("a3", entities=[KREMLIN], source="bbc"), now_ms=0)

    assert [(s.source, s.articles, s.quotes, s.mentions) for s in await store.sources()] == [
        ("tass", 2, 1, 3),
        ("bbc", 1, 0, 1),
    ]


def _recount(records):
    """Entity (articles, mentions) counted straight from the last version of each record."""
    articles, mentions = Counter(), Counter()
    for rec in records.values():
        per = Counter()
        for e in rec.entities:
            if e.type in COUNTED_TYPES:
                per[e.id] += len(e.mentions)
        for entity_id, n in per.items():
            articles[entity_id] += 1
            mentions[entity_id] += n
    return {i: (articles[i], mentions[i]) for i in articles}


async def test_counts_equal_a_recount_after_duplicates_and_corrections(store):
    rng = random.Random(7)
    latest = {}
    for i in range(60):
        rec = random_record(i, rng, population=40)
        latest[rec.id] = rec
        await store.apply(rec, now_ms=0)
    for i in rng.sample(range(60), 20):  # redelivered
        await store.apply(latest[f"synthetic-{i}"], now_ms=0)
    for i in rng.sample(range(60), 15):  # corrected: other content, new version
        rec = random_record(1000 + i, rng, population=40).model_copy(
            update={"id": f"synthetic-{i}", "version": "v2"}
        )
        latest[rec.id] = rec
        await store.apply(rec, now_ms=0)

    expected = _recount(latest)
    top = await store.top_entities(limit=100)

    assert {e.id: (e.articles, e.mentions) for e in top} == expected
    assert (await store.totals()).articles == 60
