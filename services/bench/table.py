"""The benchmark's figures as a plain-text report. No I/O."""

from collections.abc import Sequence
from typing import Any

#: (label, key, unit) in the order a reader wants them
ROWS: tuple[tuple[str, str, str], ...] = (
    ("(a) bare nlp.pipe", "bare_nlp_articles_per_s", "articles/s"),
    ("(a) bare CPU", "bare_cpu_s_per_article", "CPU-s/article"),
    ("(a) bare CPU, each round", "bare_cpu_s_per_article_rounds", "CPU-s/article"),
    ("(a) bare peak RSS", "bare_peak_rss_mb", "MiB"),
    ("(a') bare, model loaded as the workers do", "bare_newsflow_articles_per_s", "articles/s"),
    ("(a') CPU", "bare_newsflow_cpu_s_per_article", "CPU-s/article"),
    ("(a') CPU, each round", "bare_newsflow_cpu_s_per_article_rounds", "CPU-s/article"),
    ("(a') matrix products in (NEWSFLOW_MATMUL)", "bare_newsflow_matmul", ""),
    ("(b) newsflow extract", "extract_articles_per_s", "articles/s"),
    ("(b) extract CPU", "extract_cpu_s_per_article", "CPU-s/article"),
    ("archive write CPU", "archive_write_cpu_ms_per_article", "ms/article"),
    ("archive write / bare parse CPU", "archive_write_vs_parse", "×"),
    ("(c) pipeline, 1 process per stage", "pipeline_articles_per_s", "articles/s"),
    ("(c) pipeline CPU (workers + Redis)", "pipeline_cpu_s_per_article", "CPU-s/article"),
    ("(c) CPU, each round", "pipeline_cpu_s_per_article_rounds", "CPU-s/article"),
    ("(c)   of which ingest worker", "pipeline_ingest_cpu_s_per_article", "CPU-s/article"),
    ("(c)   of which entities worker", "pipeline_entities_cpu_s_per_article", "CPU-s/article"),
    ("(c)   of which quotes worker", "pipeline_quotes_cpu_s_per_article", "CPU-s/article"),
    ("(c)   of which aggregate worker", "pipeline_aggregate_cpu_s_per_article", "CPU-s/article"),
    ("(c)   of which Redis", "pipeline_redis_cpu_s_per_article", "CPU-s/article"),
    ("(c) cores used", "pipeline_cores_used", "cores"),
    ("(c)/(a) CPU/article, paired [target <= 1.1]", "paired_pipeline_vs_bare_cpu_per_article", "x"),
    ("(c)/(a) each pair", "paired_ratios", "x"),
    ("(c) each pair", "paired_pipeline_cpu_s_per_article", "CPU-s/article"),
    ("(a) each pair", "paired_bare_cpu_s_per_article", "CPU-s/article"),
    ("(c)/(a) per core used (least-CPU rounds)", "pipeline_vs_bare_per_core", "x"),
    ("(c)/(a) CPU per article (least-CPU rounds)", "pipeline_vs_bare_cpu_per_article", "x"),
    ("(c)/(a') CPU per article (own cost)", "pipeline_vs_same_parse_cpu_per_article", "x"),
    ("(c)/(a) throughput", "pipeline_vs_bare_throughput", "x"),
    ("(c) dropped as duplicates", "pipeline_dropped_as_duplicates", "articles"),
    ("(c) dead-lettered", "pipeline_dead_lettered", "articles"),
    ("peak RSS ingest worker", "peak_rss_mb_ingest_worker", "MiB"),
    ("peak RSS entities worker", "peak_rss_mb_entities_worker", "MiB"),
    ("peak RSS quotes worker", "peak_rss_mb_quotes_worker", "MiB"),
    ("peak RSS aggregate worker", "peak_rss_mb_aggregate_worker", "MiB"),
    ("entities RSS / bare [target <= 1.2]", "nlp_worker_rss_vs_bare", "x"),
    ("Redis memory, 1000 articles in flight", "redis_mb_per_1000_articles_in_flight", "MiB"),
    ("Redis memory, 1000 articles, after trim", "redis_mb_per_1000_articles_retained", "MiB"),
    ("  of which articles.enriched (kept)", "redis_mb_per_1000_articles_enriched_stream", "MiB"),
    ("articles.enriched plain form, Redis", "enriched_plain_redis_mb_per_1000_records", "MiB/1000"),
    ("  FastStream envelope, Redis", "enriched_envelope_redis_mb_per_1000_records", "MiB/1000"),
    ("  plain / envelope, Redis memory", "enriched_plain_vs_envelope_memory", "x"),
    ("  plain form, write CPU", "enriched_plain_write_cpu_ms_per_record", "ms/record"),
    ("  envelope, write CPU", "enriched_envelope_write_cpu_ms_per_record", "ms/record"),
    ("  plain / envelope, write CPU", "enriched_plain_vs_envelope_write_cpu", "x"),
    ("  plain / envelope, each round", "enriched_plain_vs_envelope_write_cpu_rounds", "x"),
    ("  plain / envelope, read CPU", "enriched_plain_vs_envelope_read_cpu", "x"),
    ("quotes worker CPU, plain form (measured)", "quotes_cpu_s_per_article_plain", "CPU-s/article"),
    ("quotes worker CPU, envelope (derived)", "quotes_cpu_s_per_article_envelope", "CPU-s/article"),
    ("quotes worker CPU plain / envelope", "quotes_plain_vs_envelope_cpu", "x"),
    ("latency publish rate (half max)", "latency_publish_rate_per_s", "articles/s"),
    ("latency p50 publish -> enriched", "latency_p50_ms", "ms"),
    ("latency p95", "latency_p95_ms", "ms"),
    ("latency p99", "latency_p99_ms", "ms"),
    ("latency p99 publish -> aggregated", "aggregated_latency_p99_ms", "ms"),
    ("single article p50, CPU (same articles)", "single_article_cpu_p50_ms", "ms"),
    ("single article p99, CPU (same articles)", "single_article_cpu_p99_ms", "ms"),
    ("single article p50, wall (extract)", "single_article_wall_p50_ms", "ms"),
    ("latency p99 / single p99 [target <= 2]", "latency_p99_vs_single_p99", "x"),
    ("latency p99 / single p50", "latency_p99_vs_single_p50", "x"),
    ("latency / own CPU time, p50", "latency_over_own_p50", "x"),
    ("latency / own CPU time, p99", "latency_over_own_p99", "x"),
    ("ingest alone, plain text", "ingest_text_articles_per_cpu_s", "articles/CPU-s"),
    ("ingest alone, HTML pages", "ingest_html_articles_per_cpu_s", "articles/CPU-s"),
    ("aggregate apply", "aggregate_apply_articles_per_s", "articles/s"),
    ("aggregate apply p99", "aggregate_apply_p99_ms", "ms"),
    ("API top entities p99", "api_top_p99_ms", "ms"),
    *(
        row
        for name, label in (
            ("search", "/search (names)"),
            ("search_quote_words", "/search (quote words)"),
            ("quotes_speaker_source", "/quotes?speaker&source"),
            ("quotes_words", "/quotes?q&since&until"),
            ("articles", "/articles"),
            ("articles_source", "/articles?source"),
            ("articles_entity", "/articles?entity"),
        )
        for row in (
            (f"API {label} p50", f"api_{name}_p50_ms", "ms"),
            (f"API {label} p99", f"api_{name}_p99_ms", "ms"),
            (f"API {label} CPU per request", f"api_{name}_cpu_ms", "ms"),
        )
    ),
    ("API archive snapshot: first load", "api_snapshot_load_ms", "ms"),
    ("API archive snapshot: memory (DuckDB's count)", "api_snapshot_mb", "MB"),
)

