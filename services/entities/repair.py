"""The model's entity spans -> repaired mentions (boundaries, headlines, glued spans, labels).

Pure: a parsed `Doc` and the alias table in, mentions (token offsets into the doc) out.
Order: boundaries (`boundaries.py`), headline-like lines (`headlines.py`), spans glued across
"of", labels (`person_spans.py`, `labels.py`), then overlaps, adjacent names and page
furniture (`furniture.py`).
"""

from collections import Counter, defaultdict
from dataclasses import replace

from spacy.tokens import Doc

from services.entities.aliases import AliasTable
from services.entities.boundaries import pieces, trim
from services.entities.furniture import furniture_ranges, inside
from services.entities.headlines import headline_ranges, known_parts
from services.entities.labels import demonym, facility, percentage
from services.entities.mentions import KEPT_LABELS, Mention
from services.entities.names import name_key
from services.entities.person_cues import looks_like_person
from services.entities.person_spans import repair_person
from services.entities.untagged import untagged_people
from services.nlp.lexicon import is_given_name

#: Labels kept for repairs though never output: people hide behind them ("Kyle Benning" as a
#: WORK_OF_ART), and the merge step turns them into PERSON mentions when they match a name.
CANDIDATE_LABELS = KEPT_LABELS | {"PRODUCT", "WORK_OF_ART", "LAW", "CARDINAL", "QUANTITY"}
_GLUABLE = frozenset({"GPE", "ORG", "LOC"})


class Surfaces:
    """How the article names things outside headlines: name key -> count and usual label."""

    def __init__(self, doc: Doc, mentions: list[Mention], aliases: AliasTable) -> None:
        self.aliases = aliases
        self.counts: Counter[str] = Counter()
        labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for m in mentions:
            key = name_key(m.text(doc))
            self.counts[key] += 1
            labels[key][m.label] += 1
        self.labels = {key: counter.most_common(1)[0][0] for key, counter in labels.items()}

    def label(self, key: str, *, elsewhere: int = 1) -> str | None:
        """The label of a name seen at least `elsewhere` times (or in the alias table)."""
        if self.counts[key] >= elsewhere:
            return self.labels[key]
        canonical = self.aliases.entries.get(key)
        return canonical.type if canonical and canonical.type else None


def repaired_mentions(doc: Doc, aliases: AliasTable) -> list[Mention]:
    raw = [p for ent in doc.ents if ent.label_ in CANDIDATE_LABELS for p in pieces(doc, ent)]
    headlines = headline_ranges(doc)
    in_headline = [any(a <= m.start and m.end <= b for a, b in headlines) for m in raw]
    surfaces = Surfaces(doc, [m for m, h in zip(raw, in_headline, strict=True) if not h], aliases)
    repaired: list[Mention] = []
    for m, headline in zip(raw, in_headline, strict=True):
        if headline:
            parts = _headline_parts(doc, m, surfaces)
        else:
            parts = _unglued(doc, m, surfaces)
        for part in parts:
            fixed = _relabelled(doc, part, aliases)
            if fixed is not None:
                repaired.append(fixed)
    repaired.extend(untagged_people(doc, headlines))
    repaired.sort(key=lambda m: (m.start, -m.end))
    furniture = furniture_ranges(doc.text)
    return [
        m
        for m in _joined(doc, _without_overlaps(repaired))
        if not furniture or not inside(furniture, doc[m.start].idx, doc[m.end - 1].idx + 1)
    ]


def _headline_parts(doc: Doc, m: Mention, surfaces: Surfaces) -> list[Mention]:
    """In a title-cased line: a name that starts with a given name stays whole; other spans
    keep only the parts the article names elsewhere (one-word spans and PERSON spans with no
    known part stay as they are)."""
    if is_given_name(doc[m.start].text) and m.end - m.start <= 4:
        return [m]
    parts = known_parts(doc, m, surfaces.label)
    if parts or m.end - m.start == 1 or m.label == "PERSON":
        return parts or [m]
    return []


def _unglued(doc: Doc, m: Mention, surfaces: Surfaces) -> list[Mention]:
    """ "the United States of China" -> "United States", "China" when the article (or the
    alias table) knows both halves and the whole is named nowhere else."""
    if m.label not in _GLUABLE:
        return [m]
    for i in range(m.start + 1, m.end - 1):
        if doc[i].lower_ != "of":
            continue
        if surfaces.label(name_key(m.text(doc)), elsewhere=2) is not None:
            return [m]
        left, right = trim(doc, m.start, i, m.label), trim(doc, i + 1, m.end, m.label)
        if left is None or right is None:
            return [m]
        left_label = surfaces.label(name_key(doc[left[0] : left[1]].text))
        right_label = surfaces.label(name_key(doc[right[0] : right[1]].text))
        if left_label and right_label:
            return [Mention(*left, left_label), Mention(*right, right_label)]
        return [m]
    return [m]


def _relabelled(doc: Doc, m: Mention, aliases: AliasTable) -> Mention | None:
    if m.label == "PERSON" or looks_like_person(doc, m, aliases):
        return repair_person(doc, m.with_label("PERSON"))
    return facility(doc, demonym(doc, percentage(doc, m)))


def _joined(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Two PERSON mentions side by side on one line are one name ("Sasha" + "Baron Cohen")."""
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.label == m.label == "PERSON"
            and last.end == m.start
            and "\n" not in doc[last.end - 1].whitespace_
        ):
            joined[-1] = replace(last, end=m.end)
        else:
            joined.append(m)
    return joined


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Sorted by start (longest first): drop any mention overlapping an earlier kept one."""
    kept: list[Mention] = []
    end = -1
    for m in mentions:
        if m.start >= end:
            kept.append(m)
            end = m.end
    return kept
