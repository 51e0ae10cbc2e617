"""What the aggregate store answers (and the query API returns): stable field names.

`articles` counts distinct articles, `mentions` counts mentions, `quotes` counts quotes.
Days are UTC `YYYY-MM-DD`.
"""

from pydantic import BaseModel, ConfigDict

from shared.records import Quote


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


class EntityCount(View):
    id: str
    name: str
    type: str
    mentions: int
    articles: int


class DayCount(View):
    day: str
    articles: int
    mentions: int


class SourceCount(View):
    source: str
    articles: int


class CoMention(View):
    """Another entity named in the same articles; `articles` counts the shared articles."""

    id: str
    name: str
    type: str
    articles: int


class EntityDetail(EntityCount):
    aliases: list[str]
    first_seen: str | None
    last_seen: str | None
    days: list[DayCount]
    sources: list[SourceCount]
    co_mentions: list[CoMention]


class SpeakerCount(View):
    id: str
    name: str
    quotes: int
    articles: int


class QuoteView(Quote):
    """A quote in output-record form, plus the article it comes from (its id, outlet, date,
    headline and link)."""

    article_id: str
    source: str | None = None
    published_at: str | None = None
    title: str | None = None
    url: str | None = None


class QuotePage(View):
    quotes: list[QuoteView]
    next_cursor: str | None


class ArticleView(View):
    """One article in a list: its headline fields and counts (`mentions`: counted mentions,
    `quotes`: every quote); `people`: the PERSON entities it names, most mentioned first."""

    id: str
    version: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str | None = None
    mentions: int
    quotes: int
    people: list[str]


class ArticlePage(View):
    articles: list[ArticleView]
    next_cursor: str | None


class SearchResult(View):
    """What `/search` finds: entities by name or alias, speakers by name, quotes by words."""

    entities: list[EntityCount]
    speakers: list[SpeakerCount]
    quotes: list[QuoteView]


class SourceTotals(View):
    source: str
    articles: int
    quotes: int
    mentions: int


class Totals(View):
    articles: int
    quotes: int
    mentions: int
    entities: int
    speakers: int
