import asyncio

import pytest

from services.bench.corpus import EmptyCorpus, Source, build_corpus, halves
from services.ingest.dedup import fingerprint
from services.ingest.seen import MemorySeenIndex

WORDS = (
    "council harbour budget river school mayor ferry tunnel library station market bridge "
    "teacher nurse farmer painter winter summer morning evening lantern orchard meadow valley"
).split()


def story(number: int, paragraphs: int = 6) -> Source:
    """A hand-made article whose sentences differ from every other story's."""
    body = []
    for p in range(paragraphs):
        words = [WORDS[(number * 7 + p * 3 + k * 5) % len(WORDS)] for k in range(12)]
        sentence = " ".join(words)
        body.append(
            f"Story {number} part {p}: the {sentence} again {number}{p}. "
            f"Officials said the {words[3]} near the {words[8]} would wait {p} days."
        )
    return Source(f"Story {number}", "\n\n".join(body))


def verdicts(texts: list[str]) -> list[str]:
    async def check() -> list[str]:
        index = MemorySeenIndex()
        return [
            (await index.check_and_add(f"a{n}", "v1", fingerprint(text))).kind
            for n, text in enumerate(texts)
        ]

    return asyncio.run(check())


def test_the_corpus_has_the_asked_number_of_articles_with_distinct_ids():
    corpus = build_corpus([story(n) for n in range(4)], 10)
    ids = [payload["id"] for payload in corpus.payloads]
    assert len(ids) == 10
    assert len(set(ids)) == 10


def test_ingest_takes_every_article_of_the_corpus_for_a_new_story():
    corpus = build_corpus([story(n) for n in range(5)], 15)
    assert corpus.near_duplicates == 0
    assert set(verdicts([p["text"] for p in corpus.payloads])) == {"new"}


def test_later_articles_mix_the_halves_of_two_sources():
    sources = [story(n) for n in range(3)]
    corpus = build_corpus(sources, 4)
    spliced = corpus.payloads[3]["text"]
    first, second = halves(sources[0].text)
    assert spliced.startswith(first)
    assert any(halves(s.text)[1].strip() in spliced for s in sources[1:])


def test_copies_of_one_long_source_are_counted_as_near_duplicates():
    corpus = build_corpus([story(1, paragraphs=10)], 3)
    assert len(corpus.payloads) == 3
    assert corpus.near_duplicates == 2


def test_copies_of_a_short_source_differ_exactly_so_none_is_dropped():
    corpus = build_corpus([Source("Brief", "The mayor opened the bridge.")], 3)
    assert corpus.near_duplicates == 0
    assert len({p["text"] for p in corpus.payloads}) == 3


def test_no_source_is_an_error():
    with pytest.raises(EmptyCorpus):
        build_corpus([], 3)


def test_halves_cut_at_the_paragraph_break_nearest_the_middle():
    text = "One one.\n\nTwo two.\n\nThree three.\n\nFour four."
    first, second = halves(text)
    assert first + second == text
    assert first == "One one.\n\nTwo two.\n\n"


def test_halves_fall_back_to_sentences_when_there_are_no_line_breaks():
    first, second = halves("Alpha beta. Gamma delta. Epsilon zeta.")
    assert (first, second) == ("Alpha beta. Gamma delta. ", "Epsilon zeta.")


def test_a_text_without_any_break_is_not_cut():
    assert halves("just words") == ("just words", "")
