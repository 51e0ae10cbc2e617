"""Who "he", "she" or a description of one person stands for: a salience model over the
sentences before it (no coreference library, no weights to download).

Sentence by sentence backwards (never across a paragraph's start within a sentence), the
first sentence with a compatible person *subject* decides; the candidates rank as
`salience.py` says (a main-clause subject first, a name modifying another noun last). A "he"
or "she" of the same gender that is a subject stands for whom it was resolved to (a chain:
"Tom Baker … Last year he hired Bill Evans. ¶ He said …" is Tom Baker), and so does a
description that is a subject ("The former ambassador stated … He said …"). Any other
mention (an object: "She met John Smith") is taken only when no subject is found within
`SUBJECT_WITHIN` sentences.

A person named inside quotation marks is someone the speaker talks about, never the
speaker: such mentions are no candidates. Gender must agree where the article shows it
(`genders.py`); among equals the previous speaker wins, then the first named.
"""

from collections.abc import Callable

from spacy.tokens import Doc, Token

from services.nlp.lexicon import Gender, pronoun_gender
from services.quotes.descriptions import (
    UnnamedPeople,
    describes_one_person,
    noun_gender,
    refers_back,
)
from services.quotes.mentions import ArticleMentions
from services.quotes.salience import (
    EMBEDDED,
    MAIN,
    MODIFIER,
    OTHER,
    main_clause,
    mention_end,
    rank,
    root_of,
)
from shared.records import Entity

#: how many sentences back a subject is looked for before another mention is taken
SUBJECT_WITHIN = 2
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: a description with modifiers ("the laid-back Toronto resident") stands for a person named
#: this close; a bare role noun ("the candidate") for a person of this many sentences
_DESCRIBED_WITHIN = 3
_REFERS_WITHIN = 2
#: how many pronouns back a chain is followed ("he" standing for a "he" standing for …)
_CHAIN_DEPTH = 3


