"""Text repairs: mojibake, HTML entities, Unicode NFC, whitespace. No I/O.

Two policies, because offsets index the record's `text`:

- `repair_body` (for a producer's `text`): a clean text comes back *unchanged, character for
  character*, so offsets computed on it hold against the producer's copy too. Only a text that
  is broken (mojibake such as ``CafÃ©``, HTML entities such as ``AT&amp;T`` in a text with no
  tags, non-NFC sequences) is rewritten; the record then carries the repaired text, which is
  what is published and what every offset indexes. Whitespace and line breaks are never touched.
- `tidy` (for text we derived ourselves from HTML or a feed, and for titles): the same repairs
  plus whitespace: runs of spaces collapsed, paragraphs separated by exactly one blank line.
"""

import re
import unicodedata

import ftfy

# Only the fixes that undo damage; none that restyle text (curly quotes, ligatures, widths and
# line breaks are meaningful to the extractors and would move offsets for nothing).
_REPAIR = ftfy.TextFixerConfig(
    unescape_html="auto",  # only when the text holds no '<': a text about HTML keeps its '&lt;'
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization="NFC",
    explain=False,
)

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# UTF-8 read as Latin-1/Windows-1252 always leaves a lead byte (U+00C2-U+00F4) followed by a
# continuation byte's character; C1 controls, lone surrogates and terminal escapes are damage
# too. Text with none of these (and no entity, and in NFC) has nothing for ftfy to fix, and
# this check costs a fraction of ftfy's own.
_DAMAGE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]|[\u0080-\u009f\ud800-\udfff\x1b\ufffd]"
)


def repair_body(text: str) -> str:
    """`text` repaired only where broken: mojibake, HTML entities, non-NFC. See module doc."""
    return ftfy.fix_text(text, _REPAIR) if needs_repair(text) else text


def needs_repair(text: str) -> bool:
    """Whether `text` shows damage ftfy could fix: mojibake, entities, C1 controls, non-NFC."""
    if text.isascii():
        return _ENTITY.search(text) is not None or "\x1b" in text
    return (
        _DAMAGE.search(text) is not None
        or _ENTITY.search(text) is not None
        or not unicodedata.is_normalized("NFC", text)
    )


def tidy(text: str) -> str:
    """Repaired text with tidy whitespace: single spaces, paragraphs split by one blank line."""
    repaired = ftfy.fix_text(text, _REPAIR) if needs_repair(text) else text
    repaired = unicodedata.normalize("NFC", repaired.replace("\u00a0", " "))
    lines = (_SPACES.sub(" ", line).strip() for line in _BLANK_LINES.split(repaired))
    return "\n\n".join(line for line in lines if line)


def tidy_line(text: str) -> str:
    """A title or name: repaired, on one line, single-spaced."""
    return " ".join(tidy(text).split())
