"""The entities stage's work on one article: whether it is parsed at all (the language gate)."""

from shared.records import Article


def parses(article: Article) -> bool:
    """Whether the article is parsed: not when the English model would only get it wrong."""
    return article.language == "en"
