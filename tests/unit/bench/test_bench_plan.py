import pytest

from services.bench.plan import BadArticleCount, latency_rate, pipeline_first, plan, worker_counts


def test_one_core_scales_over_one_worker_only():
    assert worker_counts(1) == [1]


def test_two_cores_measure_one_and_two_workers():
    assert worker_counts(2) == [1, 2]


def test_counts_double_and_end_at_the_core_count():
    assert worker_counts(6) == [1, 2, 4, 6]
    assert worker_counts(8) == [1, 2, 4, 8]


def test_a_big_machine_runs_few_rounds():
    assert worker_counts(64) == [1, 2, 4, 8, 16, 32, 64]


def test_the_corpus_holds_a_burst_and_as_many_articles_for_the_latency_run():
    assert plan(100, 2).corpus_size == 200


def test_zero_articles_is_refused_with_the_number():
    with pytest.raises(BadArticleCount, match="got 0"):
        plan(0, 2)


def test_latency_is_measured_at_half_the_maximum_rate():
    assert latency_rate(4.0) == 2.0


def test_the_latency_articles_are_cut_into_eight_pairs_at_most():
    assert plan(100, 2).pair_slices() == [slice(n, n + 13) for n in range(0, 100, 13)]
    assert len(plan(100, 2).pair_slices()) == 8
    assert plan(10, 2).pair_slices() == [slice(n, n + 2) for n in range(0, 10, 2)]
    assert plan(2, 2).pair_slices() == [slice(0, 1), slice(1, 2)]


def test_pairs_alternate_which_side_runs_first():
    assert [pipeline_first(n) for n in range(4)] == [True, False, True, False]
