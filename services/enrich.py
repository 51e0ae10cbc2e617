"""The extraction of one article, as the workers split it over streams and as `newsflow
extract`, `eval` and `bench` run it in one process: the same two steps either way."""

from spacy.language import Language
from spacy.tokens import Doc

from services.entities.aliases import AliasTable
from services.entities.extract import extract_entities
from services.entities.recognize import parses
from services.quotes.extract import extract_quotes
from shared.records import Article, ArticleRecord, Entity


def parse_entities(
    nlp: Language, article: Article, aliases: AliasTable | None = None
) -> tuple[Doc | None, list[Entity]]:
    """Step 1 (entities stage): the parse and the canonical entities; no parse for articles the
    English model would only get wrong (`language` other than "en")."""
    if not parses(article):
        return None, []
    doc = nlp(article.text)
    return doc, extract_entities(doc, aliases=aliases)


def enrich(nlp: Language, article: Article, aliases: AliasTable | None = None) -> ArticleRecord:
    doc, entities = parse_entities(nlp, article, aliases)
    quotes = extract_quotes(doc, entities) if doc is not None else []  # step 2 (quotes stage)
    return ArticleRecord(**article.model_dump(), entities=entities, quotes=quotes)
