"""An article without a title gets one from its page, its URL's slug or its first sentence:
never an empty title, "(untitled)" or a raw id."""

import pytest

from services.ingest.normalize import to_article
from services.ingest.titles import MAX_DERIVED_TITLE_CHARS, first_sentence, slug_title

LIMIT = 10_000
TEXT = (
    "Officials in Ottawa said on Monday that PTSD treatment funding will be reviewed. "
    "The review starts in March."
)


def test_a_slug_reads_as_a_headline_with_each_word_cased_as_the_text_writes_it():
    url = "https://news.example/politics/officials-in-ottawa-review-ptsd-treatment-1.4962005"
    assert slug_title(url, TEXT) == "Officials in Ottawa review PTSD treatment"


def test_trailing_ids_and_page_suffixes_are_no_part_of_the_slug_title():
    assert slug_title("https://x.example/2019/01/07/ferry-fleet-replaced_a_23618955/?a=1") == (
        "Ferry fleet replaced"
    )
    assert slug_title("https://x.example/2019/01/07/ferry-fleet-replaced/index.html") == (
        "Ferry fleet replaced"
    )
    assert slug_title("https://x.example/news/ferry-fleet-replaced.html") == "Ferry fleet replaced"


def test_split_off_letters_are_put_back():
    assert slug_title("https://x.example/u-s-stocks-climb-after-earnings") == (
        "U.S. stocks climb after earnings"
    )
    assert slug_title("https://x.example/north-korea-s-leader-arrives") == (
        "North korea's leader arrives"
    )


@pytest.mark.parametrize(
    "url",
    [
        None,
        "https://x.example/",
        "https://x.example/news/4789167/",
        "https://x.example/a/5c29ccfc1e67d78e27b76bfb",
        "https://x.example/finding-dorie",  # two words: too little to stand for the article
    ],
)
def test_a_url_whose_slug_reads_as_no_headline_gives_none(url):
    assert slug_title(url, TEXT) is None


def test_the_first_sentence_stops_at_the_first_real_sentence_end():
    assert first_sentence("Mr. Smith went to Washington, D.C. on Monday. He said no.") == (
        "Mr. Smith went to Washington, D.C. on Monday."
    )
    assert first_sentence("\n\nThe U.S. economy grew 3.2 per cent in May! Next.") == (
        "The U.S. economy grew 3.2 per cent in May!"
    )
    assert first_sentence("“We are ready.” The mayor said so.") == "“We are ready.”"
    assert first_sentence("A line without an end\nand another") == "A line without an end"


def test_an_article_without_a_title_is_titled_by_its_url_slug():
    payload = {"id": "5c29ccfc1e67d78e27b76bfb", "text": TEXT}
    payload["url"] = "https://news.example/politics/officials-in-ottawa-review-ptsd-treatment-1.49"
    article = to_article(payload, max_chars=LIMIT)
    assert article.title == "Officials in Ottawa review PTSD treatment"


def test_an_article_without_a_title_or_a_usable_url_is_titled_by_its_first_sentence():
    article = to_article({"id": "a1", "text": TEXT}, max_chars=LIMIT)
    assert (
        article.title
        == "Officials in Ottawa said on Monday that PTSD treatment funding will be reviewed."
    )


def test_a_long_first_sentence_is_cut_at_a_word():
    text = "word " * 200 + "end."
    title = to_article({"text": text}, max_chars=LIMIT).title
    assert len(title) <= MAX_DERIVED_TITLE_CHARS and title.endswith("word…")


def test_a_page_title_comes_before_the_slug():
    html = (
        "<html><head><title>Ferry fleet to be replaced</title></head><body><article>"
        + "<p>The council voted on Tuesday to replace the ageing ferry fleet, officials said. " * 5
        + "</p></article></body></html>"
    )
    payload = {"html": html, "url": "https://x.example/officials-review-the-ferries-99"}
    assert to_article(payload, max_chars=LIMIT).title == "Ferry fleet to be replaced"


def test_a_derived_title_changes_neither_the_id_nor_the_version():
    """Articles published before titles were derived keep their identity."""
    from services.ingest.normalize import article_id, content_version

    article = to_article({"text": TEXT}, max_chars=LIMIT)
    assert article.title
    assert article.id == article_id(url=None, title="", text=TEXT)
    assert article.version == content_version("", TEXT)


def test_a_sentences_capitalised_first_word_is_no_proper_noun_unless_a_name_follows():
    text = "Council approved the plan on Monday.\n\nMike Davis watched from the gallery."
    url = "https://x.example/plan-approved-by-council-as-mike-davis-watches"
    assert slug_title(url, text) == "Plan approved by council as Mike Davis watches"
