"""A mention: one stretch of tokens naming something, with the label the repairs settled on.

Token offsets (`start`, `end`) are end-exclusive indices into the spaCy `Doc`; the character
offsets of the output come from the doc (`doc[start:end].start_char`/`end_char`), so
`text[start_char:end_char]` is always the mention's text.
"""

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from services.nlp.lexicon import Gender

#: Labels whose mentions are counted as facts rather than merged by name.
FACT_LABELS = frozenset({"MONEY", "PERCENT", "DATE"})
#: Labels that become entities (CONTRACT.md): named things plus the facts.
KEPT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"}) | FACT_LABELS


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    role: str | None = None
    gender: Gender | None = None
    named: bool = True  # False for a role reference ("the minister"): a mention, not an alias

    def with_label(self, label: str) -> "Mention":
        return replace(self, label=label)

    def text(self, doc: Doc) -> str:
        return doc[self.start : self.end].text

    def words(self, doc: Doc) -> list[str]:
        """The mention's words without punctuation tokens ("Jae-in" stays one word)."""
        return _words(doc[self.start : self.end])


def _words(tokens: object) -> list[str]:
    words: list[str] = []
    glue = False
    for token in tokens:  # type: ignore[attr-defined]
        assert isinstance(token, Token)
        if token.is_punct and token.text not in "-'’":
            glue = False
            continue
        if glue and words:
            words[-1] += token.text
        else:
            words.append(token.text)
        glue = token.whitespace_ == "" or token.text in "-'’"
    return [w for w in words if any(c.isalnum() for c in w)]