class Antecedents:
    """Built once per article; `quoted(offset)` tells whether a character offset lies inside
    quotation marks."""

    def __init__(self, doc: Doc, mentions: ArticleMentions, quoted: Callable[[int], bool]) -> None:
        self.doc = doc
        self.mentions = mentions
        self.quoted = quoted
        self._chains: dict[int, Entity | None] = {}
        self.unnamed = UnnamedPeople(doc, mentions.by_token)

    def person(
        self,
        head: Token,
        gender: Gender | None,
        previous: str | None,
        sentences: int = 8,
        depth: int = 0,
        most: int = MODIFIER,
        exclude: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """The person `head` most likely stands for, looking back at most `sentences`
        sentences; `previous`: the entity id of the previous speaker; `most`: the least
        salient rank taken (0: a main-clause subject only); `exclude`: ids it cannot stand
        for (the people named in the words it reports: "he said Baker lied" is not Baker)."""
        end = head.i
        fallback: tuple[int, Entity] | None = None
        for n in range(sentences):
            start = self.unit_start(end - 1) if end > 0 else 0
            ranked = self._candidates(start, end, gender, previous, depth)
            ranked = [c for c in ranked if c[0] <= most and c[1].id not in exclude]
            best = min(ranked, key=lambda c: c[0], default=None)
            if best is not None and best[0] < OTHER:
                return self.mentions.fullest(self._pick(ranked, best[0], previous), head.i)
            if best is not None and (fallback is None or best[0] < fallback[0]):
                fallback = (best[0], self._pick(ranked, best[0], previous))
            if fallback is not None and fallback[0] == OTHER and n + 1 >= SUBJECT_WITHIN:
                break
            if start == 0:
                break
            end = start
        return self.mentions.fullest(fallback[1], head.i) if fallback is not None else None

    def unit_start(self, i: int) -> int:
        """Start of the sentence holding token `i`, never before its paragraph (the parse's
        sentences may run over a paragraph break)."""
        first = self.doc[i].sent.start
        k = i
        while k > first and "\n" not in self.doc[k - 1].text:
            k -= 1
        return k

    # -- candidates ------------------------------------------------------------------
    def _candidates(
        self, start: int, end: int, gender: Gender | None, previous: str | None, depth: int
    ) -> list[tuple[int, Entity]]:
        """(rank, entity) of every compatible person mentioned in tokens [start, end)."""
        found: list[tuple[int, Entity]] = []
        seen: set[int] = set()
        for i, entity in self.mentions.persons_between(start, end):
            if i in seen:
                continue
            last = mention_end(self.mentions.by_token, i, end)
            seen.update(range(i, last + 1))
            if self.quoted(self.doc[i].idx):
                continue
            if not self._fits(entity, gender):
                namesake = self.mentions.namesake(i, last, entity, lambda p: self._fits(p, gender))
                if namesake is None:
                    continue
                entity = namesake
            root = root_of(self.doc[i : last + 1])
            if root.dep_ == "appos":
                seen.add(root.head.i)  # "the other man, his cousin James York,": one person
            found.append((rank(root, self.mentions.by_token), entity))
        if depth >= _CHAIN_DEPTH:
            return found
        for token in self.doc[start:end]:
            if token.dep_ not in _SUBJECTS or token.i in seen or self.quoted(token.idx):
                continue
            said = pronoun_gender(token.text)
            if said is not None and gender in (None, said):
                chained = self._chain(token, said, previous, depth + 1)
            elif said is None and token.pos_ == "NOUN" and refers_back(token):
                chained = self._description(token, previous, depth + 1)
                chained = chained if chained is not None and self._fits(chained, gender) else None
            else:
                continue
            if chained is not None:
                found.append((MAIN if main_clause(token) else EMBEDDED, chained))
        return found

    def described(
        self,
        head: Token,
        previous: str | None,
        depth: int = 0,
        exclude: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """The person a description stands for: a name in apposition ("the ambassador at
        the time, John Hale,"); "the 39-year-old founder", "the laid-back Toronto resident"
        (modifiers or an age) the person named within the sentences just before; "the
        candidate", "the actress" (a bare role noun) a person named in its own sentence or
        the one before, else the previous speaker. Nobody when an indefinite noun of the same
        word introduced someone unnamed before ("a nurse … the nurse said"); never one of
        `exclude`."""
        named = self._appositive_name(head)
        if named is not None:
            return named
        if previous in exclude:
            previous = None
        if self.unnamed.introduced_before(head):
            return None
        gender = noun_gender(head)
        if describes_one_person(head):
            return self.person(head, gender, previous, _DESCRIBED_WITHIN, depth, exclude=exclude)
        subject = self.person(head, gender, previous, _REFERS_WITHIN, depth, exclude=exclude)
        if subject is not None or previous is None:
            return subject
        speaker = next((p for p in self.mentions.persons if p.id == previous), None)
        return speaker if speaker is not None and self._fits(speaker, gender) else None

    def _appositive_name(self, head: Token) -> Entity | None:
        for token in head.subtree:
            entity = self.mentions.by_token.get(token.i)
            if entity is not None and entity.type == "PERSON" and token.dep_ == "appos":
                return self.mentions.fullest(entity, head.i)
        return None

    def _description(self, token: Token, previous: str | None, depth: int) -> Entity | None:
        if token.i not in self._chains:
            titled = self.mentions.titled(token)
            if titled is not None and titled.type == "PERSON":
                self._chains[token.i] = titled
            else:
                self._chains[token.i] = self.described(token, previous, depth)
        return self._chains[token.i]

    def _chain(
        self, pronoun: Token, gender: Gender, previous: str | None, depth: int
    ) -> Entity | None:
        if pronoun.i not in self._chains:
            self._chains[pronoun.i] = self.person(pronoun, gender, previous, depth=depth)
        return self._chains[pronoun.i]

    def _fits(self, entity: Entity, gender: Gender | None) -> bool:
        return gender is None or self.mentions.gender.get(entity.id, gender) == gender

    @staticmethod
    def _pick(ranked: list[tuple[int, Entity]], rank: int, previous: str | None) -> Entity:
        pool = [e for r, e in ranked if r == rank]
        again = [e for e in pool if e.id == previous]
        return again[0] if again else pool[0]
