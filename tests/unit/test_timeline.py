from datetime import date

import pytest

from shared.timeline import BadDay, article_time, parse_day


@pytest.mark.parametrize(
    ("published_at", "day"),
    [
        ("2026-05-04", date(2026, 5, 4)),
        ("2026-05-04T10:00:00Z", date(2026, 5, 4)),
        ("2026-05-04T23:30:00-02:00", date(2026, 5, 5)),
        ("Mon, 04 May 2026 10:00:00 GMT", date(2026, 5, 4)),
    ],
)
def test_an_article_counts_on_the_utc_day_it_was_published(published_at, day):
    assert article_time(published_at, 0)[0] == day


@pytest.mark.parametrize("published_at", [None, "", "last Tuesday", "0001-01-01T00:00:00+01:00"])
def test_an_unparsable_publication_time_falls_back_to_the_given_time(published_at):
    assert article_time(published_at, 86_400_000) == (date(1970, 1, 2), 86_400_000)


def test_a_query_day_accepts_a_date_or_a_date_time_in_utc():
    assert parse_day("2026-05-04") == date(2026, 5, 4)
    assert parse_day("2026-05-04T23:00:00-05:00") == date(2026, 5, 5)


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "", "20260"])
def test_a_query_day_that_is_not_a_date_is_refused_naming_it(value):
    with pytest.raises(BadDay, match=repr(value).replace("(", r"\(")):
        parse_day(value)
