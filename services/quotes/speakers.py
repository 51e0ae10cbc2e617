"""Who a speaker mention names: the canonical entity behind a name, surname, title or pronoun.

Built once per article from the parse and the entities stage's output (only the `Entity`
model is relied on). Pronouns go to the nearest earlier person of a compatible gender (learned
from the article: honorifics, and the pronouns in sentences naming one person only); a surname
or a partial name goes to the fullest person name ending with it; a title ("the mayor") to the
person it introduces elsewhere in the article; an organisation word ("the city") to a named
organisation containing it. A descriptive speaker with no entity keeps its own words.
"""

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from services.nlp.lexicon import pronoun_gender
from services.quotes.antecedents import Antecedents
from services.quotes.authors import author_of, earlier_author
from services.quotes.cues import DOCUMENT_NOUNS, ORG_NOUNS, PERSONAL_PRONOUNS, SAYING_NOUNS
from services.quotes.descriptions import describes_one_person, is_indefinite, refers_back
from services.quotes.marks import QuotationIndex
from services.quotes.mentions import GROUPS, ArticleMentions
from services.quotes.salience import plural_subject
from shared.records import Entity, Span

_CUT_DEPS = {"appos", "relcl", "punct", "advcl", "parataxis"}
_HYPHENS = frozenset("-–")
#: words that introduce a name when joined to it ("research company Pollara")
_BESIDE = frozenset({"compound", "appos", "nmod", "amod"})


@dataclass(frozen=True)
class Speaker:
    mention: Span
    name: str | None
    entity_id: str | None


