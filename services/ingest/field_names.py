"""Producers' field names -> the article schema's. No I/O.

Datasets and feeds name the same metadata differently: the Gender Gap Tracker says `outlet`,
PolNeAR `publisher`, Open Graph `site_name`, RSS `pubDate`, NewsAPI `publishedAt`. These
common names are understood as the schema's own (`COMMON_NAMES`); a producer maps any other
name itself (`newsflow publish --field NAME=field`, or `NEWSFLOW_FIELD_MAP` for the ingest
worker, so a plain `XADD` gets the same treatment as the command line).

Which value a field takes, first present first (an absent, null or blank value is not
present): the producer's mapped names, in the order given; the schema's own name; the common
names, in `COMMON_NAMES` order. A mapped or common name's value is the producer's statement,
held to the field's bounds like the schema's own name: `to_article` names the field as the
producer wrote it when it rejects one (`field 'date' (as 'published_at')`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.records import INPUT_FIELDS

#: common input names -> the schema field each one means (CONTRACT.md, "Additions")
COMMON_NAMES: dict[str, str] = {
    "outlet": "source",
    "publisher": "source",
    "site_name": "source",
    "headline": "title",
    "date": "published_at",
    "pubDate": "published_at",
    "publish_date": "published_at",
    "publishedAt": "published_at",  # NewsAPI
    "datePublished": "published_at",  # schema.org NewsArticle
}
_QUOTED_FIELD = re.compile(r"field '([a-z_]+)'")


@dataclass(frozen=True)
class Renamed:
    """A payload under the schema's names; `given_as` maps a schema field to the producer's
    name for it, where they differ."""

    fields: dict[str, Any]
    given_as: dict[str, str] = field(default_factory=dict)

    def named_as_given(self, message: str) -> str:
        """`message` with each `field 'published_at'` the producer called otherwise shown as
        `field 'date' (as 'published_at')`."""

        def as_given(match: re.Match[str]) -> str:
            name = match.group(1)
            given = self.given_as.get(name)
            return f"field {given!r} (as {name!r})" if given else match.group(0)

        return _QUOTED_FIELD.sub(as_given, message)


def renamed(payload: Mapping[str, Any], field_map: Mapping[str, str] | None = None) -> Renamed:
    """`payload` with each schema field taken from the first present of its names (see the
    module doc). A name that gave its value is removed; every other key is kept as it was."""
    field_map = field_map or {}
    fields = dict(payload)
    given_as: dict[str, str] = {}
    for target in INPUT_FIELDS:
        for name in _names_of(target, field_map):
            value = _value(target, payload.get(name))
            if value is None:
                continue
            if name != target:
                fields.pop(name, None)
                given_as[target] = name
            fields[target] = value
            break
    return Renamed(fields, given_as)


def _names_of(target: str, field_map: Mapping[str, str]) -> list[str]:
    mapped = [name for name, to in field_map.items() if to == target]
    common = [name for name, to in COMMON_NAMES.items() if to == target and name not in field_map]
    return [*mapped, target, *common]


def _value(target: str, value: Any) -> Any:
    """The value a name gives its field; None when it gives none (absent, null, blank).
    A source given as an object with a `name` (NewsAPI's `source`, schema.org's `publisher`)
    gives its name. Any other value is passed on for `to_article` to check."""
    if target == "source" and isinstance(value, Mapping):
        value = value.get("name")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value
