"""A parsed article and its entities -> attributed quotes.

Passes over one parse (no re-parsing):
1. every reporting cue outside quotation marks (a reporting verb, "according to") yields the
   quotations beside it (direct: `“…,” she said`, `he said: “…”`) or its reported clause
   (indirect, or mixed when it holds quoted words);
2. quotations the parse missed are attributed from the words around them (`“…,” Sinclair
   states`, `Jane Doe: “…”`, `“…” — Jane Doe`); the earlier paragraphs of a quote over several
   paragraphs go to the speaker named at its end;
3. a quotation standing as its own sentence within two paragraphs after an attributed one
   continues that speaker (a floating quote), unless the words before it introduce another
   (`introductions.py`: "Jane Doe delivered a sharp retort: “…”").
Anything else in quotation marks (scare quotes, titles) is left out. Where two cues claim
overlapping text, a quotation beside its cue wins, then the closest cue. Offsets are
end-exclusive `str` indices into `doc.text`.
"""

from dataclasses import replace

from spacy.tokens import Doc

from services.nlp.linear import LinearModel
from services.quotes.adjacent import around
from services.quotes.attribution import Attribution, attributions
from services.quotes.cues import DOCUMENT_NOUNS
from services.quotes.floating import standalone_quotes
from services.quotes.introductions import Introductions
from services.quotes.learned import AttributionJudge, default_attribution_model
from services.quotes.marks import Quotation, QuotationIndex, find_quotations
from services.quotes.paragraphs import Paragraphs
from services.quotes.signed import signed
from services.quotes.spans import SpanSet
from services.quotes.speakers import Speaker, SpeakerResolver
from shared.records import Entity, Quote, QuoteKind, Span


def extract_quotes(
    doc: Doc, entities: list[Entity], model: LinearModel | None = None
) -> list[Quote]:
    """Every attributed quote of the article, in text order. Needs the dependency parse (a
    pipeline without a parser gives no quotes rather than an error). `model`: the learned
    attribution model (`services.quotes.learned`); None takes the one shipped."""
    if not doc.has_annotation("DEP"):
        return []
    text = doc.text
    quotations = find_quotations(text)
    resolver = SpeakerResolver(doc, entities, QuotationIndex(quotations))
    paragraphs = Paragraphs(text)
    introductions = Introductions(resolver, paragraphs)
    judge = AttributionJudge(model if model is not None else default_attribution_model())
    candidates = [
        item
        for item in attributions(doc, quotations, paragraphs, judge.may_cue)
        if judge.keeps(doc, item)
    ]
    candidates += around(
        doc, quotations, SpanSet([(a.start, a.end) for a in candidates]), paragraphs
    )
    candidates += signed(
        doc, quotations, SpanSet([(a.start, a.end) for a in candidates]), resolver.person_at, text
    )
    found: list[tuple[int, int, Attribution]] = []
    kept = SpanSet()
    for item in sorted(candidates, key=_distance):
        span = (item.start, item.end)
        if not any(_overlaps(span, other) for other in kept.overlapping(*span)):
            found.append((item.start, item.end, item))
            kept.add(*span)
    found += _opened_earlier(text, quotations, found)
    found.sort(key=lambda x: x[0])
    quotes: list[Quote] = []
    previous: Speaker | None = None
    floating = standalone_quotes(text, quotations, SpanSet([(s, e) for s, e, _ in found]))
    events: list[tuple[int, int, Attribution | None]] = sorted(
        [(s, e, a) for s, e, a in found] + [(s, e, None) for s, e in floating], key=lambda x: x[0]
    )
    last_end = -1
    for start, end, cue in events:
        if cue is None:
            introduced = introductions.speaker(start, kept, previous)
            if introduced is not None:
                speaker = introduced
            elif previous is not None and _near(text, last_end, start):
                speaker = previous
            else:
                continue
            quotes.append(_quote(text, start, end, "direct", speaker, None, floating=True))
            previous, last_end = speaker, end
            continue
        speaker = resolver.resolve(cue.speaker, previous, (start, end))
        if cue.kind == "indirect" and speaker.entity_id is None and _document(cue):
            continue
        quotes.append(_quote(text, start, end, cue.kind, speaker, cue.verb_span))
        previous, last_end = speaker, end
    return quotes


def _quote(
    text: str,
    start: int,
    end: int,
    kind: QuoteKind,
    speaker: Speaker,
    verb: Span | None,
    floating: bool = False,
) -> Quote:
    """A floating quote names its speaker (the previous one) but has no mention of its own."""
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        speaker_name=speaker.name,
        speaker_entity_id=speaker.entity_id,
        speaker=None if floating else speaker.mention,
        verb=verb,
    )


def _opened_earlier(
    text: str, quotations: list[Quotation], found: list[tuple[int, int, Attribution]]
) -> list[tuple[int, int, Attribution]]:
    """Paragraphs of a quote left open that runs on to an attributed paragraph: the
    attribution at the end covers them too (`“… ¶ “… ¶ “…,” she said`)."""
    by_start = {s: a for s, _, a in found}
    added: list[tuple[int, int, Attribution]] = []
    for q, following in reversed(list(zip(quotations, quotations[1:], strict=False))):
        cue = by_start.get(following.start)
        if q.closed or q.start in by_start or cue is None or text[q.end : following.start].strip():
            continue
        if cue.kind != "direct":
            continue
        by_start[q.start] = replace(cue, start=q.start, end=q.end)
        added.append((q.start, q.end, by_start[q.start]))
    return added


def _document(cue: Attribution) -> bool:
    """A paper with no named owner as the subject of a cue ("reports say …", "records
    indicated …"); "according to the study" and "the report said" are attributions all the
    same."""
    if cue.verb_span is not None and cue.verb_span.text.lower().startswith("according"):
        return False
    head = cue.speaker
    said = cue.cue is not None and cue.cue.lemma_.lower() == "say"
    if said and any(c.dep_ in ("det", "poss") and c.lower_ != "a" for c in head.children):
        return False  # "…, the report said": one paper the story is about
    return head.lemma_.lower() in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS


def _distance(item: Attribution) -> tuple[int, int]:
    """Quotations beside their cue first, then the closest cue: of two cues claiming one
    quotation, the one next to it wins."""
    verb = item.verb_span
    if verb is None:
        return (0 if item.beside_marks else 1, 0)
    return (0 if item.beside_marks else 1, max(0, item.start - verb.end, verb.start - item.end))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0.5 * min(a[1] - a[0], b[1] - b[0])


def _near(text: str, last_end: int, start: int, paragraphs: int = 2) -> bool:
    """Whether `start` is at most `paragraphs` paragraph breaks after `last_end`."""
    return last_end >= 0 and text.count("\n", last_end, start) <= paragraphs * 2
