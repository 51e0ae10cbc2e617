from services.bench.table import aligned, report

FIGURES = {
    "corpus_articles": 4,
    "tokens_per_article": 120,
    "corpus_sources": 2,
    "cores": 2,
    "bare_nlp_articles_per_s": 4.25,
    "pipeline_articles_per_s": 3.9,
    "latency_p99_ms": 612.0,
    "pipeline_dropped_as_duplicates": 0,
    "scaling": [
        {
            "workers": 1,
            "articles_per_s": 3.9,
            "cpu_s_per_article": 0.25,
            "cores_used": 1.0,
            "vs_bare": 0.92,
        },
        {
            "workers": 2,
            "articles_per_s": 7.1,
            "cpu_s_per_article": 0.26,
            "cores_used": 1.9,
            "vs_bare": 1.67,
        },
    ],
}


def test_the_report_shows_each_measured_figure_with_its_unit():
    text = report(FIGURES)
    bare = next(line for line in text.splitlines() if line.startswith("(a) bare nlp.pipe"))
    assert bare.split()[-2:] == ["4.25", "articles/s"]
    assert "612" in next(line for line in text.splitlines() if line.startswith("latency p99"))


def test_figures_that_were_not_measured_are_left_out():
    assert "aggregate apply" not in report(FIGURES)


def test_a_zero_count_is_shown_not_skipped():
    line = next(line for line in report(FIGURES).splitlines() if "dropped" in line)
    assert line.split()[-2] == "0"


def test_the_scaling_table_has_one_row_per_worker_count():
    lines = report(FIGURES).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("workers")))
    rows = [line.split() for line in lines[start + 1 :]]
    assert [row[0] for row in rows] == ["1", "2"]
    assert rows[1][1] == "7.1"


def test_aligned_columns_line_up_under_their_header():
    lines = aligned([("name", "value"), ("a", "1"), ("longer", "12345")])
    assert len({len(line) for line in lines}) == 1
    assert lines[1].endswith("    1")


def test_every_round_of_a_repeated_figure_is_shown():
    text = report({**FIGURES, "pipeline_cpu_s_per_article_rounds": [0.3, 0.27]})
    line = next(line for line in text.splitlines() if line.startswith("(c) CPU, each round"))
    assert line.split()[-3:] == ["0.3", "0.27", "CPU-s/article"]
