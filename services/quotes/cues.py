"""What signals reported speech: reporting verbs (by lemma), nouns of saying, "according to".

Verbs are split by what they take as their content: `CLAUSE_VERBS` report a clause ("said
that …", "“…,” she said"); `OBJECT_VERBS` may also report through an object or a
prepositional phrase ("urged a stance against …", "hinted at potential …").
"""

from spacy.tokens import Token

from services.nlp.lexicon import PRONOUN_GENDERS

CLAUSE_VERBS = frozenset(
    """
    say tell state add note explain argue claim write insist warn stress emphasize emphasise
    announce admit concede allege confirm respond reply joke comment complain suggest indicate
    maintain remark conclude ask tweet post report acknowledge assert declare predict promise
    recall reveal caution contend observe propose recommend reiterate speculate testify inform
    advise boast charge counter disclose underline underscore answer quip shout chant cry
    whisper scream recount vow deny hint urge agree lament point assure threaten pledge
    guarantee mention plead rule
    """.split()
)

OBJECT_VERBS = frozenset(
    """
    urge criticize criticise hint vow deny mention stress emphasize emphasise warn accuse
    encourage
    propose recommend suggest announce promise pledge express voice describe call praise
    condemn blame denounce reject dismiss defend question demand acknowledge admit reveal
    confirm predict highlight caution applaud welcome slam decry attack laud echo
    """.split()
)

#: object-reporting verbs whose object is speech even without quotation marks
PLAIN_OBJECT_VERBS = frozenset(
    "urge criticize criticise hint vow mention stress emphasize emphasise warn accuse "
    "caution tell".split()
)

#: verbs that report what someone was told to do: "told his supporters to …"
ADDRESSEE_VERBS = frozenset("tell ask urge encourage advise instruct order invite remind".split())

#: verbs that report only with a clause: a bare object ("said nothing") is not speech
_CLAUSE_ONLY = frozenset("say tell add write ask answer reply respond".split())

SAYING_NOUNS = frozenset(
    """
    statement email e-mail letter interview release tweet post speech news conference
    remarks memo report submission affidavit filing message note database data review survey
    study document documents records figures book article essay column op-ed blog
    """.split()
)

#: sources that are papers, not people: without a named owner they attribute a paraphrase
#: to nobody ("reports say …")
DOCUMENT_NOUNS = frozenset(
    "report review study survey data figure record document database chart poll analysis "
    "estimate reports reviews studies surveys figures records documents polls".split()
)

#: generic words for an organisation, resolved to the latest named organisation before them
ORG_NOUNS = {
    "company": ("ORG",),
    "agency": ("ORG",),
    "firm": ("ORG",),
    "team": ("ORG",),
    "club": ("ORG",),
    "union": ("ORG",),
    "group": ("ORG",),
    "organization": ("ORG",),
    "organisation": ("ORG",),
    "ministry": ("ORG",),
    "department": ("ORG",),
    "board": ("ORG",),
    "commission": ("ORG",),
    "bank": ("ORG",),
    "council": ("ORG",),
    "party": ("ORG",),
    "network": ("ORG",),
    "broadcaster": ("ORG",),
    "newspaper": ("ORG",),
    "city": ("GPE", "ORG"),
    "province": ("GPE",),
    "country": ("GPE",),
    "state": ("GPE",),
    "government": ("GPE", "ORG"),
}

#: Pronoun -> "male"/"female" (`services.nlp.lexicon`), "plural", "thing" or "self".
PERSONAL_PRONOUNS: dict[str, str] = {
    **PRONOUN_GENDERS,
    "they": "plural",
    "them": "plural",
    "their": "plural",
    "we": "plural",
    "it": "thing",
    "i": "self",
}


def is_reporting_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
        return False
    if lemma == "put":  # "as she put it", "he put it bluntly: “…”"
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    return lemma in CLAUSE_VERBS or lemma in OBJECT_VERBS


def takes_object(token: Token) -> bool:
    """Whether `token` may report speech through an object rather than a clause."""
    lemma = token.lemma_.lower()
    return lemma in OBJECT_VERBS and lemma not in _CLAUSE_ONLY


def is_own_words(token: Token) -> bool:
    """The "words" of "in Lopez's words", "in her own words"."""
    return (
        token.lower_ == "words"
        and token.dep_ == "pobj"
        and token.head.lower_ == "in"
        and any(c.dep_ == "poss" for c in token.children)
    )


def is_according_to(token: Token) -> bool:
    """The "according" of "according to X"."""
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)
