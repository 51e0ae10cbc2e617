"""A parsed article -> its canonical entities (CONTRACT.md's `entities`).

Steps: the model's spans are repaired (`repair.py`: boundaries, headline lines, spans glued
across "of", labels, page furniture), people are linked (`people.py`, `references.py`) and
the rest grouped (`merge.py`), the alias table names the groups, and vague dates ("the
previous year") are dropped. Work is linear in the article's tokens and entity spans.
Offsets in the output are end-exclusive `str` indices into `doc.text`, so for every mention
`doc.text[start:end] == text`.
"""

import hashlib
import re

from spacy.tokens import Doc

from services.entities.aliases import AliasTable, default_alias_table
from services.entities.mentions import KEPT_LABELS
from services.entities.merge import Cluster, clusters
from services.entities.repair import repaired_mentions
from services.nlp.lexicon import fold
from shared.records import Entity, Span

_SLUG_JUNK = re.compile(r"[^\w]+")
_CALENDAR = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)


def entity_id(name: str, type_: str) -> str:
    """Stable across articles: the same canonical name and type give the same id.

    URL-path safe (letters, digits, "-", "_", ":"; no "/"): "person:vladimir-putin",
    "gpe:united-states". Case, accents and punctuation don't change it.
    """
    slug = _SLUG_JUNK.sub("-", fold(name)).strip("-_")
    if not slug:
        slug = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{_SLUG_JUNK.sub('-', type_.lower()).strip('-')}:{slug}"


def extract_entities(doc: Doc, *, aliases: AliasTable | None = None) -> list[Entity]:
    """The article's entities, in order of first mention.

    `aliases`: the table loaded at start-up (`aliases.load_alias_table`); None uses the
    default table shipped with the package.
    """
    table = default_alias_table() if aliases is None else aliases
    mentions = repaired_mentions(doc, table)
    return [
        _entity(doc, cluster)
        for cluster in clusters(doc, mentions, table)
        if cluster.type in KEPT_LABELS and _countable(cluster)
    ]


def _countable(cluster: Cluster) -> bool:
    return cluster.type != "DATE" or bool(_CALENDAR.search(cluster.name))


def _entity(doc: Doc, cluster: Cluster) -> Entity:
    mentions = []
    aliases: dict[str, None] = {}
    for m in cluster.mentions:
        span = doc[m.start : m.end]
        mentions.append(Span(start=span.start_char, end=span.end_char, text=span.text))
        if m.named:
            aliases.setdefault(" ".join(span.text.split()), None)
    aliases.setdefault(cluster.name, None)
    return Entity(
        id=entity_id(cluster.name, cluster.type),
        name=cluster.name,
        type=cluster.type,
        aliases=list(aliases),
        mentions=mentions,
        role=cluster.role,
    )
