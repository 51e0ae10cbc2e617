"""How `newsflow up` shows an enriched record to a person."""

from collections import Counter

from services.ingest.titles import derived_title
from shared.records import ArticleRecord

_WHO_AND_WHAT = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")


def summary(record: ArticleRecord, *, max_entities: int = 12, max_quote_chars: int = 110) -> str:
    title = record.title or derived_title(record.url, record.text)  # a record made elsewhere
    lines = [f"── {title}  [{record.id}]"]
    if record.language != "en":
        lines.append(f"   language {record.language!r}: not extracted")
        return "\n".join(lines)
    people = sorted(
        (e for e in record.entities if e.type in _WHO_AND_WHAT),
        key=lambda e: (-len(e.mentions), e.name),
    )
    by_type = Counter(e.type for e in record.entities)
    lines.append("   entities: " + ", ".join(f"{n} {t}" for t, n in by_type.most_common()))
    for entity in people[:max_entities]:
        lines.append(f"     {entity.type:<7} {entity.name}  ({len(entity.mentions)} mentions)")
    lines.append(f"   quotes: {len(record.quotes)}")
    for quote in record.quotes:
        text = " ".join(quote.text.split())
        if len(text) > max_quote_chars:
            text = text[: max_quote_chars - 1] + "…"
        who = quote.speaker_name or "(no speaker)"
        said = (
            f" ({quote.speaker.text!r}, {quote.verb.text})" if quote.speaker and quote.verb else ""
        )
        lines.append(f"     {who}{said} [{quote.kind}]: {text}")
    return "\n".join(lines)