class SpeakerResolver:
    def __init__(
        self, doc: Doc, entities: list[Entity], quotations: QuotationIndex | None = None
    ) -> None:
        self.doc = doc
        marks = quotations if quotations is not None else QuotationIndex([])

        def quoted(offset: int) -> bool:
            return marks.at(offset) is not None

        self.mentions = ArticleMentions(doc, entities, quoted)
        self.antecedents = Antecedents(doc, self.mentions, quoted)

    def person_at(self, i: int) -> str | None:
        """The id of the person whose mention holds token `i`."""
        entity = self.mentions.by_token.get(i)
        return entity.id if entity is not None and entity.type == "PERSON" else None

    # -- the mention ---------------------------------------------------------------
    def phrase(self, head: Token) -> DocSpan:
        """The words naming the speaker: the entity mention, else the noun phrase without
        its appositions and relative clauses."""
        entity = self.mentions.by_token.get(head.i)
        if entity is not None:
            lo = hi = head.i
            while (
                lo > 0
                and self.mentions.by_token.get(lo - 1) is entity
                and lo - 1 >= head.left_edge.i
            ):
                lo -= 1
            while hi + 1 < len(self.doc) and self.mentions.by_token.get(hi + 1) is entity:
                hi += 1
            return self.doc[lo : hi + 1]
        cut = {
            t.i
            for child in head.subtree
            if child.dep_ in _CUT_DEPS and child.i != head.i and child.text not in _HYPHENS
            for t in child.subtree
        }
        lo, hi = head.i, head.i
        while (
            lo - 1 >= head.left_edge.i and lo - 1 not in cut and "\n" not in self.doc[lo - 1].text
        ):
            lo -= 1
        while (
            hi + 1 <= head.right_edge.i and hi + 1 not in cut and "\n" not in self.doc[hi + 1].text
        ):
            hi += 1
        while hi > lo and (self.doc[hi].is_punct or self.doc[hi].dep_ == "case"):
            hi -= 1  # and a possessive's "'s": "in Lopez's words" is Lopez
        while lo < hi and self.doc[lo].is_punct:
            lo += 1
        return self.doc[lo : hi + 1]

    # -- resolution ----------------------------------------------------------------
    def resolve(
        self, head: Token, previous: "Speaker | None", reported: tuple[int, int] | None = None
    ) -> Speaker:
        """`reported`: the character span of the words the speaker reports; a description
        never stands for a person named there ("the judge said Baker was a danger": not
        Baker). Pronouns are left to the salience model: the candidates the rules build are
        not always a verb's own clause, and on both dev files excluding names there cost
        more than it gained."""
        lemma = head.lemma_.lower()
        if lemma in SAYING_NOUNS:  # "her statement read", "the RCMP statement"
            owner = next((c for c in head.children if c.dep_ in ("poss", "compound")), None)
            if owner is not None:
                return self.resolve(owner, previous, reported)
        if lemma in SAYING_NOUNS or lemma in DOCUMENT_NOUNS:
            author = author_of(head, self.mentions.by_token)
            if author is None and lemma in DOCUMENT_NOUNS and _definite(head):
                earlier = earlier_author(head, self.mentions.by_token)
                if earlier is not None:  # the words stay "the report", in this sentence
                    words = self.phrase(head)
                    writer = self.resolve(earlier, previous)
                    span = Span(start=words.start_char, end=words.end_char, text=words.text)
                    return Speaker(span, writer.name, writer.entity_id)
            if author is not None:
                return self.resolve(author, previous, reported)
        phrase = self.phrase(head)
        mention = Span(start=phrase.start_char, end=phrase.end_char, text=phrase.text)
        entity = self._entity(head, phrase)
        named_word = head.pos_ == "PROPN" or (head.pos_ == "NOUN" and head.text[:1].isupper())
        if named_word and (entity is None or entity.type != "PERSON"):
            person = self.mentions.by_surname(head)
            if person is not None:
                return Speaker(mention, person.name, person.id)
            if entity is None or len(entity.name.split()) == 1:
                named = self.mentions.name_in_text(head)
                if named is not None:
                    return Speaker(mention, named, None)
        if entity is not None:
            return Speaker(mention, entity.name, entity.id)
        lower = head.lower_
        inside = reported is not None and reported[0] <= head.idx < reported[1]
        exclude = frozenset() if inside else self._named_in(reported)
        if lower in PERSONAL_PRONOUNS or head.pos_ == "PRON":
            return self._pronoun(head, mention, previous)
        if previous is not None and lemma in ORG_NOUNS and self._introduced_by(head, previous):
            return Speaker(mention, previous.name, previous.entity_id)
        if head.pos_ == "PROPN" or head.pos_ == "NOUN":
            titled = self.mentions.titled(head, later=is_indefinite(head))
            if titled is not None and titled.type == "PERSON" and refers_back(head):
                titled = self._of_holders(head, titled, previous)
            if titled is not None:
                return Speaker(mention, titled.name, titled.id)
        if describes_one_person(head) or refers_back(head):
            if previous is not None and _same_description(head, previous):
                if previous.entity_id not in exclude:
                    return Speaker(mention, previous.name, previous.entity_id)
            person = self.antecedents.described(head, _id(previous), exclude=exclude)
            if person is not None:
                return Speaker(mention, person.name, person.id)
        return Speaker(mention, _descriptive(phrase), None)

    def _introduced_by(self, head: Token, previous: Speaker) -> bool:
        """ "The company said …" after "research company Pollara said …": the previous
        speaker was introduced with this very word (in their words or beside them)."""
        if not previous.name or not head.text.islower():
            return False
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return False
        words = self.doc.char_span(
            previous.mention.start, previous.mention.end, alignment_mode="expand"
        )
        if words is None:
            return False
        beside = [t for c in words.root.children if c.dep_ in _BESIDE for t in c.subtree]
        return any(t.lower_ == head.lower_ for t in [*words, *beside])

    def _named_in(self, reported: tuple[int, int] | None) -> frozenset[str]:
        """The ids of the people named (by a proper noun, not a title) in the reported words."""
        if reported is None:
            return frozenset()
        words = self.doc.char_span(*reported, alignment_mode="expand")
        if words is None:
            return frozenset()
        by_token, fullest = self.mentions.by_token, self.mentions.fullest
        named: set[str] = set()
        for t in words:
            entity = by_token.get(t.i)
            if entity is not None and entity.type == "PERSON" and t.pos_ == "PROPN":
                named.update((entity.id, fullest(entity, t.i).id))
        return frozenset(named)

    def _of_holders(self, head: Token, titled: Entity, previous: "Speaker | None") -> Entity:
        """ "the senator" in a story naming several senators: the one the sentences before
        are about, else the latest introduced."""
        holders = self.mentions.holders(head)
        if len(holders) < 2:
            return titled
        salient = self.antecedents.described(head, _id(previous))
        return salient if salient is not None and salient in holders else titled

    def _entity(self, head: Token, phrase: DocSpan) -> Entity | None:
        entity = self.mentions.by_token.get(head.i)
        if entity is not None and (entity.type == "PERSON" or entity.type in GROUPS):
            return self.mentions.fullest(entity, head.i) if entity.type == "PERSON" else entity
        for child in head.children:
            if child.dep_ in ("appos", "compound", "nmod", "npadvmod"):
                entity = self.mentions.by_token.get(child.i)
                if entity is not None and entity.type == "PERSON":
                    return self.mentions.fullest(entity, head.i)
        return self._after_title(phrase)

    def _after_title(self, phrase: DocSpan) -> Entity | None:
        """ "Hall of Famer Joe Bloggs", "Minister of Health Jane Doe": a capitalised title
        the parse took for the head, ending in a person's name."""
        last = self.mentions.by_token.get(phrase[-1].i)
        if last is None or last.type != "PERSON":
            return None
        i = phrase.end - 1
        while i > phrase.start and self.mentions.by_token.get(i - 1) is last:
            i -= 1
        title = self.doc[phrase.start : i]
        if not title or not all(t.text[:1].isupper() or t.lower_ in ("of", "for") for t in title):
            return None
        return self.mentions.fullest(last, phrase.end)

    def _pronoun(self, head: Token, mention: Span, previous: "Speaker | None") -> Speaker:
        kind = PERSONAL_PRONOUNS.get(head.lower_)
        gender = pronoun_gender(head.text)
        if gender is not None:
            person = self.antecedents.person(head, gender, _id(previous))
            if person is not None:
                return Speaker(mention, person.name, person.id)
            if previous is not None and previous.name and previous.entity_id is None:
                return Speaker(mention, previous.name, None)
        if kind == "plural":
            subject = plural_subject(head)
            if subject is not None:
                named = self.resolve(subject, None)
                return Speaker(mention, named.name, named.entity_id)
        if kind == "thing":
            subject = _organisation_subject(head)
            if subject is not None:
                named = self.resolve(subject, None)
                return Speaker(mention, named.name, named.entity_id)
        if kind in ("plural", "thing") and previous is not None and previous.name:
            if not (previous.entity_id or "").startswith("person"):
                return Speaker(mention, previous.name, previous.entity_id)
        if kind == "thing":
            organisation = self.mentions.latest_group(head.i, ("ORG",))
            if organisation is not None:
                return Speaker(mention, organisation.name, organisation.id)
        return Speaker(mention, None, None)


def _id(speaker: Speaker | None) -> str | None:
    return speaker.entity_id if speaker is not None else None


def _same_description(head: Token, previous: Speaker) -> bool:
    """ "The judge added …" after "the Ontario judge said …": the same person again."""
    if not previous.name:
        return False
    words = previous.mention.text.split()
    return bool(words) and words[-1].lower() == head.lower_ and head.text.islower()


def _definite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _organisation_subject(head: Token) -> Token | None:
    """ "The government is grappling with what it says is …": "it" is the organisation word
    that is a subject earlier in its own sentence."""
    subjects = [
        t
        for t in head.sent
        if t.i < head.i
        and t.dep_ in ("nsubj", "nsubjpass")
        and t.tag_ == "NN"
        and t.lemma_.lower() in ORG_NOUNS
    ]
    return subjects[-1] if subjects else None


def _descriptive(phrase: DocSpan) -> str | None:
    words = [t for t in phrase if not t.is_punct]
    if not words:
        return None
    text = phrase.text.strip(" ,;:")
    return text or None
