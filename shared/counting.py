"""What an article counts for: the rules the live aggregates and the archive's queries share.

Both the aggregate store (Redis, the hot window) and the archive (Parquet, read by DuckDB)
answer "top entities", "top speakers" and "co-mentions"; they must count alike, so the rules
live here, pure:

- only who/what entity types count (`COUNTED_TYPES`; dates, money and other facts do not);
- a mention inside a paragraph the article repeats (wire copy often repeats its lede) does
  not count again; an entity still counts at least one mention in an article that names it;
- a quote counts for a speaker when the speaker is named; its speaker id is the entity's id,
  else the id of an entity of the same name in the article, else one made from the name;
- co-mention pairs come from the `PAIR_ENTITIES` most mentioned entities of an article
  (then by id), so one long article adds a bounded number of pairs.
"""

import hashlib
import re

import orjson

from shared.records import ArticleRecord, Quote

#: entity types that answer "who / what" (facts such as DATE or MONEY are not counted)
COUNTED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
#: co-mention pairs come from at most this many entities per article (by mentions)
PAIR_ENTITIES = 8


def name_key(name: str) -> str:
    """How a speaker's name is looked up: case- and spacing-insensitive."""
    return " ".join(name.casefold().split())


def name_speaker_id(name: str) -> str:
    """The id of a speaker who is not one of the article's entities."""
    return "speaker:" + re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def inside(start: int, spans: list[tuple[int, int]]) -> bool:
    """True when offset `start` falls in one of the end-exclusive `spans`."""
    return any(low <= start < high for low, high in spans)


def attributed(record: ArticleRecord, quotes: list[Quote]) -> list[tuple[str, str, Quote]]:
    """(speaker id, speaker name, quote) for every quote of `quotes` whose speaker is named."""
    names = {e.id: e.name for e in record.entities}
    by_name = {name_key(e.name): e.id for e in record.entities if e.type in COUNTED_TYPES}
    out = []
    for quote in quotes:
        name = names.get(quote.speaker_entity_id or "") or quote.speaker_name
        if not name:
            continue
        speaker_id = quote.speaker_entity_id or by_name.get(name_key(name)) or name_speaker_id(name)
        out.append((speaker_id, name, quote))
    return out


def effective_version(record: ArticleRecord) -> str:
    """The record's `version`, or a hash of its content when the producer left it empty."""
    if record.version:
        return record.version
    content = record.model_dump(mode="json", exclude={"version"})
    digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return "h:" + digest[:24]
