"""The output record (CONTRACT.md) and its parts.

Offsets everywhere are Python `str` indices into the article's `text`, end-exclusive, so that
`text[start:end] == span.text`.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """End-exclusive character offsets into the article `text`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Entity(Frozen):
    """One real-world thing named in an article: every way the article names it, merged."""

    id: str
    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    role: str | None = None


QuoteKind = Literal["direct", "mixed", "indirect"]


class Quote(Frozen):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: QuoteKind
    speaker_name: str | None = None
    speaker_entity_id: str | None = None
    speaker: Span | None = None
    verb: Span | None = None


class Article(Frozen):
    """A validated, normalised article: `text` is what every offset indexes into."""

    id: str
    title: str = ""
    text: str
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    language: str = "en"
    version: str = Field(default="", description="content hash: a new version replaces the old")


class ArticleRecord(Article):
    """The output record: one `newsflow extract` line, one `articles.enriched` payload."""

    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
