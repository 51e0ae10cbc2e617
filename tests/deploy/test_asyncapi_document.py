"""docs/asyncapi.json is the message contract generated from the stage factories: CI fails when
the code changed and the document was not regenerated (`python -m docs.asyncapi`)."""

import difflib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from shared.streams import DLQ_SUFFIX, INPUT_OF, OUTPUT_OF, group_of

DOCS = Path(__file__).resolve().parents[2] / "docs"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsflow_asyncapi", DOCS / "asyncapi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_asyncapi_document_is_what_the_code_generates():
    committed = (DOCS / "asyncapi.json").read_text(encoding="utf-8")
    generated = generator().generate()
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(True), generated.splitlines(True), "committed", "generated", n=1
        )
    )
    assert committed == generated, f"run `python -m docs.asyncapi`:\n{diff[:4000]}"


def test_document_names_every_stream_and_consumer_group():
    document = json.loads((DOCS / "asyncapi.json").read_text(encoding="utf-8"))
    addresses = {channel["address"] for channel in document["channels"].values()}
    groups = {
        channel["bindings"]["redis"].get("groupName") for channel in document["channels"].values()
    }
    assert set(INPUT_OF.values()) | set(OUTPUT_OF.values()) <= addresses
    assert {stream + DLQ_SUFFIX for stream in INPUT_OF.values()} <= addresses
    assert {group_of(stage) for stage in INPUT_OF} <= groups


def test_every_message_in_the_document_has_a_payload_schema():
    document = json.loads((DOCS / "asyncapi.json").read_text(encoding="utf-8"))
    for name, message in document["components"]["messages"].items():
        reference = message["payload"]["$ref"].rsplit("/", 1)[1]
        assert document["components"]["schemas"][reference], name


def test_public_streams_are_documented_in_their_plain_form_and_internal_ones_as_envelopes():
    from shared.schema import is_public, schema_of

    document = json.loads((DOCS / "asyncapi.json").read_text(encoding="utf-8"))
    for name, channel in document["channels"].items():
        ((message_ref,),) = [[m["$ref"] for m in channel["messages"].values()]]
        message = document["components"]["messages"][message_ref.rsplit("/", 1)[1]]
        address = channel["address"]
        if is_public(address):
            fields = message["headers"]["properties"]
            assert {"data", "schema", "id", "version", "published_ms"} <= set(fields), name
            assert message["contentType"] == "application/json" and "correlationId" not in message
            assert f"({schema_of(address)} now)" in message["description"]
        elif address != "articles.raw":
            assert "__data__" in message["description"], name
