"""The whole extraction for one article, in one process: what `newsflow extract`, `eval` and
`bench` run. The workers run the same steps split over streams (ingest -> entities -> quotes)."""

from spacy.language import Language

from services.entities.extract import extract_entities
from services.quotes.extract import extract_quotes
from shared.records import Article, ArticleRecord


def enrich(nlp: Language, article: Article) -> ArticleRecord:
    if article.language != "en":
        return ArticleRecord(**article.model_dump())
    doc = nlp(article.text)
    entities = extract_entities(doc)
    return ArticleRecord(
        **article.model_dump(), entities=entities, quotes=extract_quotes(doc, entities)
    )
