"""Which people of an article are "he" and which "she": common given names (lower case;
unisex names left out, they prove nothing), honorifics, and the pronouns of sentences that name
one person only."""

from collections import Counter

from spacy.tokens import Doc

from services.quotes.cues import PERSONAL_PRONOUNS
from shared.records import Entity

_MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "father", "brother"}
_FEMALE_TITLES = {"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "sister"}

MALE = frozenset(
    """
    aaron adam adrian ahmed alan albert alexander alfred ali andre andrew angus anthony antonio
    arthur barry ben benjamin bernard bill billy  bob bobby boris brad bradley brandon
    brendan brent brett brian bruce bryan calvin carl carlos charles charlie chris christopher
    chuck clarence colin craig dale dan daniel darren dave david dean dennis derek dominic
    don donald doug douglas duncan dwayne earl ed eddie edward emmanuel eric erik ernest eugene
    evan frank fred frederick gary gavin geoffrey george gerald gerry gilbert glen glenn gordon
    graham grant greg gregory guy  harold harry henry howard hugh ian isaac ivan jack
    jacob jake james jamie jason jean-pierre jeff jeffrey jeremy jerry jim jimmy joe joel john
    johnny jon jonathan jose joseph josh joshua juan justin keith ken kenneth kevin
    kyle larry lawrence lee leo leon liam louis luke malcolm marc marco mark martin matt
    matthew maurice max michael mike mitch mohamed mohammed muhammad murray nathan neil nick
    nicholas norman oliver omar oscar patrick paul peter phil philip pierre ralph randy
    raymond rex richard rick robert roger ron ronald ross roy russell ryan sam samuel scott
    sean sebastian  shane shawn simon stephen steve steven stuart ted terry thomas
    tim timothy todd tom tommy tony trevor victor vince vincent vladimir  walter warren
    wayne william  yves zach
    """.split()
)

FEMALE = frozenset(
    """
    abigail alice alicia alison amanda amy ana andrea angela ann anna anne audrey barbara beth
    betty brenda carol caroline catherine cathy chloe christina christine chrystia cindy
    claire clara claudia colleen cynthia danielle deborah debbie denise diana diane donna
    dorothy eileen elaine eleanor elena elizabeth ellen emily emma erin eva evelyn fiona frances
    gail grace hannah heather helen hillary irene jane janet janice jennifer jessica jill joan
    joanna  joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie
    kelly kristen laura lauren leah linda lisa liz lorraine louise lucy lynn margaret maria
    marie marilyn martha mary megan melanie melissa michelle monica nancy natalie nicole
    nora olga olivia pamela patricia paula rachel rebecca rita rosa ruth sandra sara sarah
    sharon sheila shirley sophie stephanie susan suzanne tanya teresa theresa tina valerie
    vanessa victoria virginia wendy yvonne
    """.split()
)


def article_genders(doc: Doc, by_token: dict[int, Entity]) -> dict[str, str]:
    """Entity id -> "m"/"f" where the article shows it (honorifics, then pronouns in
    sentences naming exactly one person)."""
    votes: dict[str, Counter[str]] = {}
    for i, entity in by_token.items():
        if entity.type != "PERSON":
            continue
        words = entity.name.casefold().split()
        given = words[0] if len(words) > 1 else ""
        if given in MALE or given in FEMALE:
            votes.setdefault(entity.id, Counter())["m" if given in MALE else "f"] += 5
        before = doc[i - 1].lower_ if i > 0 else ""
        if before in _MALE_TITLES:
            votes.setdefault(entity.id, Counter())["m"] += 3
        elif before in _FEMALE_TITLES:
            votes.setdefault(entity.id, Counter())["f"] += 3
    for sentence in doc.sents:
        people = {
            by_token[t.i].id for t in sentence if t.i in by_token and by_token[t.i].type == "PERSON"
        }
        if len(people) != 1:
            continue
        (person,) = people
        for token in sentence:
            gender = PERSONAL_PRONOUNS.get(token.lower_)
            if gender in ("m", "f"):
                votes.setdefault(person, Counter())[gender] += 1
    return {person: c.most_common(1)[0][0] for person, c in votes.items() if c}
