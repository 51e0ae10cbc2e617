"""Metadata fields within their bounds: a producer's value over its bound or malformed is
rejected naming the field; a page's own metadata is shortened or dropped; the record models
hold the same bounds and keep only http(s) links."""

import pytest
from pydantic import ValidationError

from services.ingest.normalize import to_article
from shared.errors import InvalidArticle
from shared.records import MAX_SOURCE_CHARS, MAX_TITLE_CHARS, ArticleRecord

LIMIT = 10_000
TEXT = "The council voted on Tuesday to replace the ageing ferry fleet, officials said."


def article(**fields: str):
    return to_article({"text": TEXT, **fields}, max_chars=LIMIT)


@pytest.mark.parametrize(
    ("field", "size", "limit"),
    [("title", 2_000_000, "1,000"), ("source", 1_000_000, "300"), ("author", 5_000, "1,000")],
)
def test_an_overlong_field_from_the_producer_is_rejected_naming_it_and_its_limit(
    field, size, limit
):
    with pytest.raises(
        InvalidArticle, match=rf"field '{field}' is {size:,} characters, over the {limit} limit"
    ):
        article(**{field: "a" * size})


def test_a_url_over_4096_characters_is_rejected():
    with pytest.raises(InvalidArticle, match="field 'url' is"):
        article(url="https://example.com/?q=" + "a" * 5000)


def test_fields_at_their_bounds_are_kept_as_given():
    kept = article(title="t" * MAX_TITLE_CHARS, source="s" * MAX_SOURCE_CHARS, author="a" * 1000)
    assert len(kept.title) == MAX_TITLE_CHARS and len(kept.source or "") == MAX_SOURCE_CHARS


@pytest.mark.parametrize(
    "value", ["99999-99-99T99:99:99Z", "2026-02-30", "yesterday", "2026-13-01T00:00:00Z", "9" * 80]
)
def test_a_published_at_that_is_not_a_real_date_time_is_rejected_with_the_reason(value):
    with pytest.raises(InvalidArticle, match="field 'published_at'"):
        article(published_at=value)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-03-14", "2026-03-14"),
        (" 2026-03-14T18:42:00Z ", "2026-03-14T18:42:00Z"),
        ("2026-03-14T18:42:00.123+05:30", "2026-03-14T18:42:00.123+05:30"),
        ("Sat, 14 Mar 2026 18:42:00 GMT", "2026-03-14T18:42:00+00:00"),
    ],
)
def test_real_dates_are_kept_and_rfc_2822_becomes_iso_8601(given, stored):
    assert article(published_at=given).published_at == stored


@pytest.mark.parametrize("tag", ["English (UK)", "en;drop", "x" * 40, "<script>"])
def test_a_language_that_is_not_a_language_tag_is_rejected(tag):
    with pytest.raises(InvalidArticle, match="field 'language'"):
        article(language=tag)


def test_a_page_with_an_overlong_title_and_a_bad_date_keeps_the_article():
    html = (
        f"<html><head><title>{'Headline words ' * 200}</title>"
        '<meta property="article:published_time" content="99999-99-99T99:99:99Z">'
        f"</head><body><article><p>{TEXT} {TEXT}</p><p>{TEXT}</p></article></body></html>"
    )
    page = to_article({"html": html}, max_chars=LIMIT)
    assert len(page.title) <= MAX_TITLE_CHARS and page.title.endswith("…")
    assert page.published_at is None


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JavaScript://example.com/%0aalert(1)", "data:text/html,x", "/a"]
)
def test_a_record_put_on_a_stream_by_anyone_keeps_only_http_links(url):
    record = ArticleRecord(id="a", text=TEXT, url=url)
    assert record.url is None
    assert ArticleRecord(id="a", text=TEXT, url="https://example.com/a").url == (
        "https://example.com/a"
    )


def test_a_record_with_an_overlong_title_is_invalid_wherever_it_comes_from():
    with pytest.raises(ValidationError, match="title"):
        ArticleRecord.model_validate_json(
            f'{{"id": "a", "text": "x", "title": "{"t" * 2_000_000}"}}'
        )
