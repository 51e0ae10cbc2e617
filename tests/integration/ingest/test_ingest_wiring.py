"""The ingest worker's wiring (`services.ingest.app`) on the in-memory broker."""

from services.ingest.app import create_app
from services.ingest.dedup import Fingerprint, Verdict
from services.ingest.seen import MemorySeenIndex
from services.ingest.seen_redis import SeenIndexBusy

STORY = (
    "Harbour Ferries Resume After Storm\n\n"
    "Ferry crossings between the island and the mainland resumed on Tuesday morning after two "
    "days of cancellations, the operator said. Crews inspected every vessel overnight and found "
    "no damage, and the first sailing left the terminal at seven with a full car deck."
)


class BusyIndex:
    """A seen index that loses every race for the article."""

    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        raise SeenIndexBusy(f"lost the race for {article_id} 50 times")


class UnreachableIndex:
    """A seen index whose Redis does not answer."""

    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        raise ConnectionRefusedError("connection refused")


async def test_an_article_goes_out_normalised_on_articles_ingested(wire, settings, count):
    app = create_app(settings, seen=MemorySeenIndex())
    received = count(
        "faststream_received_messages_total",
        app_name="newsflow-ingest",
        broker="redis",
        handler="articles.raw",
    )
    async with wire(app, "ingest") as sent:
        await sent.send({"id": "ferry-1", "title": "Ferries", "text": STORY}, published_ms=1234)
    (event,) = sent.output
    assert event["article"]["id"] == "ferry-1"
    assert event["article"]["text"] == STORY and event["article"]["language"] == "en"
    assert sent.headers[0]["x-newsflow-published-ms"] == "1234"
    assert sent.dead == []
    assert (
        count(
            "faststream_received_messages_total",
            app_name="newsflow-ingest",
            broker="redis",
            handler="articles.raw",
        )
        == received + 1
    ), "FastStream's Prometheus middleware counts the stage's messages too"


async def test_a_copy_of_an_earlier_article_is_linked_not_passed_on(wire, settings, count):
    duplicates = count("newsflow_duplicates_total", kind="duplicate")
    async with wire(create_app(settings, seen=MemorySeenIndex()), "ingest") as sent:
        await sent.send({"id": "ferry-1", "text": STORY})
        await sent.send({"id": "ferry-mirror", "text": STORY})
        await sent.send({"id": "ferry-1", "text": STORY})  # the same article again flows on
    assert [event["article"]["id"] for event in sent.output] == ["ferry-1", "ferry-1"]
    assert count("newsflow_duplicates_total", kind="duplicate") == duplicates + 1


async def test_a_payload_that_is_not_json_is_dead_lettered_with_the_reason(wire, settings, count):
    dead = count("newsflow_messages_dead_lettered_total", stage="ingest")
    async with wire(create_app(settings, seen=MemorySeenIndex()), "ingest") as sent:
        await sent.send(b"not json at all")
        await sent.send({"id": "empty", "text": "   "})
    assert sent.output == []
    first, second = sent.dead
    assert first["stage"] == "ingest" and first["stream"] == "articles.raw"
    assert first["reason"].startswith("message is not JSON") and first["attempts"] == 1
    assert first["payload"] == "not json at all"
    assert "text" in second["reason"] and second["attempts"] == 1
    assert count("newsflow_messages_dead_lettered_total", stage="ingest") == dead + 2


def faststream_status(count, status: str) -> float:
    """FastStream's count of the ingest stage's messages that ended with `status`."""
    return count(
        "faststream_received_processed_messages_total",
        app_name="newsflow-ingest",
        broker="redis",
        handler="articles.raw",
        status=status,
    )


async def test_a_failed_attempt_is_counted_and_left_for_a_retry(wire, settings, count):
    failed = count("newsflow_messages_failed_total", stage="ingest")
    nacked = faststream_status(count, "nacked")
    async with wire(create_app(settings, seen=BusyIndex()), "ingest") as sent:
        await sent.send({"id": "ferry-1", "text": STORY})
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="ingest") == failed + 1
    assert faststream_status(count, "nacked") == nacked + 1  # not acknowledged: left pending


async def test_the_last_attempt_that_fails_is_dead_lettered_with_the_error(wire, settings, count):
    last_try = settings.model_copy(update={"max_attempts": 1})
    acked = faststream_status(count, "acked")
    async with wire(create_app(last_try, seen=BusyIndex()), "ingest") as sent:
        await sent.send({"id": "ferry-1", "text": STORY})
    (letter,) = sent.dead
    assert letter["reason"] == "SeenIndexBusy: lost the race for ferry-1 50 times"
    assert letter["attempts"] == 1 and sent.output == []
    assert faststream_status(count, "acked") == acked + 1  # dead-lettered, then acknowledged


async def test_with_redis_unreachable_the_message_waits_and_is_never_dead_lettered(
    wire, settings, count
):
    last_try = settings.model_copy(update={"max_attempts": 1})
    failed = count("newsflow_messages_failed_total", stage="ingest")
    async with wire(create_app(last_try, seen=UnreachableIndex()), "ingest") as sent:
        await sent.send({"id": "ferry-1", "text": STORY})
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="ingest") == failed + 1
