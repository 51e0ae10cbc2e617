"""The entities worker's wiring (`services.entities.app`) on the in-memory broker, with the
real model."""

import orjson
import spacy
from spacy.language import Language

from services.entities.app import create_app
from services.nlp.parse import doc_from_bytes
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.records import Article

TEXT = "Angela Merkel met Emmanuel Macron in Paris on Monday. “We agree,” Macron said."


class BrokenModel:
    """A pipeline that fails on every text (a model bug, an out-of-memory parse)."""

    def pipe(self, texts: list[str], batch_size: int) -> list[object]:
        raise MemoryError("parse ran out of memory")

    def __call__(self, text: str) -> object:
        raise MemoryError("parse ran out of memory")


def ingested(text: str = TEXT, language: str = "en") -> ArticleIngested:
    return ArticleIngested(article=Article(id="a-1", text=text, language=language, version="v1"))


async def test_an_article_goes_out_with_its_entities_and_its_parse(wire, settings, nlp: Language):
    async with wire(create_app(settings, nlp=nlp), "entities") as sent:
        await sent.send(ingested(), published_ms=99)
    (event,) = sent.output
    assert event["article"]["id"] == "a-1"
    names = {(entity["name"], entity["type"]) for entity in event["entities"]}
    assert {("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON")} <= names
    as_read = EntitiesExtracted.model_validate_json(orjson.dumps(event))  # by the quote stage
    parse = doc_from_bytes(as_read.parse, spacy.blank("en").vocab)
    assert parse.text == TEXT and parse.has_annotation("DEP")
    assert sent.headers[0]["x-newsflow-published-ms"] == "99"


async def test_an_article_in_another_language_goes_out_unparsed(wire, settings, nlp: Language):
    text = "Angela Merkel hat am Montag Emmanuel Macron in Paris getroffen."
    async with wire(create_app(settings, nlp=nlp), "entities") as sent:
        await sent.send(ingested(text, language="de"))
    (event,) = sent.output
    assert event["entities"] == [] and event["parse"] == ""


async def test_a_message_with_wrong_fields_is_dead_lettered_with_the_reason(
    wire, settings, nlp: Language, count
):
    dead = count("newsflow_messages_dead_lettered_total", stage="entities")
    async with wire(create_app(settings, nlp=nlp), "entities") as sent:
        await sent.send({"article": {"text": TEXT}})
    assert sent.output == []
    (letter,) = sent.dead
    assert letter["stage"] == "entities" and letter["stream"] == "articles.ingested"
    assert letter["reason"] == "invalid ArticleIngested: article.id: Field required"
    assert letter["attempts"] == 1
    assert count("newsflow_messages_dead_lettered_total", stage="entities") == dead + 1


async def test_a_parse_that_fails_is_counted_and_left_for_a_retry(wire, settings, count):
    failed = count("newsflow_messages_failed_total", stage="entities")
    async with wire(create_app(settings, nlp=BrokenModel()), "entities") as sent:  # type: ignore[arg-type]
        await sent.send(ingested())
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="entities") == failed + 1


async def test_the_last_attempt_that_fails_is_dead_lettered_with_the_error(wire, settings):
    last_try = settings.model_copy(update={"max_attempts": 1})
    async with wire(create_app(last_try, nlp=BrokenModel()), "entities") as sent:  # type: ignore[arg-type]
        await sent.send(ingested())
    (letter,) = sent.dead
    assert letter["reason"] == "MemoryError: parse ran out of memory"
    assert letter["attempts"] == 1 and sent.output == []
