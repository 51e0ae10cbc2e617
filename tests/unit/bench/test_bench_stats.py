import pytest

from services.bench.stats import NoSamples, per_item, per_second, percentile, ratio


def test_median_of_an_even_count_interpolates_between_the_middle_two():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5


def test_percentile_0_and_100_are_the_minimum_and_maximum():
    samples = [7.0, 3.0, 9.0, 1.0]
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 100) == 9.0


def test_p99_of_101_evenly_spaced_samples_is_the_99th_value():
    assert percentile([float(n) for n in range(101)], 99) == 99.0


def test_p95_lies_between_the_neighbouring_ranks():
    assert percentile([10.0, 20.0], 95) == pytest.approx(19.5)


def test_one_sample_is_every_percentile():
    assert percentile([42.0], 50) == percentile([42.0], 99) == 42.0


def test_percentile_of_no_samples_is_an_error():
    with pytest.raises(NoSamples):
        percentile([], 50)


def test_percentile_outside_0_to_100_is_an_error():
    with pytest.raises(ValueError, match="101"):
        percentile([1.0], 101)


def test_rates_and_shares_are_zero_when_nothing_was_measured():
    assert per_second(10, 0.0) == 0.0
    assert per_item(3.0, 0) == 0.0
    assert ratio(1.0, 0.0) is None
    assert per_second(10, 4.0) == 2.5
    assert per_item(3.0, 4) == 0.75
