"""Producers' field names: the common ones understood, any other mapped by the producer."""

import pytest

from services.ingest.field_names import renamed
from services.ingest.normalize import to_article
from shared.errors import InvalidArticle
from shared.settings import BadFieldMap, Settings, parse_field_map

LIMIT = 10_000
TEXT = "The council voted on Tuesday to replace the ageing ferry fleet, officials said."


@pytest.mark.parametrize("name", ["outlet", "publisher", "site_name"])
def test_an_outlet_under_a_common_name_is_the_source(name):
    assert to_article({"text": TEXT, name: "CBC News"}, max_chars=LIMIT).source == "CBC News"


def test_a_headline_is_the_title():
    assert to_article({"text": TEXT, "headline": "Ferries"}, max_chars=LIMIT).title == "Ferries"


@pytest.mark.parametrize("name", ["date", "pubDate", "publish_date", "publishedAt"])
def test_a_date_under_a_common_name_is_published_at(name):
    article = to_article({"text": TEXT, name: "2019-01-07"}, max_chars=LIMIT)
    assert article.published_at == "2019-01-07"


def test_an_rss_pub_date_becomes_iso_8601():
    article = to_article(
        {"text": TEXT, "pubDate": "Mon, 07 Jan 2019 10:00:00 GMT"}, max_chars=LIMIT
    )
    assert article.published_at == "2019-01-07T10:00:00+00:00"


def test_the_schemas_own_name_wins_over_a_common_one():
    payload = {"text": TEXT, "source": "Wire", "outlet": "CBC News", "date": "2019-01-01"}
    payload["published_at"] = "2019-02-02"
    article = to_article(payload, max_chars=LIMIT)
    assert (article.source, article.published_at) == ("Wire", "2019-02-02")


def test_a_blank_value_gives_way_to_the_next_name():
    article = to_article({"text": TEXT, "source": " ", "outlet": "CBC News"}, max_chars=LIMIT)
    assert article.source == "CBC News"


def test_a_source_object_with_a_name_gives_its_name():
    payload = {"text": TEXT, "source": {"id": None, "name": "BBC News"}}  # NewsAPI's shape
    assert to_article(payload, max_chars=LIMIT).source == "BBC News"


def test_a_producers_mapping_wins_over_the_schemas_name():
    payload = {"text": TEXT, "newspaper": "The Star", "source": "wire", "when": "2019-03-01"}
    mapping = {"newspaper": "source", "when": "published_at"}
    article = to_article(payload, max_chars=LIMIT, field_map=mapping)
    assert (article.source, article.published_at) == ("The Star", "2019-03-01")


def test_a_common_name_mapped_elsewhere_no_longer_means_its_common_field():
    payload = {"text": TEXT, "date": "a Tuesday", "published_at": None}
    article = to_article(payload, max_chars=LIMIT, field_map={"date": "author"})
    assert article.published_at is None


def test_a_bad_value_under_another_name_is_rejected_naming_both_names():
    with pytest.raises(InvalidArticle, match=r"field 'date' \(as 'published_at'\): not a date"):
        to_article({"text": TEXT, "date": "yesterday"}, max_chars=LIMIT)
    with pytest.raises(InvalidArticle, match=r"field 'outlet' \(as 'source'\) must be a string"):
        to_article({"text": TEXT, "outlet": 7}, max_chars=LIMIT)


def test_the_renamed_payload_keeps_unknown_fields_and_drops_the_names_it_read():
    result = renamed({"text": TEXT, "outlet": "CBC", "tags": ["x"]})
    assert result.fields == {"text": TEXT, "source": "CBC", "tags": ["x"]}
    assert result.given_as == {"source": "outlet"}


def test_renaming_twice_changes_nothing_more():
    once = renamed({"text": TEXT, "headline": "H", "pubDate": "2019-01-01"}).fields
    assert renamed(once).fields == once


def test_a_field_map_is_parsed_from_name_equals_field():
    assert parse_field_map(["newspaper=source", " when = published_at "]) == {
        "newspaper": "source",
        "when": "published_at",
    }


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("newspaper", "is not NAME=field"),
        ("=source", "is not NAME=field"),
        ("newspaper=paper", "'paper' is no article field"),
        ("title=source", "'title' is an article field already"),
    ],
)
def test_a_bad_field_map_says_what_is_wrong(spec, reason):
    with pytest.raises(BadFieldMap, match=reason):
        parse_field_map([spec])


def test_one_name_cannot_be_mapped_to_two_fields():
    with pytest.raises(BadFieldMap, match="mapped to 'source' already"):
        parse_field_map(["paper=source", "paper=title"])


def test_the_ingest_setting_reads_a_comma_separated_map(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_FIELD_MAP", "newspaper=source, when=published_at")
    assert Settings().field_map == {"newspaper": "source", "when": "published_at"}
