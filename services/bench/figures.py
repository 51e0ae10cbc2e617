"""The benchmark's figures: measurements in, one flat dict of named numbers out. No I/O.

Units are in the names: `_s` seconds, `_ms` milliseconds, `_mb` MiB, `_per_s` per second.
"CPU" is user + system time of every process involved (for the pipeline: each worker and
Redis), so "cores used" is CPU seconds per wall second."""

from dataclasses import dataclass, field
from typing import Any

from services.bench.stats import per_item, per_second, percentile, ratio

MB = 1024 * 1024


@dataclass
class Throughput:
    """One pipeline run: `articles` published at once to running workers."""

    workers: int  # entities and quotes processes each
    published: int
    enriched: int
    aggregated: int
    dead_lettered: int
    wall_s: float  # first publish -> last aggregates.updates entry
    cpu_s: float  # every worker process plus Redis, over the run
    redis_cpu_s: float
    redis_grown_bytes: int = 0  # used_memory after the run (and the trim) minus before it
    enriched_bytes: int = 0  # of which the output stream, kept for `rebuild` by default
    cpu_s_by_stage: dict[str, float] = field(default_factory=dict)  # worker CPU per stage
    peak_rss_bytes: dict[str, int] = field(default_factory=dict)

    @property
    def dropped(self) -> int:
        """Published but never enriched nor dead-lettered (ingest took them for duplicates)."""
        return self.published - self.enriched - self.dead_lettered

    @property
    def articles_per_s(self) -> float:
        return per_second(self.enriched, self.wall_s)

    @property
    def cpu_s_per_article(self) -> float:
        return per_item(self.cpu_s, self.enriched)

    @property
    def cores_used(self) -> float:
        return self.cpu_s / self.wall_s if self.wall_s > 0 else 0.0


