"""The four workers wired together on one in-memory broker give every article the same record
as `newsflow extract` (`services.enrich`): the two paths call the same stage functions."""

from pathlib import Path

import orjson
from faststream.redis import TestRedisBroker
from faststream.redis.annotations import RedisStreamMessage
from spacy.language import Language

from services.aggregate.app import create_app as aggregate_app
from services.aggregate.store_memory import MemoryAggregateStore
from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.entities.app import create_app as entities_app
from services.ingest.app import create_app as ingest_app
from services.ingest.normalize import to_article
from services.ingest.seen import MemorySeenIndex
from services.ingest.sources import Payload, read_paths
from services.quotes.app import create_app as quotes_app
from shared.streams import AGGREGATES, ENRICHED, RAW
from tests.integration.conftest import EntryIds, plain_streams_in_memory

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


async def test_the_workers_and_extract_give_the_same_record(settings, nlp: Language):
    payloads = [item.data for item in read_paths([SEEDS]) if isinstance(item, Payload)]
    payloads.append(
        {"id": "not-english", "text": "Der Minister sagte am Montag nichts.", "language": "de"}
    )
    store = MemoryAggregateStore()
    apps = [
        ingest_app(settings, seen=MemorySeenIndex()),
        entities_app(settings, nlp=nlp),
        quotes_app(settings),
        aggregate_app(settings, store=store),
    ]
    brokers = [app.broker for app in apps]
    for broker in brokers:
        broker.add_middleware(EntryIds)  # type: ignore[union-attr]
    enriched: list[dict] = []
    updates: list[dict] = []

    @brokers[0].subscriber(stream=ENRICHED, title="test:enriched")  # type: ignore[union-attr]
    async def on_enriched(msg: RedisStreamMessage) -> None:
        enriched.append(orjson.loads(msg.body))

    @brokers[0].subscriber(stream=AGGREGATES, title="test:updates")  # type: ignore[union-attr]
    async def on_update(msg: RedisStreamMessage) -> None:
        updates.append(orjson.loads(msg.body))

    async with TestRedisBroker(*brokers) as started:  # type: ignore[arg-type]
        for broker in started:
            plain_streams_in_memory(broker)
        for payload in payloads:
            await started[0].publish(payload, stream=RAW)

    aliases = load_alias_table(settings.alias_table)
    expected = [
        enrich(nlp, to_article(payload, max_chars=settings.max_text_chars), aliases)
        for payload in payloads
    ]
    assert enriched == [record.model_dump(mode="json") for record in expected]
    assert any(record["quotes"] for record in enriched), "quotes were compared"
    assert [update["article_id"] for update in updates if update["applied"]] == [
        record.id for record in expected
    ]
    assert (await store.totals()).articles == len(payloads)
