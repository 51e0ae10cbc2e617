"""The scorer on hand-made gold and predictions."""

import pytest

from services.evaluation.gold import GoldArticle, GoldQuote
from services.evaluation.matching import coverage, match
from services.evaluation.names import names_speaker, same_name
from services.evaluation.report import as_dict, as_table
from services.evaluation.scores import score
from shared.records import ArticleRecord, Entity, Quote

TEXT = "x" * 300


def gold(*quotes: tuple[int, int, str, str], people: list[str] | None = None) -> GoldArticle:
    return GoldArticle(
        id="a",
        text=TEXT,
        url=None,
        people=people or [],
        quotes=[
            GoldQuote(text=TEXT[s:e], start=s, end=e, kind=k, reference=r) for s, e, k, r in quotes
        ],
    )


def record(*quotes: tuple[int, int, str | None], people: list[str] | None = None) -> ArticleRecord:
    return ArticleRecord(
        id="a",
        text=TEXT,
        quotes=[
            Quote(text=TEXT[s:e], start=s, end=e, kind="direct", speaker_name=n)
            for s, e, n in quotes
        ],
        entities=[Entity(id=f"p{i}", name=n, type="PERSON") for i, n in enumerate(people or [])],
    )


def test_coverage_is_the_share_of_the_gold_span_predicted():
    assert coverage((0, 50), (0, 100)) == 0.5
    assert coverage((200, 300), (0, 100)) == 0.0


def test_one_prediction_matches_one_gold_quote_only():
    matched = match([(0, 100)], [(0, 50), (50, 100)], 0.3)
    assert len(matched) == 1


def test_a_short_overlap_counts_at_0_3_but_not_at_0_8():
    scores = score([(gold((0, 100, "direct", "Ann Lee")), record((0, 50, "Ann Lee")))])
    assert scores.quotes[0.3].f1 == 1.0
    assert scores.quotes[0.8].true_positives == 0


def test_precision_and_recall_count_misses_and_false_positives():
    pairs = [
        (
            gold((0, 100, "direct", "A B"), (150, 200, "indirect", "A B")),
            record((0, 100, "A B"), (210, 290, None)),
        )
    ]
    prf = score(pairs).quotes[0.3]
    assert (prf.precision, prf.recall) == (0.5, 0.5)


def test_recall_by_kind_uses_the_gold_kind():
    pairs = [
        (gold((0, 100, "direct", "A B"), (150, 200, "indirect", "A B")), record((0, 100, "A B")))
    ]
    assert score(pairs).recall_by_kind == {"direct": 1.0, "indirect": 0.0}


def test_speaker_accuracy_needs_the_full_name_not_a_pronoun_or_surname():
    pairs = [
        (
            gold(
                (0, 50, "direct", "Janet Yellen"),
                (60, 100, "direct", "Janet Yellen"),
                (110, 150, "direct", "Janet Yellen"),
            ),
            record((0, 50, "Janet Yellen"), (60, 100, "Yellen"), (110, 150, None)),
        )
    ]
    scores = score(pairs)
    assert scores.speaker_matched == 3
    assert scores.speaker_accuracy == pytest.approx(1 / 3)


def test_speaker_names_ignore_titles_case_and_accents():
    assert names_speaker("Dr. José Álvarez", "jose alvarez")
    assert names_speaker("Harry J. Kazianis", "Harry Kazianis")
    assert not names_speaker("Mary Nicholson", "Trevor Nicholson")
    assert not names_speaker("Trevor", "Trevor Nicholson")


def test_people_are_micro_averaged_over_articles():
    pairs = [
        (gold(people=["Ann Lee", "Bo Horvat"]), record(people=["Ann Lee", "Horvat"])),
        (gold(people=["Kim Jong-un"]), record(people=["Kim Jong-un"])),
    ]
    people = score(pairs).people
    assert (people.true_positives, people.predicted, people.gold) == (2, 3, 3)
    assert same_name("Mr. Ross Porter", "Ross Porter")


def test_reports_name_every_measure():
    scores = score([(gold((0, 100, "direct", "A B")), record((0, 100, "A B")))])
    row = as_dict(scores)
    for key in ("quote_f1_03", "quote_f1_08", "speaker_accuracy", "people_f1", "recall_by_kind"):
        assert key in row
    assert "quotes @ 0.3" in as_table(scores)
