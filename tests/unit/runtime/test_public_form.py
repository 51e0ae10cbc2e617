"""The plain form of the public streams: what an entry's fields hold, and reading them back."""

import orjson
import pytest

from services.runtime.envelope import entry_body
from services.runtime.public import plain_entry, plain_headers
from shared.messages import PUBLISHED_MS_HEADER, AggregatesUpdated, ArticleEnriched, DeadLettered
from shared.schema import is_public, schema_of


def enriched() -> ArticleEnriched:
    return ArticleEnriched(id="a1", title="T", text="Lu said “hi.”", version="v7")


def test_an_enriched_entry_holds_the_record_as_json_with_schema_and_routing_fields():
    fields = plain_entry(enriched(), 1, published_ms=1_700_000_000_123)
    assert orjson.loads(fields["data"]) == enriched().model_dump(mode="json")
    assert fields["schema"] == b"1" and fields["id"] == b"a1" and fields["version"] == b"v7"
    assert fields["published_ms"] == b"1700000000123"


def test_the_data_field_is_utf8_json_not_ascii_escapes():
    assert "“hi.”".encode() in plain_entry(enriched(), 1)["data"]


def test_an_update_is_routed_by_its_article_and_a_dead_letter_by_its_stage():
    update = AggregatesUpdated(article_id="a1", version="v7", applied=True)
    assert plain_entry(update, 1)["id"] == b"a1"
    letter = DeadLettered(
        stage="quotes", stream="s", message_id="1-0", reason="r", attempts=1, payload="p"
    )
    fields = plain_entry(letter, 1)
    assert fields["stage"] == b"quotes" and "id" not in fields and "published_ms" not in fields


def test_an_empty_version_is_left_out_rather_than_written_empty():
    record = ArticleEnriched(id="a1", text="x")
    assert "version" not in plain_entry(record, 1)


def test_a_plain_entry_reads_back_as_its_record_with_the_timing_as_a_header():
    fields = {k.encode(): v for k, v in plain_entry(enriched(), 1, published_ms=42).items()}
    body, headers = entry_body(fields)
    assert ArticleEnriched.model_validate_json(body) == enriched()
    assert headers == {PUBLISHED_MS_HEADER: "42"}
    assert plain_headers({b"data": b"{}"}) == {}


@pytest.mark.parametrize(
    ("stream", "public"),
    [
        ("articles.enriched", True),
        ("aggregates.updates", True),
        ("articles.raw.dlq", True),
        ("articles.entities.dlq", True),
        ("articles.raw", False),
        ("articles.ingested", False),
        ("articles.entities", False),
    ],
)
def test_the_public_streams_are_the_output_the_updates_and_every_dead_letter_stream(stream, public):
    assert is_public(stream) is public


def test_each_public_stream_has_a_schema_number():
    assert schema_of("articles.enriched") >= 1 and schema_of("aggregates.updates") >= 1
    assert schema_of("articles.raw.dlq") == schema_of("articles.entities.dlq") >= 1


def test_rebuild_reads_a_plain_enriched_entry_with_its_timing():
    from services.aggregate.store_rebuild import decode_entry

    fields = {k.encode(): v for k, v in plain_entry(enriched(), 1, published_ms=42).items()}
    record, entry_ms, published = decode_entry("1700-0", fields)
    assert record.id == "a1" and entry_ms == 1700 and published == 42


def test_a_record_from_a_later_schema_is_read_keeping_the_fields_this_version_knows():
    # additive changes only: a worker or consumer not yet upgraded reads a newer record
    newer = {**enriched().model_dump(mode="json"), "sentiment": 0.4, "quotes": []}
    read = ArticleEnriched.model_validate_json(orjson.dumps(newer))
    assert read == enriched()
    assert "sentiment" not in read.model_dump()
