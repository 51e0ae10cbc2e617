import asyncio

import orjson
import pytest
from faststream.redis.parser import BinaryMessageFormatV1

from services.runtime.envelope import entry_body, json_payload
from shared.errors import InvalidArticle


def test_a_faststream_entry_reads_back_as_its_body_and_headers():
    data = asyncio.run(
        BinaryMessageFormatV1.encode(
            message=b'{"text": "hi"}', reply_to=None, headers={"x-a": "1"}, correlation_id="c1"
        )
    )
    body, headers = entry_body({b"__data__": data})
    assert orjson.loads(body) == {"text": "hi"}
    assert headers["x-a"] == "1"


def test_a_plain_xadd_with_a_data_field_reads_back_as_that_json():
    body, _ = entry_body({b"data": b'{"title": "T", "text": "Body."}'})
    assert json_payload(body) == {"title": "T", "text": "Body."}


def test_a_plain_xadd_with_other_fields_reads_back_as_an_object_of_them():
    body, _ = entry_body({b"title": b"T", b"text": b"Body."})
    assert json_payload(body) == {"title": "T", "text": "Body."}


def test_a_body_that_is_not_json_is_an_invalid_article_quoting_its_start():
    with pytest.raises(InvalidArticle, match="not JSON.*'hello there'"):
        json_payload(b"hello there")
