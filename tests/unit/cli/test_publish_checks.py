from services.cli.inputs import checked
from services.ingest.sources import Payload, Rejected


def test_good_payloads_pass_and_bad_ones_are_rejected_with_their_origin_and_reason():
    items = [
        Payload("a.json", {"text": "A body.", "title": "A"}),
        Payload("b.jsonl:2", {"title": "no body"}),
        Rejected("c.bin", "not UTF-8 text"),
        Payload("d.json", {"text": 7}),
    ]
    good, bad = checked(items, max_chars=1000)
    assert [p.origin for p in good] == ["a.json"]
    assert [(r.origin, r.reason.split(" (")[0]) for r in bad][0] == (
        "b.jsonl:2",
        "missing field 'text'",
    )
    assert [r.origin for r in bad] == ["b.jsonl:2", "c.bin", "d.json"]
    assert "must be a string" in bad[2].reason


def test_an_article_over_the_length_limit_is_rejected():
    _, bad = checked([Payload("big.txt", {"text": "x" * 11})], max_chars=10)
    assert "limit" in bad[0].reason
