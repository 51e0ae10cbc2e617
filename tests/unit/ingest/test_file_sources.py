import pytest

from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, parse_file, sniff
from shared.errors import InvalidArticle

LIMIT = 1_000_000


def payloads(items):
    return [item for item in items if isinstance(item, Payload)]


def rejections(items):
    return {item.origin: item.reason for item in items if isinstance(item, Rejected)}


def test_saved_news_page_gives_main_text_and_metadata_without_boilerplate(fixture_bytes):
    items = list(parse_file("ferry_story.html", fixture_bytes("ferry_story.html")))
    [payload] = payloads(items)
    article = to_article(payload.data, max_chars=LIMIT)
    assert article.title == "Council approves $48-million ferry expansion after marathon debate"
    assert article.url == (
        "https://www.harbourside-herald.example/news/local/council-approves-ferry-expansion-1.90211"
    )
    assert article.source == "Harbourside Herald"
    assert article.published_at == "2026-03-14T18:42:00-04:00"
    assert article.text.startswith("Harbourside city council voted 7-4 late Tuesday")
    assert article.text.endswith("according to the city's transportation department.")
    assert "said Mayor Elena Vasquez-Hart" in article.text
    for boilerplate in (
        "Subscribe",
        "Privacy policy",
        "Related stories",
        "Sign up",
        "Storm warning",
        "dataLayer",
        "Advertisement",
    ):
        assert boilerplate not in article.text
    assert article.text.count("\n\n") == 7  # eight paragraphs, one blank line between each


def test_rss_entries_become_articles_with_feed_title_as_source(fixture_bytes):
    items = list(parse_file("valley_wire.rss", fixture_bytes("valley_wire.rss")))
    first, second = (to_article(p.data, max_chars=LIMIT) for p in payloads(items))
    assert first.title == "Flood barriers to stay up through April, engineers say"
    assert first.url == "https://valleywire.example/news/flood-barriers-april"
    assert first.source == "Valley Wire & Gazette"
    assert first.published_at == "2026-03-11T19:05:00Z"
    assert payloads(items)[0].data["language"] == "en-ca" and first.language == "en"
    assert (
        "“The snowpack in the upper basin is still 140 per cent of normal,” said Adaeze Obi"
        in first.text
    )
    assert "trackView" not in first.text
    assert first.text.count("\n\n") == 2
    assert second.url == "https://valleywire.example/news/library-reopens"
    assert "children’s wing" in second.text and "<p>" not in second.text


def test_rss_entry_without_content_or_summary_is_rejected_alone(fixture_bytes):
    items = list(parse_file("valley_wire.rss", fixture_bytes("valley_wire.rss")))
    assert rejections(items) == {"valley_wire.rss#3": "entry has no content or summary"}
    assert len(payloads(items)) == 2


def test_atom_entries_use_content_else_summary_and_published_else_updated(fixture_bytes):
    items = list(parse_file("metro_desk.atom", fixture_bytes("metro_desk.atom")))
    buses, market = (to_article(p.data, max_chars=LIMIT) for p in payloads(items))
    assert buses.source == "Metro Desk"
    assert buses.published_at == "2026-02-20T15:12:00Z"
    assert buses.text.startswith(
        "The regional transit agency has ordered 60 battery-electric buses"
    )
    assert (
        "“This gets us halfway to a zero-emission fleet,” said board chair Samuel Adeyemi."
        in buses.text
    )
    assert market.url == "https://metrodesk.example/2026/02/19/night-market"
    assert market.published_at == "2026-02-19T21:00:00Z"
    assert market.text.startswith("Forty vendors have signed up")


def test_jsonl_bad_lines_are_rejected_with_line_numbers_and_good_lines_kept(fixture_bytes):
    items = list(parse_file("wire_batch.jsonl", fixture_bytes("wire_batch.jsonl")))
    rejected = rejections(items)
    assert set(rejected) == {"wire_batch.jsonl:2", "wire_batch.jsonl:3", "wire_batch.jsonl:5"}
    assert rejected["wire_batch.jsonl:2"].startswith("invalid JSON")
    assert rejected["wire_batch.jsonl:5"] == "expected a JSON object, got list"
    accepted, invalid = [], {}
    for payload in payloads(items):
        try:
            accepted.append(to_article(payload.data, max_chars=LIMIT).id)
        except InvalidArticle as error:
            invalid[payload.origin] = str(error)
    assert accepted == ["wire-0001", "wire-0003", "wire-0007"]
    assert "'text'" in invalid["wire_batch.jsonl:7"]
    assert "'title' must be a string" in invalid["wire_batch.jsonl:8"]
    assert "'text' is empty" in invalid["wire_batch.jsonl:9"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.jsonl", b"  \n\n ", "empty file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary data (a PNG image), not text"),
        ("report.html", b"%PDF-1.7\n...", "binary data (a PDF document), not text"),
        ("dump.json", b'{"text": "a\x00b"}', "binary data (NUL bytes), not text"),
    ],
)
def test_empty_and_binary_files_are_rejected_with_a_reason(name, data, reason):
    assert list(parse_file(name, data)) == [Rejected(name, reason)]


