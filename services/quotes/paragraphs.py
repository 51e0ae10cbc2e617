"""Which paragraph (line of text) an offset falls in: the parse's sentences may run over a
paragraph break, quotes and speakers never do."""

import re
from bisect import bisect_right

from spacy.tokens import Token

_SENTENCE_END = re.compile(r"[.?!:;][\"”’»)]*\s+")
#: "READ MORE: …", "WATCH: …": links to other stories, not this one's text
_TEASER = re.compile(r"[A-Z][A-Z ]{2,}:")
_HEADING_WORDS = 12


class Paragraphs:
    def __init__(self, text: str) -> None:
        #: the article text (`doc.text` rebuilds it on every access: keep it once)
        self.text = text
        #: offsets where a paragraph starts (just after each newline)
        self.starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.length = len(text)

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def is_prose(self, offset: int) -> bool:
        """Whether the paragraph holding `offset` is running text, not a heading, a caption
        line or a teaser for another story (those quote nobody)."""
        start, end = self.bounds(offset)
        line = self.text[start:end].strip()
        if _TEASER.match(line):
            return False
        return len(line.split()) > _HEADING_WORDS or line[-1:] in '.?!:;"”’»)'

    def same(self, a: Token, b: Token) -> bool:
        return self.of(a.idx) == self.of(b.idx)

    def bounds(self, offset: int) -> tuple[int, int]:
        """[start, end) of the paragraph holding `offset` (end excludes the newline)."""
        index = self.of(offset)
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else self.length
        return self.starts[index], end

    def sentence_start(self, offset: int) -> int:
        """Where the sentence holding `offset` starts, as far as punctuation shows (never
        before its paragraph)."""
        lo = self.bounds(offset)[0]
        ends = list(_SENTENCE_END.finditer(self.text, lo, offset))
        return ends[-1].end() if ends else lo