def _r(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def single_process(
    prefix: str, run: dict[str, Any], *, rate_prefix: str | None = None
) -> dict[str, Any]:
    """Figures of a one-process run (`bare.main` / `extract.main` output); the articles/s
    figure is named with `rate_prefix` when given (`bare_nlp_articles_per_s`)."""
    articles = int(run["articles"])
    return {
        f"{rate_prefix or prefix}_articles_per_s": _r(per_second(articles, run["wall_s"])),
        f"{prefix}_cpu_s_per_article": _r(per_item(run["cpu_s"], articles), 4),
        f"{prefix}_peak_rss_mb": _r((run.get("peak_rss_bytes") or 0) / MB, 1),
    }


def archive_write(extract: dict[str, Any], bare: dict[str, Any]) -> dict[str, Any]:
    """The archive's write cost per article (measured in the extract process, after its
    articles) against the parse: the bare run's (a) and, side by side in the same process,
    the whole of `extract` (parse and extraction)."""
    if "archive_cpu_s" not in extract:
        return {}
    written = max(1, int(extract.get("archive_articles") or extract["articles"]))
    per = extract["archive_cpu_s"] / written
    return {
        "archive_write_articles": written,
        "archive_write_cpu_ms_per_article": _r(per * 1000, 3),
        "archive_write_wall_ms_per_article": _r(extract["archive_wall_s"] / written * 1000, 3),
        "archive_write_vs_parse": _r(per / max(per_item(bare["cpu_s"], bare["articles"]), 1e-9), 4),
        "archive_write_vs_extract": _r(
            per / max(extract["cpu_s"] / max(1, int(extract["articles"])), 1e-9), 4
        ),
    }


def least_cpu(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Of several one-process runs of the same thing, the one other load disturbed least (the
    lowest CPU per article: contention on a shared machine only ever adds CPU time)."""
    return min(runs, key=lambda run: per_item(run["cpu_s"], int(run["articles"])))


def rounds(
    bare: list[dict[str, Any]], same_parse: list[dict[str, Any]], singles: list[Throughput]
) -> dict[str, Any]:
    """Every round's CPU per article of (a), (a') and (c) with one process per stage: the
    figures use the least disturbed of each; these show how far apart the rounds were."""
    return {
        "bare_cpu_s_per_article_rounds": [
            _r(per_item(run["cpu_s"], int(run["articles"])), 4) for run in bare
        ],
        "bare_newsflow_cpu_s_per_article_rounds": [
            _r(per_item(run["cpu_s"], int(run["articles"])), 4) for run in same_parse
        ],
        "pipeline_cpu_s_per_article_rounds": [_r(run.cpu_s_per_article, 4) for run in singles],
    }


def paired(pairs: list[tuple[Throughput, dict[str, Any]]]) -> dict[str, Any]:
    """(c) with one process per stage and (a) run back to back over the same articles, a few
    times (each side first in every other pair): each pair's CPU per article ratio, and their
    median (the target's figure). Other load on a shared machine comes and goes over minutes
    (the same bare parse took 0.19 and 0.32 CPU-s per article in two rounds of one run), so
    two runs minutes apart compare the machine's moods as much as the pipeline and the parse;
    a pair a few seconds apart does not."""
    pipeline_cpu = [run.cpu_s_per_article for run, _ in pairs]
    bare_cpu = [per_item(bare["cpu_s"], int(bare["articles"])) for _, bare in pairs]
    ratios = [ratio(c, a) for c, a in zip(pipeline_cpu, bare_cpu, strict=True)]
    measured = [value for value in ratios if value is not None]
    return {
        "paired_pipeline_vs_bare_cpu_per_article": _r(percentile(measured, 50))
        if measured
        else None,
        "paired_ratios": [_r(value) for value in ratios],
        "paired_pipeline_cpu_s_per_article": [_r(value, 4) for value in pipeline_cpu],
        "paired_bare_cpu_s_per_article": [_r(value, 4) for value in bare_cpu],
    }


def pipeline(
    main: Throughput, bare: dict[str, Any], same_parse: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Figures of the main pipeline run (one process per stage) against the bare parse (the
    model as shipped), and against `same_parse` (bare, the model loaded as the workers do)."""
    bare_cpu = per_item(bare["cpu_s"], int(bare["articles"]))
    figures: dict[str, Any] = {
        "pipeline_articles_per_s": _r(main.articles_per_s),
        "pipeline_cpu_s_per_article": _r(main.cpu_s_per_article, 4),
        "pipeline_cores_used": _r(main.cores_used, 2),
        "pipeline_redis_cpu_s_per_article": _r(per_item(main.redis_cpu_s, main.enriched), 5),
        **{
            f"pipeline_{stage}_cpu_s_per_article": _r(per_item(used, main.enriched), 5)
            for stage, used in main.cpu_s_by_stage.items()
        },
        # per core used: bare articles per CPU-s over pipeline articles per CPU-s
        "pipeline_vs_bare_per_core": _r(ratio(bare_cpu, main.cpu_s_per_article)),
        "pipeline_vs_bare_cpu_per_article": _r(ratio(main.cpu_s_per_article, bare_cpu)),
        "pipeline_vs_bare_throughput": _r(
            ratio(main.articles_per_s, per_second(int(bare["articles"]), bare["wall_s"]))
        ),
        "pipeline_dropped_as_duplicates": main.dropped,
        "pipeline_dead_lettered": main.dead_lettered,
        "redis_mb_per_1000_articles_retained": _r(
            per_item(main.redis_grown_bytes, main.published) * 1000 / MB, 2
        ),
        "redis_mb_per_1000_articles_enriched_stream": _r(
            per_item(main.enriched_bytes, main.published) * 1000 / MB, 2
        ),
    }
    if same_parse:
        same_cpu = per_item(same_parse["cpu_s"], int(same_parse["articles"]))
        figures["pipeline_vs_same_parse_cpu_per_article"] = _r(
            ratio(main.cpu_s_per_article, same_cpu)
        )
    bare_rss = bare.get("peak_rss_bytes") or 0
    for stage, peak in sorted(main.peak_rss_bytes.items()):
        figures[f"peak_rss_mb_{stage}_worker"] = _r(peak / MB, 1)
    figures["nlp_worker_rss_vs_bare"] = _r(ratio(main.peak_rss_bytes.get("entities", 0), bare_rss))
    return figures


def scaling(runs: list[Throughput], bare: dict[str, Any]) -> dict[str, Any]:
    bare_per_s = per_second(int(bare["articles"]), bare["wall_s"])
    rows = [
        {
            "workers": run.workers,
            "articles_per_s": _r(run.articles_per_s),
            "cpu_s_per_article": _r(run.cpu_s_per_article, 4),
            "cores_used": _r(run.cores_used, 2),
            "vs_bare": _r(ratio(run.articles_per_s, bare_per_s)),
        }
        for run in runs
    ]
    best = max((run.articles_per_s for run in runs), default=0.0)
    return {"pipeline_max_articles_per_s": _r(best), "scaling": rows}


def latency(
    enriched_ms: dict[str, int],
    aggregated_ms: dict[str, int],
    rate: float,
    own_cpu_ms: dict[str, float],
    single_wall_ms: list[float] | None = None,
) -> dict[str, Any]:
    """Latency percentiles at `rate` (article id -> ms), set against single-article processing
    time: each article's CPU ms in the one-process extract run (`own_cpu_ms`; CPU, not wall
    time, so that other load on the machine during that run does not inflate it).

    `latency_p99_vs_single_p99` sets each percentile against the same percentile of the
    single-article times (the slowest 1 % of latencies are the longest articles' latencies);
    `latency_p99_vs_single_p50` compares with a typical article; `latency_over_own_p99` is the
    p99 of each article's latency over its *own* processing time (long articles take long)."""
    figures: dict[str, Any] = {
        "latency_publish_rate_per_s": _r(rate),
        "latency_articles": len(enriched_ms),
    }
    for name, samples in (("latency", enriched_ms), ("aggregated_latency", aggregated_ms)):
        values = list(samples.values())
        for q in (50, 95, 99):
            figures[f"{name}_p{q}_ms"] = _r(percentile(values, q), 1) if values else None
    if single_wall_ms:
        figures["single_article_wall_p50_ms"] = _r(percentile(single_wall_ms, 50), 1)
    mine = [own_cpu_ms[id_] for id_ in enriched_ms if own_cpu_ms.get(id_)]
    if not mine:
        return figures
    single_p50, single_p99 = percentile(mine, 50), percentile(mine, 99)
    figures["single_article_cpu_p50_ms"] = _r(single_p50, 1)
    figures["single_article_cpu_p99_ms"] = _r(single_p99, 1)
    figures["latency_p99_vs_single_p50"] = _r(ratio(figures["latency_p99_ms"], single_p50), 2)
    figures["latency_p99_vs_single_p99"] = _r(ratio(figures["latency_p99_ms"], single_p99), 2)
    over_own = [ms / own_cpu_ms[id_] for id_, ms in enriched_ms.items() if own_cpu_ms.get(id_)]
    figures["latency_over_own_p50"] = _r(percentile(over_own, 50), 2)
    figures["latency_over_own_p99"] = _r(percentile(over_own, 99), 2)
    return figures


def public_form(costs: dict[str, Any], main: Throughput) -> dict[str, Any]:
    """The plain form of `articles.enriched` against FastStream's envelope (`bench.public_form`
    measurements): Redis memory per 1,000 records, writing and reading CPU per record, and the
    quotes worker's CPU per article in each form. The pipeline ran once, in the plain form; its
    quotes worker's CPU in the envelope form is that figure with the measured difference in
    writing a record put back (the one step that differs)."""
    plain_rounds, envelope_rounds = (
        costs["plain_write_cpu_ms_rounds"],
        costs["envelope_write_cpu_ms_rounds"],
    )
    write = {"plain": percentile(plain_rounds, 50), "envelope": percentile(envelope_rounds, 50)}
    quotes_plain = per_item(main.cpu_s_by_stage.get("quotes", 0.0), main.enriched)
    quotes_envelope = quotes_plain + (write["envelope"] - write["plain"]) / 1000
    figures: dict[str, Any] = {"public_form_records": costs["records"]}
    for form in ("plain", "envelope"):
        figures[f"enriched_{form}_redis_mb_per_1000_records"] = _r(
            costs[f"{form}_bytes_per_record"] * 1000 / MB, 3
        )
        figures[f"enriched_{form}_write_cpu_ms_per_record"] = _r(write[form], 4)
        figures[f"enriched_{form}_read_cpu_ms_per_record"] = _r(costs[f"{form}_read_cpu_ms"], 4)
    figures.update(
        {
            "enriched_plain_vs_envelope_memory": _r(
                ratio(costs["plain_bytes_per_record"], costs["envelope_bytes_per_record"])
            ),
            "enriched_plain_vs_envelope_write_cpu": _r(ratio(write["plain"], write["envelope"])),
            "enriched_plain_vs_envelope_write_cpu_rounds": [
                _r(ratio(p, e)) for p, e in zip(plain_rounds, envelope_rounds, strict=True)
            ],
            "enriched_plain_vs_envelope_read_cpu": _r(
                ratio(costs["plain_read_cpu_ms"], costs["envelope_read_cpu_ms"])
            ),
            "quotes_cpu_s_per_article_plain": _r(quotes_plain, 5),
            "quotes_cpu_s_per_article_envelope": _r(quotes_envelope, 5),
            "quotes_plain_vs_envelope_cpu": _r(ratio(quotes_plain, quotes_envelope)),
        }
    )
    return figures
