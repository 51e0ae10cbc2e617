"""Paragraphs an article repeats (pages and wire copy often repeat their lede). No I/O.

Repeats stay in `text` (deleting them would move every later offset); the counting side uses
these spans to count what they mention once.
"""

import re

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")  # lines up to a blank line
_WORD = re.compile(r"\w+")
MIN_WORDS = 4  # "Advertisement", datelines and bylines are not paragraphs worth matching


def repeated_paragraphs(text: str, *, min_words: int = MIN_WORDS) -> list[tuple[int, int]]:
    """End-exclusive `(start, end)` offsets into `text` of every paragraph that repeats an
    earlier one, in text order. Paragraphs are separated by blank lines (by single line breaks
    when the text has no blank line); two paragraphs are the same when their words are
    (case and punctuation ignored). Offsets exclude surrounding whitespace."""
    separator = _PARAGRAPH if re.search(r"\n\s*\n", text) else re.compile(r"[^\n]+")
    seen: set[tuple[str, ...]] = set()
    repeats: list[tuple[int, int]] = []
    for match in separator.finditer(text):
        words = tuple(_WORD.findall(match.group().casefold()))
        if len(words) < min_words:
            continue
        if words in seen:
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            end = match.end() - (len(match.group()) - len(match.group().rstrip()))
            repeats.append((start, end))
        else:
            seen.add(words)
    return repeats
