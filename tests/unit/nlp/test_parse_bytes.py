"""A parse handed between stages as bytes: exactly spaCy's `DocBin` bytes, read back whole."""

import zlib

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from services.nlp.parse import _DOC_ATTRS, doc_from_bytes, doc_to_bytes
from tests.unit.texts import dev_texts, needs_dev_texts, seed_texts

#: empty and blank texts, a token that is "_" (how spaCy stores an empty morphology), line
#: breaks, odd Unicode, an entity at the very start and end
AWKWARD = [
    "",
    "   ",
    "_ _ x _",
    "Hello\n\n  world ☃ é — “quoted,” she said.\u00a0Done",
    "Angela Merkel met Emmanuel Macron in Paris",
    "Word",
]


def docbin_bytes(doc: Doc) -> bytes:
    bin_ = DocBin(attrs=_DOC_ATTRS, store_user_data=False)
    bin_.add(doc)
    return bin_.to_bytes()


def annotations(doc: Doc) -> list[tuple[object, ...]]:
    return [
        (t.text, t.whitespace_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_)
        + (t.ent_iob_, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


def check(docs: list[Doc]) -> None:
    for doc in docs:
        data = doc_to_bytes(doc)
        assert data == docbin_bytes(doc), doc.text[:60]
        rebuilt = doc_from_bytes(data, spacy.blank("en").vocab)
        (stock,) = DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab)
        assert rebuilt.text == doc.text
        assert annotations(rebuilt) == annotations(stock) == annotations(doc)
        assert [(e.start, e.end, e.label_) for e in rebuilt.ents] == [
            (e.start, e.end, e.label_) for e in doc.ents
        ]


def test_the_bytes_are_docbins_and_read_back_whole(nlp: Language):
    seeds = seed_texts()
    check(list(nlp.pipe(seeds + AWKWARD)))


@needs_dev_texts
def test_the_same_on_real_articles(nlp: Language):
    texts = dev_texts(20)
    check(list(nlp.pipe(texts, batch_size=8)))


def test_a_doc_with_span_groups_or_categories_keeps_them(nlp: Language):
    doc = nlp("Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
    doc.spans["people"] = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "PERSON")]
    doc.cats = {"politics": 1.0}
    data = doc_to_bytes(doc)
    assert data == docbin_bytes(doc)
    rebuilt = doc_from_bytes(data, spacy.blank("en").vocab)
    assert [(s.text, s.label_) for s in rebuilt.spans["people"]] == [
        ("Angela Merkel", "PERSON"),
        ("Emmanuel Macron", "PERSON"),
    ]
    assert rebuilt.cats == {"politics": 1.0}
    assert annotations(rebuilt) == annotations(doc)


def test_bytes_written_by_spacy_itself_are_read(nlp: Language):
    doc = nlp("Lavrov said ties were strong.")
    rebuilt = doc_from_bytes(docbin_bytes(doc), spacy.blank("en").vocab)
    assert annotations(rebuilt) == annotations(doc)


@pytest.mark.parametrize("data", [b"", b"not zlib", zlib.compress(b"\xc1"), zlib.compress(b"\x01")])
def test_bytes_that_are_no_parse_are_refused_with_a_clear_error(data: bytes):
    with pytest.raises(ValueError, match="not a spaCy DocBin"):
        doc_from_bytes(data, spacy.blank("en").vocab)
