from services.cli.inputs import checked, undated_note
from services.ingest.sources import Payload, Rejected


def test_good_payloads_pass_and_bad_ones_are_rejected_with_their_origin_and_reason():
    items = [
        Payload("a.json", {"text": "A body.", "title": "A"}),
        Payload("b.jsonl:2", {"title": "no body"}),
        Rejected("c.bin", "not UTF-8 text"),
        Payload("d.json", {"text": 7}),
    ]
    result = checked(items, max_chars=1000)
    good, bad = result.good, result.bad
    assert [p.origin for p in good] == ["a.json"]
    assert [(r.origin, r.reason.split(" (")[0]) for r in bad][0] == (
        "b.jsonl:2",
        "missing field 'text'",
    )
    assert [r.origin for r in bad] == ["b.jsonl:2", "c.bin", "d.json"]
    assert "must be a string" in bad[2].reason


def test_an_article_over_the_length_limit_is_rejected():
    bad = checked([Payload("big.txt", {"text": "x" * 11})], max_chars=10).bad
    assert "limit" in bad[0].reason


def test_payloads_go_out_under_the_schemas_names_and_undated_ones_are_counted():
    items = [
        Payload("a.jsonl:1", {"text": "A body.", "outlet": "CBC News", "when": "2019-01-07"}),
        Payload("a.jsonl:2", {"text": "Another body.", "outlet": "CBC News"}),
    ]
    result = checked(items, max_chars=1000, field_map={"when": "published_at"})
    assert [p.data for p in result.good] == [
        {"text": "A body.", "source": "CBC News", "published_at": "2019-01-07"},
        {"text": "Another body.", "source": "CBC News"},
    ]
    assert result.undated == 1


def test_a_batch_with_undated_articles_says_how_many_once():
    assert undated_note(0, 5) is None
    assert undated_note(2, 5).startswith("2 of 5 articles have no date")
    assert undated_note(5, 5).startswith("all articles have no date")
    assert "--field NAME=published_at" in undated_note(5, 5, extracted=True)
