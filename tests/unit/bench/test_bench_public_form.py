"""The plain form's figures from its side-by-side measurements (no I/O)."""

from services.bench.figures import MB, Throughput, public_form


def costs() -> dict:
    return {
        "records": 200,
        "plain_bytes_per_record": 20_000.0,
        "envelope_bytes_per_record": 19_000.0,
        "plain_write_cpu_ms_rounds": [0.30, 0.20, 0.22],
        "envelope_write_cpu_ms_rounds": [0.25, 0.18, 0.20],
        "plain_read_cpu_ms": 0.3,
        "envelope_read_cpu_ms": 0.2,
    }


def run(quotes_cpu_s: float) -> Throughput:
    return Throughput(
        workers=1,
        published=10,
        enriched=10,
        aggregated=10,
        dead_lettered=0,
        wall_s=5.0,
        cpu_s=3.0,
        redis_cpu_s=0.1,
        cpu_s_by_stage={"quotes": quotes_cpu_s},
    )


def test_memory_per_thousand_records_and_the_ratio_of_the_two_forms():
    figures = public_form(costs(), run(0.2))
    assert figures["enriched_plain_redis_mb_per_1000_records"] == round(20_000 * 1000 / MB, 3)
    assert figures["enriched_plain_vs_envelope_memory"] == round(20_000 / 19_000, 3)


def test_write_cpu_is_the_median_round_and_each_rounds_ratio_is_kept():
    figures = public_form(costs(), run(0.2))
    assert figures["enriched_plain_write_cpu_ms_per_record"] == 0.22
    assert figures["enriched_envelope_write_cpu_ms_per_record"] == 0.2
    assert figures["enriched_plain_vs_envelope_write_cpu_rounds"] == [1.2, 1.111, 1.1]


def test_the_quotes_workers_envelope_cpu_puts_back_the_measured_writing_difference():
    figures = public_form(costs(), run(0.2))  # 0.02 CPU-s per article measured (plain)
    assert figures["quotes_cpu_s_per_article_plain"] == 0.02
    assert figures["quotes_cpu_s_per_article_envelope"] == round(0.02 - 0.00002, 5)
    assert figures["quotes_plain_vs_envelope_cpu"] == round(0.02 / 0.01998, 3)
