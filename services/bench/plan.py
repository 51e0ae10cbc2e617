"""What a benchmark run measures, decided from the machine and the arguments. No I/O."""

from dataclasses import dataclass

#: the aggregate benchmark applies this many synthetic records per corpus article (kept small)
AGGREGATE_RECORDS_PER_ARTICLE = 10
AGGREGATE_RECORDS_MAX = 5_000
#: the query API's browsing figures: this many synthetic articles per corpus article, at most
#: API_RECORDS_MAX (the default run of 100 articles measures at 10,000)
API_RECORDS_PER_ARTICLE = 100
API_RECORDS_MAX = 10_000
#: (c) and (a) back to back over the same articles, this many times (see `figures.paired`)
PAIRS = 8


class BadArticleCount(ValueError):
    def __init__(self, count: int) -> None:
        super().__init__(f"--articles must be at least 1, got {count}")


def worker_counts(cores: int) -> list[int]:
    """Entities/quotes process counts to scale over: 1, 2, 4, ... and `cores` itself, so a
    64-core machine runs 7 rounds, not 64."""
    counts, count = [], 1
    while count < cores:
        counts.append(count)
        count *= 2
    return [*counts, max(1, cores)]


@dataclass(frozen=True)
class Plan:
    articles: int  # per throughput run; the latency run publishes as many others
    worker_counts: list[int]
    aggregate_records: int
    api_records: int = API_RECORDS_MAX

    @property
    def corpus_size(self) -> int:
        return 2 * self.articles

    def pair_slices(self) -> list[slice]:
        """The latency run's articles cut into (up to) `PAIRS` parts: one per paired round."""
        size = -(-self.articles // PAIRS)  # ceiling
        return [slice(start, start + size) for start in range(0, self.articles, size)]


def pipeline_first(pair: int) -> bool:
    """Whether paired round `pair` (from 0) runs (c) before (a): every other one, so that load
    rising or falling through the rounds weighs on both sides alike."""
    return pair % 2 == 0


def plan(articles: int, cores: int) -> Plan:
    if articles < 1:
        raise BadArticleCount(articles)
    records = min(AGGREGATE_RECORDS_MAX, max(100, AGGREGATE_RECORDS_PER_ARTICLE * articles))
    api = min(API_RECORDS_MAX, API_RECORDS_PER_ARTICLE * articles)
    return Plan(articles, worker_counts(cores), records, api)


def latency_rate(max_articles_per_s: float) -> float:
    """The steady publish rate of the latency run: half the measured maximum."""
    return max(max_articles_per_s / 2, 0.01)
