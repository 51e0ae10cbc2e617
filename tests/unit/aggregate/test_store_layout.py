"""How an article is split over the aggregate store's shards (pure)."""

from redis.crc import key_slot

from services.aggregate.rollup import contribution
from services.aggregate.store_layout import M, parts, shard_of, shard_tags
from services.aggregate.synthetic import record


def test_each_shard_tag_lies_in_its_own_range_of_cluster_slots():
    tags = shard_tags("newsflow:agg", 8)

    assert [key_slot(f"{t}:anything".encode()) * 8 // 16384 for t in tags] == list(range(8))


def test_an_articles_entities_speakers_and_totals_each_go_to_exactly_one_shard():
    share = contribution(
        record(
            "a1",
            entities=[(f"Person {i}", "PERSON", 1 + i % 3) for i in range(12)],
            quotes=[("Person 1", "one"), ("Person 2", "two")],
            source="tass",
        ),
        fallback_ms=0,
    )

    split = parts(share, 8)

    placed = [(e[0], k) for k, p in enumerate(split) for e in p.ents]
    assert sorted(i for i, _ in placed) == sorted(e.id for e in share.entities)
    assert all(k == shard_of(i, 8) for i, k in placed)
    assert [k for k, p in enumerate(split) if p.home] == [shard_of("a1", 8)]
    speakers = [(s[0], k) for k, p in enumerate(split) for s in p.spk]
    assert sorted(speakers) == sorted((s.id, shard_of(s.id, 8)) for s in share.speakers)
    feed = [f[0] for p in split for f in p.feed]
    assert sorted(feed) == sorted(s for s, _ in share.feed)


def test_co_mention_partners_are_the_most_mentioned_entities_of_the_article():
    share = contribution(
        record("a1", entities=[(f"Org {i:02d}", "ORG", 1 + (i < 3)) for i in range(20)]),
        fallback_ms=0,
    )

    partners = {e[0]: e[5] for p in parts(share, 8) for e in p.ents}

    paired = {i for i, others in partners.items() if others}
    assert len(paired) == 8 and {"org:org-00", "org:org-01", "org:org-02"} <= paired
    assert all(len(others) == 7 and i not in others for i, others in partners.items() if others)


def test_counts_packed_in_one_score_rank_as_articles_then_mentions():
    assert 2 * M + 1 > 1 * M + 500 and (3 * M + 7) // M == 3 and (3 * M + 7) % M == 7
