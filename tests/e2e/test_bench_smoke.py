"""`newsflow bench` end to end on a tiny hand-written corpus: real worker processes, a private
Redis. Checks the report's shape and that the figures are sane, never how fast anything is."""

import json

import pytest

from services.cli.main import main
from services.runtime.embedded import NoRedisServer, find_redis_server

pytestmark = [pytest.mark.redis, pytest.mark.slow]

ARTICLES = {
    "harbour.txt": (
        "Harbour ferry returns\n\n"
        "The harbour ferry returned to service on Monday after a winter of repairs.\n\n"
        '"We are glad to have it back," said Maria Lopez, who runs the harbour office.\n\n'
        "Mayor Tom Baker said the council would pay for a second boat next year.\n\n"
        "Passengers waited in the rain for the first crossing at seven."
    ),
    "library.txt": (
        "Library opens late\n\n"
        "The town library will stay open until ten on weekdays, the board announced.\n\n"
        '"Students asked for quiet rooms in the evening," said Priya Nair, the head librarian.\n\n'
        "Board member James Okafor said the longer hours would cost little.\n\n"
        "The change starts in March and will be reviewed after a year."
    ),
    "orchard.txt": (
        "Orchard harvest falls\n\n"
        "Apple growers in the valley picked a third less fruit than last autumn.\n\n"
        '"The late frost hurt the blossom," said Henrik Larsen, who farms near the river.\n\n'
        "The growers' association said prices would rise in the shops.\n\n"
        "Some farmers plan to plant hardier trees on the higher slopes."
    ),
}


@pytest.fixture()
def corpus(tmp_path):
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_bench_reports_every_contract_figure_with_sane_values(corpus, capsys, monkeypatch):
    monkeypatch.delenv("NEWSFLOW_REDIS_URL", raising=False)
    code = main(["bench", "--corpus", str(corpus), "--articles", "2", "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    figures = json.loads(out[-1])
    for key in (
        "bare_nlp_articles_per_s",
        "pipeline_articles_per_s",
        "bare_cpu_s_per_article",
        "pipeline_cpu_s_per_article",
    ):
        assert figures[key] > 0, key
    assert 0 < figures["latency_p50_ms"] <= figures["latency_p99_ms"]
    assert figures["latency_articles"] == 2
    assert figures["pipeline_dropped_as_duplicates"] == 0
    assert figures["pipeline_dead_lettered"] == 0
    assert figures["peak_rss_mb_entities_worker"] > figures["peak_rss_mb_aggregate_worker"] > 0
    assert figures["redis_mb_per_1000_articles_in_flight"] > 0
    assert [row["workers"] for row in figures["scaling"]][0] == 1
    # (c) and (a) back to back over each of the latency run's two articles
    assert len(figures["paired_ratios"]) == 2
    assert figures["paired_pipeline_vs_bare_cpu_per_article"] > 0
    assert all(cpu > 0 for cpu in figures["paired_pipeline_cpu_s_per_article"])
    assert any(line.startswith("(a) bare nlp.pipe") for line in out)
    # the plain form of articles.enriched against FastStream's envelope, on the same records
    assert figures["public_form_records"] >= 200
    for form in ("plain", "envelope"):
        assert figures[f"enriched_{form}_redis_mb_per_1000_records"] > 0
        assert figures[f"enriched_{form}_write_cpu_ms_per_record"] > 0
    assert 0.5 < figures["enriched_plain_vs_envelope_memory"] < 2  # the same record either way
    assert len(figures["enriched_plain_vs_envelope_write_cpu_rounds"]) == 6
    assert figures["quotes_cpu_s_per_article_plain"] > 0
