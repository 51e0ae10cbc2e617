"""Common given names by usual gender, lower case: the evidence that a span the model labels
ORG or GPE ("Brock McGinn", "Julia Child") names a person, and that two people differ.

Hand-written for English-language news (English, French, Spanish, Slavic, Arabic, South and
East Asian names); unisex names (Kim, Jordan, Taylor, Alex...) and month names are left out on
purpose: they prove nothing.
"""

FEMALE_NAMES = frozenset(
    """
    abigail ada adriana agnes aisha alana alexandra alexis alice alicia alison allison amanda
    amber amelia amy ana anastasia andrea angela angelina anita ann anna anne annie antonia
    ashley audrey barbara beatrice becky belinda bernadette beth bethany betty beverly bonnie
    brenda bridget brittany brooke caitlin camila candice carla carmen carol caroline carolyn
    catherine cathy cecilia celine cheryl chloe christina christine chrystia
    claire clara claudia colleen constance courtney crystal cynthia daisy danielle daphne deborah
    debbie debra denise diana diane dolores donna doris dorothy eileen elaine eleanor elena
    elisabeth elizabeth ella ellen elsie emily emma erica erin esther eva evelyn fatima fiona
    frances francesca gabriela gabrielle gail gemma geraldine gillian gina
    giselle gloria grace gwen hannah harriet heather heidi helen helena hillary holly ingrid
    irene iris isabel isabella isabelle jacqueline jane janet janice jasmine jeanine
    jeannette jennifer jenny jessica jill joan joanna jocelyn jodie jody josephine joyce judith
    judy julia julie juliette karen karina kate katherine kathleen kathryn kathy katie
    katrina kayla kelly kerry kirsten kristen kristin kristina lara laura lauren laurie leah leila
    lena lily linda lindsay lisa liz lois lorraine louise lucia lucy lydia lynn madeleine
    maggie margaret margarita maria marie marilyn marina marion marjorie marlene martha mary
    maryam megan melanie melinda melissa meredith mia michelle mildred miranda molly monica
    monique nadia nancy naomi natalia natalie natasha nathalie nicole nina nora norma olga olivia
    paige pamela patricia paula pauline penelope phyllis priya rachel rebecca rita roberta
    rosa rosemary ruth sabrina sally samantha sandra sara sarah serena sharon sheila shirley
    simone sofia sonia sophia sophie stephanie susan suzanne svetlana sylvia tamara tanya tara
    teresa theresa tiffany tina tracy ursula valerie vanessa vera veronica violet
    vivian wanda wendy yolanda yvonne zoe
    """.split()
)

MALE_NAMES = frozenset(
    """
    aaron abdul abraham adam adrian ahmed alan albert alberto alejandro alexander alexei alfred
    ali allan alvin amir andre andrei andres andrew angelo anthony antoine antonio arnold arthur
    barry ben benjamin bernard bernie bill billy bob bobby boris brad bradley brandon brendan
    brent brett brian brock bruce bryan byron calvin carl carlos cedric charles charlie chris
    christian christopher chuck clarence claude clayton clifford clinton cody colin connor craig
    curtis dale dan daniel danny darren dave david dean dennis derek diego dmitry dominic donald
    doug douglas duncan dustin dwayne dylan earl eddie edgar edward eli elias elijah elliot emile
    emmanuel enrique eric erik ernest ethan eugene evan fabian felix fernando francis francisco
    frank franklin fred frederick gabriel gary gavin geoffrey george gerald gilbert glen glenn
    gordon graham greg gregory gustavo hamid harold harry harvey hassan hector henry
    herbert howard hugh hugo ian igor isaac ivan jack jacob jacques jake james jan jared jason
    javier jay jeff jeffrey jeremy jerome jesse jim jimmy joe joel johan john johnny jon jonathan
    jaime jorge jose joseph josh joshua juan julian justin karl keith ken kenneth kevin kirk
    kurt kyle
    lance larry lars lawrence leo leon leonard liam lloyd louis lucas luigi luis luke malcolm
    manuel marc marcel marco marcus mario mark martin mathieu matt matthew maurice max maxime
    michael miguel mikael mike mikhail mitchell mohammed mohammad muhammad nathan neil nicholas
    nick nicolas nigel nikola nikolai noah norman oleg oliver omar oscar owen pablo patrick paul
    pedro peter philip phillip pierre rafael ralph randy raul ray raymond reginald ricardo richard
    rick rob robert roberto rod roger roland ronald ross roy russell ryan salman sam samuel scott
    sean sebastian sergei sergio seth shane simon stanley stefan stephen steve steven stuart
    ted terry theodore thomas tim timothy tobias todd tom tommy tony travis trevor troy tyler
    victor vincent vladimir walter warren wayne wesley william xavier yuri zachary
    """.split()
)
