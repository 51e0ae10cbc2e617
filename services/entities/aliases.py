"""The alias table: surface names -> the canonical name (and type) a newsroom uses.

A default table ships with the package (`default_aliases.json`: "U.S." -> "United States");
users extend or override it with their own JSON or CSV file (setting `alias_table`):

- JSON: `{"Xi": "Xi Jinping"}` or `{"Xi": {"name": "Xi Jinping", "type": "PERSON"}}`, or a
  list of `{"alias": ..., "name": ..., "type"?: ...}` objects;
- CSV: rows `alias,name[,type]` (a first row `alias,name[,type]` is a header; `#` comments).

`load_alias_table` is the only function here that reads files; the app calls it once at
start-up and passes the table to `extract_entities`.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from services.entities.names import name_key

DEFAULT_TABLE = "default_aliases.json"


class AliasTableError(ValueError):
    """An alias table file that cannot be read or has a bad row (the message names which)."""


@dataclass(frozen=True)
class Canonical:
    name: str
    type: str | None = None  # None: the alias keeps the entity's own type


@dataclass(frozen=True)
class AliasTable:
    """Lookup by name key (case, accents and punctuation ignored: "US" finds "U.S.")."""

    entries: dict[str, Canonical] = field(default_factory=dict)

    def lookup(self, name: str) -> Canonical | None:
        return self.entries.get(name_key(name))

    def extended(self, other: "AliasTable") -> "AliasTable":
        """This table with `other`'s entries added; `other` wins on the same alias."""
        return AliasTable({**self.entries, **other.entries})

    def __len__(self) -> int:
        return len(self.entries)


def parse_alias_table(text: str, *, fmt: str, origin: str = "<alias table>") -> AliasTable:
    """Parse a table given as text; `fmt` is "json" or "csv"."""
    rows = _json_rows(text, origin) if fmt == "json" else _csv_rows(text, origin)
    entries: dict[str, Canonical] = {}
    for alias, name, type_ in rows:
        if not name_key(alias) or not name.strip():
            raise AliasTableError(f"{origin}: empty alias or name in row {alias!r} -> {name!r}")
        canonical = Canonical(name.strip(), type_.strip().upper() if type_ else None)
        entries[name_key(alias)] = canonical
        entries.setdefault(name_key(name), canonical)
    return AliasTable(entries)


@cache
def default_alias_table() -> AliasTable:
    text = resources.files("services.entities").joinpath(DEFAULT_TABLE).read_text("utf-8")
    return parse_alias_table(text, fmt="json", origin=DEFAULT_TABLE)


def load_alias_table(path: str | Path | None) -> AliasTable:
    """The default table extended with the user's file at `path` (None: the default alone)."""
    if path is None or str(path) == "":
        return default_alias_table()
    file = Path(path)
    fmt = "csv" if file.suffix.lower() == ".csv" else "json"
    try:
        text = file.read_text("utf-8-sig")
    except OSError as error:
        raise AliasTableError(f"cannot read alias table {str(file)!r}: {error.strerror}") from error
    return default_alias_table().extended(parse_alias_table(text, fmt=fmt, origin=str(file)))


Row = tuple[str, str, str | None]


def _json_rows(text: str, origin: str) -> list[Row]:
    try:
        value: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise AliasTableError(f"{origin}: invalid JSON ({error})") from error
    if isinstance(value, dict):
        items = [(alias, target) for alias, target in value.items()]
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        items = [(item.get("alias", ""), item) for item in value]
    else:
        raise AliasTableError(f"{origin}: expected a JSON object or a list of objects")
    rows: list[Row] = []
    for alias, target in items:
        if isinstance(target, str):
            rows.append((str(alias), target, None))
        elif isinstance(target, dict) and isinstance(target.get("name"), str):
            type_ = target.get("type")
            rows.append((str(alias), target["name"], type_ if isinstance(type_, str) else None))
        else:
            raise AliasTableError(f"{origin}: alias {alias!r} needs a name (got {target!r})")
    return rows


def _csv_rows(text: str, origin: str) -> list[Row]:
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    rows: list[Row] = []
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines))), start=1):
        cells = [cell.strip() for cell in row]
        if number == 1 and [c.lower() for c in cells[:2]] == ["alias", "name"]:
            continue
        if len(cells) < 2 or len(cells) > 3:
            raise AliasTableError(f"{origin}: row {number} {row!r} is not alias,name[,type]")
        rows.append((cells[0], cells[1], cells[2] if len(cells) == 3 and cells[2] else None))
    return rows
