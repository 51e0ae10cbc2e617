"""Scores of predicted records against gold articles (rules of `../shared/eval/README.md`).

- quotes: precision/recall/F1 at 0.3 and 0.8 coverage of the gold span, one-to-one;
  recall by gold kind (at 0.3);
- speaker accuracy: share of the quotes matched at 0.3 whose `speaker_name` holds every token
  of the gold `reference` (titles dropped) and ends with its surname;
- people: PERSON entity names against gold people, micro-averaged over articles.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from services.evaluation.gold import GoldArticle
from services.evaluation.matching import match
from services.evaluation.names import names_speaker, same_name
from shared.records import ArticleRecord

THRESHOLDS = (0.3, 0.8)


@dataclass(frozen=True)
class PRF:
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    articles: int = 0
    quotes: dict[float, PRF] = field(default_factory=dict)
    recall_by_kind: dict[str, float] = field(default_factory=dict)
    gold_by_kind: dict[str, int] = field(default_factory=dict)
    speaker_correct: int = 0
    speaker_matched: int = 0
    people: PRF = PRF(0, 0, 0)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_matched if self.speaker_matched else 0.0


def score(pairs: Iterable[tuple[GoldArticle, ArticleRecord]]) -> Scores:
    """Score each (gold, prediction) pair of the same article, summed over articles."""
    hits = Counter[float]()
    predicted = gold_total = 0
    kind_gold, kind_hit = Counter[str](), Counter[str]()
    result = Scores()
    people_tp = people_pred = people_gold = 0
    for gold, record in pairs:
        result.articles += 1
        spans = [(q.start, q.end) for q in record.quotes]
        gold_spans = [
            (q.start, q.end) if q.start is not None and q.end is not None else None
            for q in gold.quotes
        ]
        predicted += len(spans)
        gold_total += len(gold_spans)
        for threshold in THRESHOLDS:
            matched = match(spans, gold_spans, threshold)
            hits[threshold] += len(matched)
            if threshold == THRESHOLDS[0]:
                for g, p in matched.items():
                    kind_hit[gold.quotes[g].kind] += 1
                    result.speaker_matched += 1
                    speaker = record.quotes[p].speaker_name
                    result.speaker_correct += names_speaker(speaker, gold.quotes[g].reference)
        kind_gold.update(q.kind for q in gold.quotes)
        tp, n_pred, n_gold = _people(gold.people, record)
        people_tp, people_pred, people_gold = (
            people_tp + tp,
            people_pred + n_pred,
            people_gold + n_gold,
        )
    result.quotes = {t: PRF(hits[t], predicted, gold_total) for t in THRESHOLDS}
    result.gold_by_kind = dict(kind_gold)
    result.recall_by_kind = {k: kind_hit[k] / n for k, n in sorted(kind_gold.items())}
    result.people = PRF(people_tp, people_pred, people_gold)
    return result


def _people(gold_names: list[str], record: ArticleRecord) -> tuple[int, int, int]:
    """(true positives, predicted, gold) for one article; each name counts once."""
    predicted = list(dict.fromkeys(e.name for e in record.entities if e.type == "PERSON"))
    gold = list(dict.fromkeys(gold_names))
    used: set[int] = set()
    tp = 0
    for name in gold:
        for i, guess in enumerate(predicted):
            if i not in used and same_name(guess, name):
                used.add(i)
                tp += 1
                break
    return tp, len(predicted), len(gold)
