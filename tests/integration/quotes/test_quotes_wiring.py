"""The quote worker's wiring (`services.quotes.app`) on the in-memory broker: it reads the
entities stage's parse back and sends the output record."""

from spacy.language import Language

from services.entities.recognize import recognize
from services.nlp.parse import doc_to_bytes
from services.quotes.app import create_app
from shared.messages import ArticleEnriched, EntitiesExtracted
from shared.records import Article

TEXT = "“We will not raise taxes this year,” Finance Minister Jane Okafor said on Tuesday."


def extracted(nlp: Language, text: str = TEXT) -> EntitiesExtracted:
    """What the entities stage sends for `text`."""
    doc = nlp(text)
    article = Article(id="q-1", title="Taxes", text=text, version="v1")
    return EntitiesExtracted(article=article, entities=recognize(doc), parse=doc_to_bytes(doc))


async def test_the_output_record_goes_out_on_articles_enriched(wire, settings, nlp: Language):
    event = extracted(nlp)
    async with wire(create_app(settings), "quotes") as sent:
        await sent.send(event, published_ms=7)
    (record,) = sent.output
    assert ArticleEnriched.model_validate(record).entities == event.entities
    (quote,) = record["quotes"]
    assert quote["text"] == "“We will not raise taxes this year,”"
    assert quote["speaker_name"] == "Jane Okafor" and quote["kind"] == "direct"
    assert set(record) == set(ArticleEnriched.model_fields), "exactly the output record"
    assert sent.headers[0]["x-newsflow-published-ms"] == "7"


async def test_an_unparsed_article_goes_out_with_no_quotes(wire, settings):
    unparsed = EntitiesExtracted(
        article=Article(
            id="de-1", text="„Wir erhöhen die Steuern nicht“, sagte sie.", language="de"
        ),
        entities=[],
        parse=b"",
    )
    async with wire(create_app(settings), "quotes") as sent:
        await sent.send(unparsed)
    (record,) = sent.output
    assert record["id"] == "de-1" and record["quotes"] == []


async def test_a_message_with_wrong_fields_is_dead_lettered_with_the_reason(wire, settings, count):
    dead = count("newsflow_messages_dead_lettered_total", stage="quotes")
    async with wire(create_app(settings), "quotes") as sent:
        await sent.send({"article": {"id": "q-1", "text": TEXT}, "entities": "none"})
    (letter,) = sent.dead
    assert letter["stage"] == "quotes" and letter["stream"] == "articles.entities"
    assert letter["reason"].startswith("invalid EntitiesExtracted: entities: Input should be")
    assert "parse: Field required" in letter["reason"]
    assert sent.output == []
    assert count("newsflow_messages_dead_lettered_total", stage="quotes") == dead + 1


async def test_a_parse_that_cannot_be_read_is_retried_then_dead_lettered(
    wire, settings, nlp: Language, count
):
    garbled = extracted(nlp).model_copy(update={"parse": b"not a parse"})
    failed = count("newsflow_messages_failed_total", stage="quotes")
    async with wire(create_app(settings), "quotes") as sent:
        await sent.send(garbled)
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="quotes") == failed + 1

    last_try = settings.model_copy(update={"max_attempts": 1})
    async with wire(create_app(last_try), "quotes") as sent:
        await sent.send(garbled)
    (letter,) = sent.dead
    assert letter["reason"].startswith("ValueError: not a spaCy DocBin")
    assert letter["attempts"] == 1
