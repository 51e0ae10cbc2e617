from services.ingest.dedup import (
    NEW,
    Fingerprint,
    Verdict,
    bands,
    decide,
    fingerprint,
    similarity,
)
from services.ingest.sources import parse_text


def body(fixture_bytes, name):
    return parse_text(fixture_bytes(f"republished/{name}").decode())["text"]


def test_same_words_with_other_spacing_case_and_punctuation_are_an_exact_match():
    a = fingerprint("The mayor said: “We are done.”\n\nThe vote was 7-4.")
    b = fingerprint("the MAYOR said we are done   the vote was 7 4")
    assert a.exact == b.exact


def test_republished_story_with_new_headline_and_trimmed_paragraph_is_a_near_duplicate(
    fixture_bytes,
):
    original = fingerprint(body(fixture_bytes, "original.txt"))
    republished = fingerprint(body(fixture_bytes, "republished.txt"))
    assert original.exact != republished.exact
    assert set(bands(original.minhash)) & set(bands(republished.minhash))
    verdict = decide(republished, exact_of=None, candidates={"first": original.minhash})
    assert verdict.kind == "near_duplicate" and verdict.of == "first"
    assert 0.75 < verdict.similarity < 1.0


def test_another_story_on_the_same_topic_is_not_a_near_duplicate(fixture_bytes):
    original = fingerprint(body(fixture_bytes, "original.txt"))
    other = fingerprint(body(fixture_bytes, "same_topic_other_story.txt"))
    assert similarity(original.minhash, other.minhash) < 0.2
    assert decide(other, exact_of=None, candidates={"first": original.minhash}) == NEW


def test_exact_match_is_a_duplicate_of_the_first_copy():
    fp = fingerprint("Short brief.")
    assert decide(fp, exact_of="first", candidates={}) == Verdict("duplicate", "first", 1.0)


def test_short_texts_get_no_signature_so_only_exact_copies_match():
    fp = fingerprint("Police closed Main Street on Monday after a water main broke.")
    assert fp.minhash == b"" and bands(fp.minhash) == []
    assert decide(fp, exact_of=None, candidates={"x": b""}) == NEW


def test_the_most_similar_candidate_wins_and_ties_go_to_the_smallest_id(fixture_bytes):
    original = fingerprint(body(fixture_bytes, "original.txt"))
    republished = fingerprint(body(fixture_bytes, "republished.txt"))
    candidates = {
        "b-copy": original.minhash,
        "a-copy": original.minhash,
        "near": republished.minhash,
    }
    assert decide(original, exact_of=None, candidates=candidates).of == "a-copy"


def test_fingerprint_is_deterministic_across_calls(fixture_bytes):
    text = body(fixture_bytes, "original.txt")
    assert fingerprint(text) == fingerprint(text)
    assert isinstance(fingerprint(text), Fingerprint) and len(fingerprint(text).minhash) == 128 * 4