def test_binary_fixture_and_latin1_text_are_rejected(fixture_bytes):
    [binary] = parse_file("not_an_article.txt", fixture_bytes("not_an_article.txt"))
    [latin1] = parse_file("latin1_story.txt", fixture_bytes("latin1_story.txt"))
    assert "binary data" in binary.reason
    assert latin1.reason.startswith("not UTF-8 text")


def test_html_page_declaring_another_charset_is_decoded_with_it():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Café</p></body></html>'
    [payload] = parse_file("old.html", page.encode("cp1252"))
    assert "Café" in payload.data["html"]


def test_feed_that_is_not_xml_is_rejected():
    [rejected] = parse_file("broken.xml", b"<rss><channel><title>x</title></channel>")
    assert isinstance(rejected, Rejected)


def test_json_file_may_hold_a_list_of_articles():
    items = list(parse_file("batch.json", b'[{"text": "one"}, 3]'))
    assert items == [
        Payload("batch.json[0]", {"text": "one"}),
        Rejected("batch.json[1]", "expected a JSON object, got int"),
    ]


def test_feed_in_a_declared_legacy_encoding_is_decoded():
    feed = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0">'
        "<channel><title>Le Fil</title>"
        "<item><title>Caf\xe9s</title><link>https://fil.example/a</link>"
        "<description>Les caf\xe9s ferment.</description></item></channel></rss>"
    ).encode("latin-1")
    [payload] = parse_file("fil.xml", feed)
    assert payload.data["title"] == "Cafés" and payload.data["text"] == "Les cafés ferment."


def test_json_file_holding_json_lines_is_read_line_by_line():
    data = b'{"text": "one"}\n{"text": "two"}\n'
    assert [p.data["text"] for p in parse_file("batch.json", data)] == ["one", "two"]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'\n  <?xml version="1.0"?><rss version="2.0">', "feed"),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html><body>", "html"),
        (b'{"text": "x"}', "json"),
        (b"Title\n\nBody", "text"),
    ],
)
def test_documents_without_a_known_suffix_are_recognised_by_content(data, kind):
    assert sniff(data) == kind


def test_fetched_url_without_suffix_is_parsed_by_content(fixture_bytes):
    items = list(
        parse_file("https://metrodesk.example/feed/?format=atom", fixture_bytes("metro_desk.atom"))
    )
    assert len(payloads(items)) == 2


def test_plain_text_body_is_kept_exactly_as_written():
    data = "Title line\n\n  Body with  odd spacing,\r\n“curly” quotes.\n".encode()
    [payload] = parse_file("story.txt", data)
    assert payload.data == {
        "title": "Title line",
        "text": "  Body with  odd spacing,\r\n“curly” quotes.\n",
    }


def test_page_fetched_from_a_url_carries_that_url(fixture_bytes):
    [payload] = parse_file(
        "https://herald.example/ferry?utm_source=x", fixture_bytes("ferry_story.html")
    )
    assert to_article(payload.data, max_chars=LIMIT).url == "https://herald.example/ferry"


@pytest.mark.parametrize("name", ["batch.jsonl", "batch.json"])
def test_one_invalid_utf8_byte_rejects_only_its_own_line(name):
    data = (
        b'{"id": "a", "text": "Caf\xc3\xa9 owners met on Monday."}\n'
        b'{"id": "b", "text": "Caf\xe9 in Latin-1"}\r\n'
        b'{"id": "c", "text": "The third line is fine."}\n'
    )
    items = list(parse_file(name, data))
    assert [item.data["id"] for item in items if isinstance(item, Payload)] == ["a", "c"]
    [rejected] = [item for item in items if isinstance(item, Rejected)]
    assert rejected.origin == f"{name}:2"
    assert rejected.reason.startswith(
        "not UTF-8 text (invalid continuation byte at byte 24 of the line)"
    )


def test_a_line_separator_inside_a_json_string_does_not_split_the_line():
    data = '{"id": "a", "text": "one\u2028two"}\n{"id": "b", "text": "x"}\n'.encode()
    items = list(parse_file("batch.jsonl", data))
    assert [item.data["id"] for item in items] == ["a", "b"]
