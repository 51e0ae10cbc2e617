"""Where an article names its people and organisations, for resolving speakers: which entity
each token belongs to, every person mention in order, who is "he" or "she", and how a
surname, a title ("the mayor") or an organisation word ("the city") leads to a full name.

Relies only on the `Entity` model of the entities stage; tolerates its mistakes (a place
labelled PERSON, a surname left unmerged).
"""

from bisect import bisect_left
from collections.abc import Callable

from spacy.tokens import Doc, Token

from services.nlp.lexicon import full_title, title_gender
from services.quotes.cues import ORG_NOUNS
from services.quotes.genders import article_genders
from shared.records import Entity

GROUPS = ("ORG", "GPE", "NORP")
_NOT_IN_NAMES = {"of", "the", "and", "for", "on", "in", "city", "university"}


class ArticleMentions:
    """Built once per article; token indices are those of the parse."""

    def __init__(
        self,
        doc: Doc,
        entities: list[Entity],
        quoted: Callable[[int], bool] = lambda _: False,
    ) -> None:
        self.doc = doc
        starts = [t.idx for t in doc]
        self.by_token: dict[int, Entity] = {}
        for entity in entities:
            for mention in entity.mentions:
                first = bisect_left(starts, mention.start)
                for i in range(first, len(doc)):
                    if doc[i].idx >= mention.end:
                        break
                    self.by_token.setdefault(i, entity)
        self.persons = [e for e in entities if e.type == "PERSON" and _personal(e.name)]
        self.gender = article_genders(doc, self.by_token, quoted)
        #: (token index, entity) of every person mention, in text order
        self.person_mentions = sorted(
            ((i, e) for i, e in self.by_token.items() if e.type == "PERSON" and _personal(e.name)),
            key=lambda pair: pair[0],
        )
        self.person_positions = [i for i, _ in self.person_mentions]
        self._groups = sorted(
            ((i, e) for i, e in self.by_token.items() if e.type in GROUPS), key=lambda p: p[0]
        )
        self._titles: dict[str, list[tuple[int, Entity]]] | None = None
        self._first_named: dict[str, str] | None = None

    def persons_between(self, start: int, end: int) -> list[tuple[int, Entity]]:
        """Person mentions at token indices [start, end), in order."""
        lo = bisect_left(self.person_positions, start)
        hi = bisect_left(self.person_positions, end)
        return self.person_mentions[lo:hi]

    def by_surname(self, head: Token) -> Entity | None:
        word = head.text.casefold()
        for person in self.persons:
            parts = _words(person.name)
            if len(parts) > 1 and parts[-1] == word:
                return self.fullest(person, head.i)
        return None

    def name_in_text(self, head: Token) -> str | None:
        """A surname the entities stage missed: the first place the article gives it with a
        given name ("Bo Horvat" for "Horvat")."""
        if head.ent_type_ not in ("", "PERSON") or not head.text[:1].isupper():
            return None
        if self._first_named is None:
            self._first_named = {}
            doc = self.doc
            for token in doc:
                if token.pos_ != "PROPN" or token.text in self._first_named:
                    continue
                lo = token.i
                while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].text[:1].isupper():
                    lo -= 1
                if lo < token.i and token.i - lo <= 3:
                    self._first_named[token.text] = doc[lo : token.i + 1].text
        return self._first_named.get(head.text)

    def fullest(self, entity: Entity, before: int) -> Entity:
        """A one-word person name -> the fullest person name sharing that word (surname first,
        else given name), preferring the latest mention before `before`."""
        words = _words(entity.name)
        if len(words) != 1:
            return entity
        (word,) = words
        best: tuple[int, int, int, Entity] | None = None
        for i, other in self.person_mentions:
            parts = _words(other.name)
            if len(parts) < 2 or word not in (parts[0], parts[-1]):
                continue
            key = (int(parts[-1] == word), int(i < before), i if i < before else -i, other)
            if best is None or key[:3] > best[:3]:
                best = key
        return best[3] if best else entity

    def namesake(
        self, i: int, last: int, entity: Entity, fits: Callable[[Entity], bool]
    ) -> Entity | None:
        """Of a family named by its surname alone ("Ebner" for Betsy or Tom Ebner), the
        one other member that `fits` (the pronoun's gender), when the surname at tokens
        `i`..`last` was linked to the one who does not (not after a title: "Mrs. Ebner")."""
        surname = entity.name.split()[-1]
        alone = i == last and self.doc[i].text == surname
        if not alone or (i > 0 and title_gender(self.doc[i - 1].text) is not None):
            return None
        others = [
            p
            for p in self.persons
            if p.id != entity.id and p.name.split()[-1] == surname and fits(p)
        ]
        return others[0] if len(others) == 1 else None

    def latest_group(self, before: int, types: tuple[str, ...]) -> Entity | None:
        """The organisation or place (of `types`) named last before token `before`, not
        counting a name that only modifies another noun ("the LRT option", "the Green
        Transit Strategy's goals" name an option and goals, not who acts)."""
        for i, entity in reversed(self._groups):
            if i < before and entity.type in types and not self._modifier(i, entity):
                return entity
        return None

    def _modifier(self, i: int, entity: Entity) -> bool:
        token = self.doc[i]
        head = token.head
        while head.i != token.i and self.by_token.get(head.i) is entity:
            token, head = head, head.head
        return token.dep_ in ("compound", "nmod") and head.pos_ in ("NOUN", "PROPN")

    def titled(self, head: Token, *, later: bool = False) -> Entity | None:
        """ "the mayor" -> the person the article introduces as mayor ("Mayor Doug McCallum",
        "Doug McCallum, the mayor"); "the company" -> the latest named organisation. With
        `later`, only a person named after `head` ("A Vancouver hockey coach says …" opening
        a story that names the coach further on)."""
        if head.tag_ in ("NNS", "NNPS"):
            return None
        lemma = head.lemma_.casefold()
        if lemma in ORG_NOUNS:
            if later:
                return None
            named = (e for _, e in self._groups if lemma in e.name.casefold().split())
            return (
                next(named, None)
                or self._introduced_as(lemma, head.i)
                or self.latest_group(head.i, ORG_NOUNS[lemma])
            )
        holders = self.holders(head, later=later)
        return self.fullest(holders[0], head.i) if holders else None

    def _introduced_as(self, lemma: str, before: int) -> Entity | None:
        """The organisation named last before `before` beside the word `lemma`: "research
        company Pollara", "RiverLink, the regional transit agency," for "the company", "the
        agency"."""
        for i, entity in reversed(self._groups):
            if i >= before:
                continue
            token = self.doc[i]
            near = [c for c in token.children if c.dep_ in ("compound", "appos")]
            if token.dep_ in ("appos", "compound"):
                near.append(token.head)
            near += [c for n in list(near) for c in n.children if c.dep_ == "compound"]
            if any(n.lemma_.casefold() == lemma and n.i not in self.by_token for n in near):
                return entity
        return None

    def holders(self, head: Token, *, later: bool = False) -> list[Entity]:
        """The people the article introduces with `head`'s title, the latest before `head`
        first (then the first after it)."""
        ranked: dict[str, tuple[int, Entity]] = {}
        for i, entity in self._titled_people().get(head.lemma_.casefold(), []):
            if later and i < head.i:
                continue
            score = i if i < head.i else -i
            if entity.id not in ranked or score > ranked[entity.id][0]:
                ranked[entity.id] = (score, entity)
        return [e for _, e in sorted(ranked.values(), key=lambda p: -p[0])]

    def _titled_people(self) -> dict[str, list[tuple[int, Entity]]]:
        """Title word (lemma) -> the person mentions it introduces."""
        if self._titles is None:
            self._titles = {}
            for i, entity in self.person_mentions:
                token = self.doc[i]
                near = [c for c in token.children if c.dep_ in ("compound", "appos", "amod")]
                near += [t for t in self.doc[max(0, i - 2) : i] if t.dep_ == "compound"]
                if token.dep_ == "appos" or token.head.dep_ == "appos":
                    near.append(token.head)
                lemmas = {full_title(t.lemma_) for t in near}
                lemmas.update(full_title(w) for w in (entity.role or "").split())
                for lemma in lemmas:
                    self._titles.setdefault(lemma, []).append((i, entity))
        return self._titles


def _personal(name: str) -> bool:
    """Whether a PERSON entity's name reads like a person's ("City of Surrey" does not)."""
    return not any(w in _NOT_IN_NAMES for w in name.casefold().split())


def _words(name: str) -> list[str]:
    return [w.casefold().removesuffix("'s").removesuffix("’s").strip(".,") for w in name.split()]
