"""The entities stage's work on one article, the same in the worker and in `newsflow extract`,
`eval` and `bench`: whether it is parsed at all (the language gate), and its canonical
entities from the parse. The parse itself is the caller's (the worker parses in batches)."""

from spacy.tokens import Doc

from services.entities.aliases import AliasTable
from services.entities.extract import extract_entities
from shared.records import Article, Entity


def parses(article: Article) -> bool:
    """Whether the article is parsed: not when the English model would only get it wrong."""
    return article.language == "en"


def recognize(doc: Doc | None, *, aliases: AliasTable | None = None) -> list[Entity]:
    """The entities of a parsed article; none without a parse (`parses` said no)."""
    return extract_entities(doc, aliases=aliases) if doc is not None else []
