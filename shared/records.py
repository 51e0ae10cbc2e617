"""The output record (CONTRACT.md) and its parts.

Offsets everywhere are Python `str` indices into the article's `text`, end-exclusive, so that
`text[start:end] == span.text`.
"""

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

#: Bounds of an article's metadata, in characters (ingest rejects a producer's value over them,
#: with the field named; README "Input limits"). The models hold them too, so that a record
#: put on a stream by anything but ingest is held to the same bounds (or dead-lettered).
MAX_ID_CHARS = 200
MAX_TITLE_CHARS = 1_000
MAX_SOURCE_CHARS = 300
MAX_URL_CHARS = 4_096
MAX_AUTHOR_CHARS = 1_000
MAX_DATE_CHARS = 64
MAX_LANGUAGE_CHARS = 35  # a BCP 47 tag; the record keeps its primary subtag

#: The fields a producer's article may hold (CONTRACT.md), under these names or under a
#: common or mapped other name (`services/ingest/field_names.py`); `author` is checked, not kept.
INPUT_FIELDS = (
    "id", "title", "text", "html", "url", "source", "published_at", "language", "author",
)  # fmt: skip


def web_link(value: object) -> object:
    """Only an absolute http(s) URL is a link: anything else (`javascript:`, `data:`, a path)
    is dropped, so no consumer can be handed a script as an article's "original" link."""
    if isinstance(value, str):
        parts = urlsplit(value.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return None
    return value


WebLink = Annotated[
    Annotated[str, Field(max_length=MAX_URL_CHARS)] | None, BeforeValidator(web_link)
]


class Frozen(BaseModel):
    # Fields a reader does not know are ignored, not refused: the records change by additions
    # only (the `schema` number says which), so a consumer built on an older schema, or a
    # worker not yet upgraded in a rolling upgrade, reads a newer record and keeps what it knows.
    model_config = ConfigDict(frozen=True, extra="ignore")


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

    id: str = Field(max_length=MAX_ID_CHARS)
    title: str = Field(default="", max_length=MAX_TITLE_CHARS)
    text: str
    url: WebLink = None
    source: str | None = Field(default=None, max_length=MAX_SOURCE_CHARS)
    published_at: str | None = Field(default=None, max_length=MAX_DATE_CHARS)
    language: str = Field(default="en", max_length=MAX_LANGUAGE_CHARS)
    version: str = Field(default="", description="content hash: a new version replaces the old")


class ArticleRecord(Article):
    """The output record: one `newsflow extract` line, one `articles.enriched` payload."""

    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
