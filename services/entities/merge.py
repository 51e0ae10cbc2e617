"""Mentions -> clusters: one per real-world thing, with its canonical (fullest) name.

People are linked by `people.py`. Other names are grouped by their alias-table canonical name
or their name key ("the United States", "U.S." and "US" are one GPE); an all-capitals ORG
equal to the initials of a longer ORG joins it ("IFSD"). Facts (money, percentages, dates) are
grouped by their text. After grouping, the alias table renames whole clusters ("Xi" ->
"Xi Jinping" when a user table says so) and clusters that now share a name and type merge.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from services.entities.aliases import AliasTable, Canonical
from services.entities.mentions import FACT_LABELS, KEPT_LABELS, Mention
from services.entities.names import name_key
from services.entities.people import link_people

_PLACES_AND_GROUPS = frozenset({"GPE", "LOC", "ORG", "NORP", "FAC", "EVENT"})
_VOTED = frozenset({"GPE", "LOC", "ORG", "FAC", "NORP"})
_GLUED_POSSESSIVE = re.compile(r"(?<=\w\w)['‘’ʼ`´][sS]$")
_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "&"})


@dataclass
class Cluster:
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None


def clusters(doc: Doc, mentions: list[Mention], aliases: AliasTable) -> list[Cluster]:
    people, rest = link_people(doc, mentions, aliases)
    found = [_person_cluster(doc, p.mentions) for p in people]
    groups: dict[tuple[str, str], Cluster] = {}
    for m in _one_label_per_name(doc, rest):
        if m.label not in KEPT_LABELS or m.label == "PERSON":
            continue
        type_, key, canonical = _keyed(doc, m, aliases)
        cluster = groups.setdefault((type_, key), Cluster(type_, canonical or ""))
        cluster.mentions.append(m.with_label(type_))
    for cluster in groups.values():
        cluster.name = cluster.name or _fullest(doc, cluster.mentions)
    found.extend(_join_initials(list(groups.values())))
    return _renamed(doc, found, aliases)


def _one_label_per_name(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A place or organisation name the model labels several ways in one article ("Edmonton"
    as GPE and as ORG) gets its most frequent label, a GPE vote counting twice: the small model
    reads towns as organisations far more often than the reverse (ties: the first seen)."""
    votes: dict[str, Counter[str]] = {}
    keys = [name_key(m.text(doc)) if m.label in _VOTED else "" for m in mentions]
    for m, key in zip(mentions, keys, strict=True):
        if key:
            votes.setdefault(key, Counter())[m.label] += 2 if m.label == "GPE" else 1
    return [
        m.with_label(votes[key].most_common(1)[0][0]) if key else m
        for m, key in zip(mentions, keys, strict=True)
    ]


def _keyed(doc: Doc, m: Mention, aliases: AliasTable) -> tuple[str, str, str | None]:
    text = m.text(doc)
    if m.label in FACT_LABELS:
        return m.label, " ".join(text.split()), None
    canonical = _compatible(aliases.lookup(text), m.label)
    if canonical is not None:
        type_ = canonical.type or m.label
        return type_, name_key(canonical.name), canonical.name
    return m.label, name_key(text), None


def _compatible(canonical: Canonical | None, label: str) -> Canonical | None:
    if canonical is None or canonical.type is None or canonical.type == label:
        return canonical
    both_things = canonical.type in _PLACES_AND_GROUPS and label in _PLACES_AND_GROUPS
    return canonical if both_things else None


def _person_cluster(doc: Doc, mentions: list[Mention]) -> Cluster:
    role = next((m.role for m in mentions if m.role), None)
    return Cluster("PERSON", _fullest(doc, mentions), mentions, role)


def _fullest(doc: Doc, mentions: list[Mention]) -> str:
    """The surface with the most words; ties go to one not in capitals ("JOHN SMITH" in a
    headline), then the most frequent, then the first."""
    surfaces = [_surface(m.text(doc)) for m in mentions if m.named] or [
        _surface(m.text(doc)) for m in mentions
    ]
    counts = Counter(surfaces)
    order = {s: -i for i, s in reversed(list(enumerate(surfaces)))}
    return max(counts, key=lambda s: (len(s.split()), not s.isupper(), counts[s], order[s]))


def _surface(text: str) -> str:
    """A mention's words, spaces collapsed, without a possessive the tokenizer left glued on
    ("JOHN SMITH'S")."""
    return _GLUED_POSSESSIVE.sub("", " ".join(text.split()))


def _join_initials(groups: list[Cluster]) -> list[Cluster]:
    """Merge an all-capitals ORG ("USGA") into the ORG whose initials it spells ("U.S. Golf
    Association")."""
    by_initials: dict[str, Cluster] = {}
    for cluster in groups:
        words = [w for w in cluster.name.split() if w.lower() not in _INITIALS_SKIP]
        if cluster.type == "ORG" and len(words) >= 2:
            by_initials.setdefault("".join(map(_initials, words)).upper(), cluster)
    kept = []
    for cluster in groups:
        target = by_initials.get(cluster.name.replace(".", ""))
        if cluster.type == "ORG" and cluster.name.isupper() and target and target is not cluster:
            target.mentions.extend(cluster.mentions)
        else:
            kept.append(cluster)
    return kept


def _initials(word: str) -> str:
    """ "Golf" -> "G"; an abbreviation gives all its capitals: "U.S." -> "US"."""
    return "".join(c for c in word if c.isupper()) if "." in word else word[0]


def _renamed(doc: Doc, found: list[Cluster], aliases: AliasTable) -> list[Cluster]:
    """Apply the alias table to whole clusters, then merge clusters with the same name and type."""
    merged: dict[tuple[str, str], Cluster] = {}
    for cluster in found:
        if cluster.type not in FACT_LABELS:
            surfaces = [cluster.name, *(m.text(doc) for m in cluster.mentions if m.named)]
            hits = (_compatible(aliases.lookup(s), cluster.type) for s in surfaces)
            canonical = next((c for c in hits if c is not None), None)
            if canonical is not None:
                cluster.name, cluster.type = canonical.name, canonical.type or cluster.type
        key = (cluster.type, name_key(cluster.name))
        if key in merged:
            merged[key].mentions.extend(cluster.mentions)
            merged[key].role = merged[key].role or cluster.role
        else:
            merged[key] = cluster
    result = list(merged.values())
    for cluster in result:
        cluster.mentions.sort(key=lambda m: m.start)
    result.sort(key=lambda c: c.mentions[0].start)
    return result
