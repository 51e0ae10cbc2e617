"""The quote stage's work on one article, the same in the worker and in `newsflow extract`,
`eval` and `bench`: the output record (CONTRACT.md), the article with its entities and the
quotes attributed in its parse."""

from spacy.tokens import Doc

from services.quotes.extract import extract_quotes
from shared.messages import ArticleEnriched
from shared.records import Article, Entity


def enriched(article: Article, entities: list[Entity], doc: Doc | None) -> ArticleEnriched:
    """The output record; no quotes without a parse (an article the entities stage did not
    parse)."""
    quotes = extract_quotes(doc, entities) if doc is not None else []
    return ArticleEnriched(**article.model_dump(), entities=entities, quotes=quotes)
