"""A title for an article that came without one. No I/O.

A reader needs something to call an article by: a raw id or "(untitled)" says nothing. When
neither the producer nor the page gives a title, the URL's slug gives one when it reads as a
headline (`/news/emails-reveal-ottawa-explains-ptsd-treatment-1.4962005` -> "Emails reveal
Ottawa explains PTSD treatment", each word in the case the text writes it), else the text's
first sentence does. Either is cut at a word to `MAX_DERIVED_TITLE_CHARS`.
"""

import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from services.ingest.fields import shortened

MAX_DERIVED_TITLE_CHARS = 200
_MIN_SLUG_WORDS = 3
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?|jsp|cms)$", re.IGNORECASE)
_INDEX_PAGE = re.compile(r"^(?:index|default)(?:\.\w+)?$", re.IGNORECASE)
_SLUG_SEPARATORS = re.compile(r"[-_+\s]+")
#: words CMSs put before every slug of a site: no part of the headline
_SLUG_PREFIXES = frozenset({"article", "story"})
#: a clitic split off by the slug ("korea-s", "don-t") goes back on its word with an apostrophe
_CLITICS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})
_SENTENCE_END = re.compile(r"([.!?…]+)[\"”’')\]]*(?=\s|$)")
#: words a period follows without ending the sentence (English news usage)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt cmdr adm maj prof rev hon fr mt ft "
    "no inc ltd co corp vs etc jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WORD_BEFORE = re.compile(r"(\S+)$")
_OPENING = " \t\"“‘'(["


def derived_title(url: str | None, text: str) -> str:
    """The URL's slug as words when it reads as a headline, else the first sentence of
    `text` (non-empty for any text that is not blank)."""
    title = slug_title(url, text) or first_sentence(text)
    return shortened(title, MAX_DERIVED_TITLE_CHARS)


def slug_title(url: str | None, text: str = "") -> str | None:
    """The last path segment of `url` as a headline, or None when it does not read as one
    (fewer than three words, mostly digits or a hash). Trailing ids (`-1.4962005`,
    `_a_23618955`) and page suffixes (`.html`) are dropped; each word takes the case `text`
    writes it in (lower case when the text never has it)."""
    if not url:
        return None
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s.strip()]
    while segments and _INDEX_PAGE.match(segments[-1]):
        segments.pop()
    if not segments:
        return None
    words = [w for w in _SLUG_SEPARATORS.split(_PAGE_SUFFIX.sub("", segments[-1])) if w]
    while words and any(c.isdigit() for c in words[-1]):
        words.pop()  # an id at the end, and the one-letter tag before it (`_a_23618955`)
        if words and len(words[-1]) == 1:
            words.pop()
    if len(words) > _MIN_SLUG_WORDS and words[0].lower() in _SLUG_PREFIXES:
        words = words[1:]
    words = _with_clitics(words)
    alphabetic = sum(w.replace("'", "").replace(".", "").isalpha() for w in words)
    if len(words) < _MIN_SLUG_WORDS or alphabetic * 3 < len(words) * 2:
        return None
    casing = _casing(text)
    cased = [_cased(word, casing) for word in words]
    title = " ".join(cased)
    return title[:1].upper() + title[1:]


def first_sentence(text: str) -> str:
    """The first sentence of the first non-blank line: up to the first `.`, `!` or `?` that is
    no abbreviation's (`Mr.`, `U.S.`, an initial), or the whole line."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    for end in _SENTENCE_END.finditer(line):
        before = _WORD_BEFORE.search(line, 0, end.start())
        if end.group(1) == "." and before and _abbreviation(before.group(1)):
            continue
        return line[: end.end()].strip()
    return line


def _abbreviation(word: str) -> bool:
    """A title (`Mr`, `Gen`), an initial (`J`) or a dotted abbreviation (`U.S`): the period
    after it ends no sentence."""
    word = word.lstrip("\"“‘'(")
    return "." in word or len(word) == 1 or word.lower() in _ABBREVIATIONS


def _with_clitics(words: list[str]) -> list[str]:
    """Letters in a row are initials (`u-s` -> `U.S.`); a clitic after a word goes back on it
    (`korea-s` -> `korea's`)."""
    joined: list[str] = []
    for word in words:
        initials = len(word) == 1 and joined and _initials(joined[-1])
        if initials:
            joined[-1] = joined[-1].rstrip(".") + "." + word.upper() + "."
        elif joined and len(joined[-1]) > 1 and word.lower() in _CLITICS:
            joined[-1] += "'" + word
        else:
            joined.append(word)
    return joined


def _initials(word: str) -> bool:
    return len(word) == 1 or (word.endswith(".") and word.replace(".", "").isupper())


def _casing(text: str) -> dict[str, str]:
    """Each word of `text` (lower-cased) -> how the text writes it inside a sentence: lower
    case when it ever does, else its most frequent spelling. A sentence's first word is
    capitalised whatever it is, so it counts only when a capitalised word follows it (the
    first name in "Mike Davis exits")."""
    inside: dict[str, Counter[str]] = {}
    first: dict[str, Counter[str]] = {}
    words = list(re.finditer(r"\w+", text))
    for index, match in enumerate(words):
        word = match.group()
        if not _starts_sentence(text, match.start()):
            inside.setdefault(word.lower(), Counter())[word] += 1
        elif index + 1 < len(words) and words[index + 1].group()[:1].isupper():
            first.setdefault(word.lower(), Counter())[word] += 1
    spellings = {**first, **inside}
    return {
        key: key if key in counts else counts.most_common(1)[0][0]
        for key, counts in spellings.items()
    }


def _starts_sentence(text: str, start: int) -> bool:
    while start > 0 and text[start - 1] in _OPENING:
        start -= 1
    return start == 0 or text[start - 1] in ".!?…\n"


def _cased(word: str, casing: dict[str, str]) -> str:
    if word.endswith("."):  # initials, already upper case
        return word
    base, apostrophe, clitic = word.partition("'")
    spelled = casing.get(base.lower(), base.lower())
    return spelled + apostrophe + clitic.lower()
