"""The extraction of one article in one process (`newsflow extract`, `eval`, `bench`): exactly
the functions the entities and quote workers call, without the streams between them."""

from spacy.language import Language

from services.entities.aliases import AliasTable
from services.entities.recognize import parses, recognize
from services.quotes.record import enriched
from shared.records import Article, ArticleRecord


def enrich(nlp: Language, article: Article, aliases: AliasTable | None = None) -> ArticleRecord:
    """The output record of a normalised article (`services.ingest.normalize.to_article`)."""
    doc = nlp(article.text) if parses(article) else None
    return enriched(article, recognize(doc, aliases=aliases), doc)