SCALING_COLUMNS = ("workers", "articles_per_s", "cpu_s_per_article", "cores_used", "vs_bare")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return " ".join(_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def aligned(rows: Sequence[Sequence[str]], right_from: int = 1) -> list[str]:
    """Rows as lines of columns padded to the widest cell; columns from `right_from` on are
    right-aligned (numbers)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if i >= right_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def report(figures: dict[str, Any]) -> str:
    """The readable report: the main figures, then the scaling table. Figures that were not
    measured are left out (a row needs its key)."""
    head = [
        f"newsflow bench: {figures.get('corpus_articles')} articles "
        f"({figures.get('tokens_per_article')} tokens each on average, from "
        f"{figures.get('corpus_sources')} sources), {figures.get('cores')} cores",
        "",
    ]
    main = [(label, _cell(figures[key]), unit) for label, key, unit in ROWS if key in figures]
    lines = head + aligned([("figure", "value", "unit"), *main])
    scaling = figures.get("scaling") or []
    if scaling:
        rows = [SCALING_COLUMNS] + [
            tuple(_cell(row.get(column)) for column in SCALING_COLUMNS) for row in scaling
        ]
        lines += ["", "scaling (entities + quotes processes each; 1 ingest, 1 aggregate):"]
        lines += aligned(rows, right_from=0)
    return "\n".join(lines)


def api_report(figures: dict[str, Any]) -> str:
    """The `--api-only` report: the browsing routes' latencies."""
    head = [
        f"newsflow bench --api-only: {figures.get('api_browse_articles')} articles "
        f"(Redis + an archive of {figures.get('api_archive_files')} Parquet files), "
        "in-process requests",
        "",
    ]
    rows = [(label, _cell(figures[key]), unit) for label, key, unit in ROWS
            if key in figures and key.startswith("api_")]  # fmt: skip
    return "\n".join(head + aligned([("figure", "value", "unit"), *rows]))
