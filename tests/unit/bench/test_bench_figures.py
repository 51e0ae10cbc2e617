import pytest

from services.bench.figures import MB, Throughput, latency, pipeline, scaling, single_process

BARE = {"articles": 100, "wall_s": 25.0, "cpu_s": 24.0, "peak_rss_bytes": 400 * MB}


def run(**changes: object) -> Throughput:
    fields: dict = dict(
        workers=1,
        published=100,
        enriched=100,
        aggregated=100,
        dead_lettered=0,
        wall_s=30.0,
        cpu_s=30.0,
        redis_cpu_s=0.5,
        redis_grown_bytes=20 * MB,
        enriched_bytes=15 * MB,
        peak_rss_bytes={"entities": 440 * MB, "quotes": 150 * MB},
    )
    fields.update(changes)
    return Throughput(**fields)


def test_bare_figures_carry_the_contract_names():
    figures = single_process("bare", BARE, rate_prefix="bare_nlp")
    assert figures["bare_nlp_articles_per_s"] == 4.0
    assert figures["bare_cpu_s_per_article"] == 0.24
    assert figures["bare_peak_rss_mb"] == 400.0


def test_per_core_ratio_compares_articles_per_cpu_second():
    figures = pipeline(run(cpu_s=30.0), BARE)
    assert figures["pipeline_cpu_s_per_article"] == 0.3
    assert figures["pipeline_vs_bare_per_core"] == pytest.approx(0.8)
    assert figures["pipeline_cores_used"] == 1.0


def test_the_nlp_worker_memory_is_compared_with_the_bare_process():
    figures = pipeline(run(), BARE)
    assert figures["peak_rss_mb_entities_worker"] == 440.0
    assert figures["nlp_worker_rss_vs_bare"] == pytest.approx(1.1)


def test_articles_neither_enriched_nor_dead_lettered_count_as_dropped():
    assert run(enriched=97, dead_lettered=1).dropped == 2


def test_throughput_counts_enriched_articles_only():
    assert run(enriched=90, wall_s=30.0).articles_per_s == 3.0


def test_redis_memory_is_reported_per_thousand_articles():
    figures = pipeline(run(), BARE)
    assert figures["redis_mb_per_1000_articles_retained"] == 200.0
    assert figures["redis_mb_per_1000_articles_enriched_stream"] == 150.0


def test_the_pipeline_is_set_against_the_bare_parse_both_stock_and_as_loaded():
    same_parse = {**BARE, "cpu_s": 20.0}
    figures = pipeline(run(cpu_s=30.0), BARE, same_parse)
    assert figures["pipeline_vs_bare_cpu_per_article"] == pytest.approx(1.25)
    assert figures["pipeline_vs_same_parse_cpu_per_article"] == pytest.approx(1.5)
    assert "pipeline_vs_same_parse_cpu_per_article" not in pipeline(run(), BARE)


def test_scaling_keeps_the_best_throughput():
    figures = scaling([run(), run(workers=2, wall_s=15.0)], BARE)
    assert figures["pipeline_max_articles_per_s"] == pytest.approx(6.667, abs=1e-3)
    assert [row["workers"] for row in figures["scaling"]] == [1, 2]


def test_latency_is_set_against_one_article_processing_time():
    enriched = {"a": 100, "b": 200, "c": 300}
    figures = latency(enriched, {"a": 110}, 2.0, {"a": 150.0, "b": 150.0, "c": 150.0}, [400.0])
    assert figures["latency_p50_ms"] == 200.0
    assert figures["latency_p99_ms"] == pytest.approx(298.0)
    assert figures["latency_p99_vs_single_p50"] == pytest.approx(1.99)


def test_latency_p99_is_also_set_against_the_single_article_p99():
    enriched = {str(n): 100 + n for n in range(100)}  # latencies 100..199 ms
    own = {str(n): 50.0 + n for n in range(100)}  # processing 50..149 ms
    figures = latency(enriched, {}, 2.0, own)
    assert figures["single_article_cpu_p99_ms"] == pytest.approx(148.0, abs=0.1)
    assert figures["latency_p99_vs_single_p99"] == pytest.approx(198.0 / 148.0, abs=0.01)


def test_each_article_latency_is_divided_by_its_own_processing_time():
    enriched = {"short": 100, "long": 900}
    figures = latency(enriched, {}, 2.0, {"short": 50.0, "long": 600.0})
    assert figures["latency_over_own_p50"] == pytest.approx(1.75)
    assert figures["latency_over_own_p99"] == pytest.approx(2.0, abs=0.01)


def test_latency_without_samples_is_reported_as_not_measured():
    assert latency({}, {}, 2.0, {})["latency_p99_ms"] is None


def test_worker_cpu_is_broken_down_per_stage():
    figures = pipeline(run(cpu_s_by_stage={"entities": 25.0, "quotes": 2.0}), BARE)
    assert figures["pipeline_entities_cpu_s_per_article"] == 0.25
    assert figures["pipeline_quotes_cpu_s_per_article"] == 0.02


def test_of_repeated_runs_the_least_disturbed_one_counts():
    from services.bench.figures import least_cpu, rounds

    slow, fast = {**BARE, "cpu_s": 30.0}, {**BARE, "cpu_s": 22.0}
    assert least_cpu([slow, fast]) is fast
    figures = rounds([slow, fast], [fast], [run(cpu_s=33.0), run(cpu_s=27.0)])
    assert figures["bare_cpu_s_per_article_rounds"] == [0.3, 0.22]
    assert figures["bare_newsflow_cpu_s_per_article_rounds"] == [0.22]
    assert figures["pipeline_cpu_s_per_article_rounds"] == [0.33, 0.27]


def test_paired_rounds_give_each_ratio_and_their_median():
    from services.bench.figures import paired

    pairs = [
        (run(enriched=25, cpu_s=7.5), {"articles": 25, "cpu_s": 6.25}),  # 0.30 / 0.25
        (run(enriched=25, cpu_s=10.0), {"articles": 25, "cpu_s": 8.0}),  # 0.40 / 0.32
        (run(enriched=25, cpu_s=5.5), {"articles": 25, "cpu_s": 5.0}),  # 0.22 / 0.20
    ]
    figures = paired(pairs)
    assert figures["paired_ratios"] == [1.2, 1.25, 1.1]
    assert figures["paired_pipeline_vs_bare_cpu_per_article"] == 1.2
    assert figures["paired_pipeline_cpu_s_per_article"] == [0.3, 0.4, 0.22]
    assert figures["paired_bare_cpu_s_per_article"] == [0.25, 0.32, 0.2]


def test_no_paired_rounds_is_reported_as_not_measured():
    from services.bench.figures import paired

    assert paired([])["paired_pipeline_vs_bare_cpu_per_article"] is None
