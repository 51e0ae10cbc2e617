import orjson

from services.aggregate.rollup import PAIR_ENTITIES, contribution, effective_version
from services.aggregate.synthetic import record
from shared.records import Entity, Quote, Span

DAY_MS = 86_400_000


def test_only_who_and_what_entity_types_contribute():
    share = contribution(
        record("a", entities=[("Ann Lee", "PERSON", 1), ("Monday", "DATE", 2), ("$3", "MONEY", 1)]),
        fallback_ms=0,
    )

    assert [e.id for e in share.entities] == ["person:ann-lee"]


def test_an_entity_contributes_all_its_mentions_and_its_aliases():
    share = contribution(record("a", entities=[("Ann Lee", "PERSON", 4)]), fallback_ms=0)

    (entity,) = share.entities
    assert (entity.mentions, entity.aliases, share.mentions) == (4, ("Ann Lee",), 4)


def test_two_entities_with_the_same_id_merge_and_the_better_mentioned_name_wins():
    base = record("a", entities=[("Ann Lee", "PERSON", 1)])
    twin = Entity(
        id="person:ann-lee",
        name="ANN LEE",
        type="PERSON",
        aliases=["Lee"],
        mentions=[Span(start=0, end=7, text="Ann Lee")] * 3,
    )
    share = contribution(
        base.model_copy(update={"entities": [*base.entities, twin]}), fallback_ms=0
    )

    (entity,) = share.entities
    assert (entity.name, entity.mentions, entity.aliases) == (
        "ANN LEE",
        4,
        ("ANN LEE", "Ann Lee", "Lee"),
    )


def test_co_mention_pairs_are_ordered_and_bounded_to_the_most_mentioned_entities():
    many = [(f"Org{i:02d}", "ORG", 1 + (i < 5)) for i in range(PAIR_ENTITIES + 10)]
    share = contribution(record("a", entities=many), fallback_ms=0)

    in_pairs = {e for pair in share.pairs for e in pair}
    assert len(share.pairs) == PAIR_ENTITIES * (PAIR_ENTITIES - 1) // 2
    assert all(a < b for a, b in share.pairs)
    assert {f"org:org{i:02d}" for i in range(5)} <= in_pairs


def test_speakers_count_their_quotes_and_unattributed_quotes_count_only_as_quotes():
    share = contribution(
        record(
            "a",
            entities=[("Ann Lee", "PERSON", 1)],
            quotes=[("Ann Lee", "one"), ("Ann Lee", "two"), (None, "scare")],
        ),
        fallback_ms=0,
    )

    assert [(s.id, s.name, s.quotes) for s in share.speakers] == [("person:ann-lee", "Ann Lee", 2)]
    assert (share.quotes, len(share.feed)) == (3, 2)


def test_a_speaker_named_without_an_entity_id_gets_the_matching_entity_or_a_name_id():
    base = record("a", entities=[("Ann Lee", "PERSON", 1)])
    quotes = [
        Quote(text="x", start=0, end=1, kind="direct", speaker_name="ann lee"),
        Quote(text="y", start=1, end=2, kind="direct", speaker_name="The Union"),
    ]
    share = contribution(base.model_copy(update={"quotes": quotes}), fallback_ms=0)

    assert [s.id for s in share.speakers] == ["person:ann-lee", "speaker:the-union"]


def test_the_day_comes_from_published_at_else_from_the_fallback_time():
    dated = contribution(record("a", published_at="2026-05-04T23:30:00-02:00"), fallback_ms=0)
    undated = contribution(record("b"), fallback_ms=3 * DAY_MS)

    assert (dated.day, undated.day, undated.day_number) == ("2026-05-05", "1970-01-04", 3)


def test_an_empty_version_is_replaced_by_a_content_hash_that_changes_with_content():
    one = record("a", entities=[("Ann Lee", "PERSON", 1)], version="")
    two = record("a", entities=[("Bo Wu", "PERSON", 1)], version="")

    assert effective_version(one) == effective_version(one.model_copy())
    assert effective_version(one) != effective_version(two)
    assert effective_version(record("a", version="v9")) == "v9"


def test_the_stored_form_holds_everything_the_redis_script_reads():
    share = contribution(
        record("a", entities=[("Ann Lee", "PERSON", 2)], quotes=[("Ann Lee", "x")], source="tass"),
        fallback_ms=0,
    )

    stored = orjson.loads(share.to_json())
    assert stored["src"] == "tass" and stored["nm"] == 2 and stored["nq"] == 1
    assert stored["ents"] == [["person:ann-lee", "PERSON", "Ann Lee", 2, ["Ann Lee"]]]
    assert stored["spk"] == [["person:ann-lee", "Ann Lee", "ann lee", 1]]


def test_a_repeated_paragraph_counts_its_mentions_and_quotes_once():
    from services.aggregate.rollup import contribution
    from shared.records import ArticleRecord, Entity, Quote, Span

    lede = "Ana Silva said the bridge will reopen in May."
    text = f"{lede}\n\nTraffic is still heavy downtown today.\n\n{lede}"
    second = text.rindex("Ana Silva")
    record = ArticleRecord(
        id="r1",
        text=text,
        entities=[
            Entity(
                id="person:ana-silva",
                name="Ana Silva",
                type="PERSON",
                mentions=[
                    Span(start=0, end=9, text="Ana Silva"),
                    Span(start=second, end=second + 9, text="Ana Silva"),
                ],
            )
        ],
        quotes=[
            Quote(
                text=q,
                start=s,
                end=s + len(q),
                kind="indirect",
                speaker_name="Ana Silva",
                speaker_entity_id="person:ana-silva",
            )
            for s, q in (
                (15, "the bridge will reopen in May"),
                (second + 15, "the bridge will reopen in May"),
            )
        ],
    )
    share = contribution(record, fallback_ms=0)
    assert [e.mentions for e in share.entities] == [1]
    assert share.quotes == 1 and [s.quotes for s in share.speakers] == [1]
