"""Page furniture: the parts of a scraped news page that are not the story.

Photo credits ("( Richard Lautens / Toronto Star )", "Jeff McIntosh/The Canadian Press") and
the caption sentence right before them, photo-gallery captions, bylines and author notes
("Jennifer Yang is a Toronto-based reporter ...", "With files from ...", "... contributed to
this report"), links to other stories ("READ MORE: ...", "WATCH: ...") and video blurbs
("Tom Vernon has the latest."), and caption sentences ("Ontario Premier Doug Ford, right, meets
..."). Names there are credits, not the people in the news.

`furniture_ranges` returns end-exclusive character ranges into the text.
"""

import re
import sys
from bisect import bisect_right

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|la|le)){0,4}"
_CREDIT = re.compile(
    r"\(\s*[^()\n]{1,80}?/[^()\n]{1,80}?\)"  # ( Name / Agency )
    rf"|{_NAME}\s?/\s?(?:[A-Z][\w&'’-]*)(?:\s+[A-Z][\w&'’-]*){{0,3}}"  # Name/Agency
    r"|\(\s*(?:[\w ]{0,40}\s)?(?:file photo|Contributed|Handout|Getty Images|Dreamstime)\s*\)",
)
_LINES = re.compile(
    r"(?im)^[ \t\-–—•*|]*(?:with files from|read more|related|watch(?: below)?|earlier|also on"
    r" \w+|click here|more)\b[^\n]*"
    r"|^[ \t]*(?:By\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3},?\s+(?:The\s+)?"
    r"(?:Associated Press|Canadian Press|Reuters|AFP|Bloomberg)[ \t]*$"
    r"|Open this photo in gallery[^\n]*"
)
_BYLINE_CUES = re.compile(
    r"\b(?:contributed to this (?:story|report)|(?:^|(?<=\n)|(?<=[.!?] ))[A-Z][\w.'’-]+"
    r"(?: [A-Z][\w.'’-]+){1,3} is (?:an?|the) [\w ,'’-]{0,40}?(?:reporter|writer|"
    r"columnist|correspondent|contributor|editor)\b|Follow (?:him|her|them|us) on Twitter"
    r"|has (?:the details|more|the latest|the story)\s*(?:[.:(]|$)"
    r"|, (?:left|right|centre|center|top|bottom)(?: to right)?[,)]|\bfrom left\b|\bpictured\b)",
    re.MULTILINE,
)
_CAPTION_MAX = 400  # characters looked back for a caption: bounded work per credit
_SENTENCE_STOP = re.compile(r"[.!?\n]")
_SENTENCE_END = re.compile(r"[.!?][”\"')\]]?\s+")


def furniture_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges (end-exclusive) of credits, captions, bylines and story links, sorted
    and merged so that no two overlap."""
    ranges = [match.span() for match in _LINES.finditer(text)]
    for match in _BYLINE_CUES.finditer(text):
        start = (
            max(
                text.rfind(stop, max(0, match.start() - _CAPTION_MAX), match.start())
                for stop in ".!?\n"
            )
            + 1
        )
        stop = _SENTENCE_STOP.search(text, match.end(), match.end() + _CAPTION_MAX)
        ranges.append(
            (max(start, match.start() - _CAPTION_MAX), stop.end() if stop else match.end())
        )
    for match in _CREDIT.finditer(text):
        ranges.append((_caption_start(text, match.start()), match.end()))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _caption_start(text: str, credit: int) -> int:
    """Start of the sentence before a credit (the caption), within the same line."""
    line_start = max(text.rfind("\n", 0, credit) + 1, credit - _CAPTION_MAX)
    before = text[line_start:credit].rstrip()
    ends = [m.end() for m in _SENTENCE_END.finditer(before) if m.end() < len(before)]
    return line_start + (ends[-1] if ends else 0)


def inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of `ranges` (sorted, non-overlapping)."""
    i = bisect_right(ranges, (start, sys.maxsize)) - 1
    return i >= 0 and ranges[i][0] <= start and end <= ranges[i][1]
