"""Common given names by usual gender, for `services.nlp.lexicon` (which documents where they
come from and what is left out): evidence that a span names a person, never a list of people.
"""

FEMALE_NAMES = frozenset(
    """
    abby abigail ada addie adela adele adeline adriana adrienne agnes aida aileen aimee aisha
    alana alba alejandra alexandra alexandria alexis alfreda alice alicia alisa alisha alison
    alissa allie allison allyson alma alta althea alyce alyson alyssa amalia amanda amber
    amelia amie amparo amy ana anastasia andrea angela angelia angelica angelina angeline
    angelique angelita angie anita ann anna annabelle anne annette annie annmarie antoinette
    antonia araceli arlene arline ashlee ashley audra audrey aurelia aurora ava avis barbara
    barbra beatrice beatriz becky belinda benita bernadette bernadine bernice berta bertha
    bertie bessie beth bethany betsy bette bettie betty bettye beulah beverley beverly bianca
    blanca blanche bobbi bobbie bonita bonnie brandi brandie brenda briana brianna bridget
    bridgett bridgette brigitte britney brittany brittney brooke caitlin callie camila camille
    candace candice cara carissa carla carlene carly carmela carmella carmen carol carole
    caroline carolyn carrie casandra cassandra cassie catalina catherine cathleen cathryn
    cathy cecelia cecile cecilia celeste celia celina celine chandra charlene charlotte
    charmaine chasity cheri cherie cheryl chloe christa christi christie christina christine
    christy chrystal chrystia cindy claire clara clare clarice clarissa claudette claudia
    claudine cleo coleen colette colleen concetta connie constance consuelo cora corina corine
    corinne cornelia corrine courtney cristina crystal cynthia daisy danielle daphne darcy
    darla darlene deana deann deanna deanne debbie debora deborah debra dee deena deidre
    deirdre delia della delores deloris dena denise desiree diana diane diann dianna dianne
    dina dionne dollie dolores dominique dona donna dora doreen doris dorothea dorothy dorthy
    earlene earline earnestine edith edna edwina effie eileen elaine elba eleanor elena elinor
    elisa elisabeth elise eliza elizabeth ella ellen elma elnora eloise elsa elsie elva elvia
    elvira emilia emily emma enid erica ericka erika erin erma erna ernestine esmeralda
    esperanza essie estela estella estelle esther ethel etta eugenia eula eunice eva
    evangelina evangeline evelyn fannie fatima fay faye felecia felicia fiona florine flossie
    fran frances francesca francine francisca freda freida frieda gabriela gabrielle gail
    gayle gemma gena genevieve georgette georgina geraldine gertrude gilda gillian gina
    giselle gladys glenda glenna gloria goldie grace gracie graciela greta gretchen gwen
    gwendolyn haley hallie hannah harriet harriett hattie heather heidi helen helena helene
    helga henrietta herminia hester hilary hilda hillary hollie holly ida ila ilene imelda
    imogene ina ines inez ingrid irene iris irma isabel isabella isabelle iva jacklyn jaclyn
    jacqueline jacquelyn jami jana jane janell janelle janet janette janice janie janine janis
    janna jannie jasmine jayne jean jeanette jeanie jeanine jeanne jeannette jeannie jeannine
    jenifer jenna jennie jennifer jenny jeri jerri jessica jewell jill jillian jo joan joann
    joanna joanne jocelyn jodi jodie jody johanna jolene joni josefa josefina josephine josie
    joyce juana juanita judith judy julia juliana julianne julie juliet juliette justine
    kaitlin kara karen kari karin karina karla karyn kasey kate katelyn katharine katherine
    katheryn kathie kathleen kathrine kathryn kathy katie katina katrina katy kay kaye kayla
    keisha kelley kelli kellie kelly kelsey kendra keri kerri kerry kimberley kimberly kirsten
    kris krista kristen kristi kristie kristin kristina kristine kristy krystal lacey ladonna
    lakeisha lakisha lana lara latasha latisha latonya latoya laura lauren lauri laurie
    laverne lavonne lawanda leah leann leanna leanne leigh leila lela lelia lena lenora lenore
    leola leona leonor lesa lesley lessie leta letha leticia letitia lidia lila lilia lilian
    liliana lillian lillie lilly lily lina linda lindsay lindsey lisa liz liza lizzie lois
    lola lolita lora loraine lorena lorene loretta lori lorie lorna lorraine lorrie lottie lou
    louella louisa louise luann lucia lucile lucille lucinda lucy luella luisa lula lupe luz
    lydia lynda lynette lynn lynne lynnette mabel mable madeleine madeline madelyn madge mae
    magdalena maggie malinda mallory mamie mandy manuela mara marcella marci marcia marcie
    marcy margaret margarita margery margie margo margret marguerite mari maria marian mariana
    marianne maribel maricela marie marietta marilyn marina marion marisa marisol marissa
    maritza marjorie marla marlene marquita marsha marta martha martina marva mary maryam
    maryann maryanne maryellen marylou matilda mattie maude maura maureen mavis maxine mayra
    meagan megan meghan melanie melba melinda melisa melissa melva meredith mia michele
    michelle milagros mildred millicent millie mindy minerva minnie miranda miriam mitzi
    mollie molly mona monica monique muriel myra myrna nadia nadine nancy nanette nannie naomi
    natalia natalie natasha nathalie nelda nell nellie nettie neva nichole nicole nikki nina
    nita noelle noemi nola nona nora noreen norma odessa ofelia ola olga olivia ollie ophelia
    ora paige pam pamela patrica patrice patricia patti paula paulette pauline pearlie peggy
    penelope petra phyllis polly priscilla priya rachael rachel rachelle rae ramona randi
    raquel reba rebecca rebekah rena renee reva reyna rhoda rhonda rita roberta robyn rochelle
    ronda rosa rosalie rosalind rosalinda rosalyn rosanna rosanne rosario roseann rosella
    rosemarie rosemary rosetta rosie roslyn rowena roxanne roxie ruth ruthie sabrina sadie
    sallie sally samantha sandra sara sarah sasha saundra selena selma serena shana shanna
    shari sharlene sharon sharron shauna shawna sheena sheila shelby shelia shelley shelly
    sheree sheri sherri sherrie sheryl shirley silvia simone socorro sofia sondra sonia sonja
    sonya sophia sophie stacey staci stacie stacy stefanie stella stephanie susan susana
    susanna susanne susie suzanne suzette svetlana sybil sylvia tabatha tabitha tamara tameka
    tamera tami tamika tammi tammie tammy tamra tania tanisha tanya tara tasha teresa teri
    terra terri terrie tessa thelma theresa therese tia tiffany tina tisha toni tonia tonya
    tracey traci tracie tracy tricia trina trisha trudy twila ursula valarie valeria valerie
    vanessa velma vera verna veronica vicki vickie vicky vilma violet virgie vivian vonda
    wanda wendi wendy whitney wilda willa wilma winifred winnie yesenia yolanda yvette yvonne
    zelma zoe
    """.split()
)

MALE_NAMES = frozenset(
    """
    aaron abdul abel abraham adam adolfo adrian agustin ahmed alan albert alberto alejandro
    alex alexander alexei alfonso alfred alfredo ali allan alonzo alton alvin amir amos andre
    andrei andres andrew andy angelo angus anthony antoine anton antonio archie armando arnold
    arthur arturo aubrey barry bart ben benito benjamin bennie benny bernard bernie bert bill
    billy blaine blake bob bobby boris boyd brad bradford bradley brady brandon brendan brent
    bret brett brian brock bruce bryan bryant bryce burton byron caleb calvin cameron carl
    carlos carlton cary cecil cedric cesar charles charlie chester chris christian christopher
    chuck clarence claude clayton clifford clifton clint clinton clyde cody colin connor
    conrad corey cornelius cory craig curtis dale damian damien damon dan daniel danny darin
    darnell darrel darrell darren darrin darryl darwin daryl dave david dean delbert demetrius
    denis dennis derek desmond devin devon dewayne dewey dexter diego dmitry domingo dominic
    dominick donald donnie doug douglas doyle duane duncan dustin dwayne dwight dylan earl ed
    eddie edgar edmond edmund eduardo edward edwin efrain elbert eldon eli elias elijah elliot
    elliott elmer elton elvin emanuel emil emile emilio emmanuel emmett enrique eric erick
    erik ernest ernesto ernie ervin erwin esteban ethan eugene evan everett fabian felipe
    felix fernando floyd forrest francis francisco frank franklin fred freddie freddy
    frederick fredrick gabriel garrett garry gary gavin geoffrey george gerald gerard gerardo
    gerry gilbert gilberto glen glenn gordon grady graham greg gregg gregorio gregory grover
    guillermo gustavo hamid hans harlan harley harold harry harvey hassan hector henry herbert
    herman horace howard hubert hugh hugo humberto ian ignacio igor ira irvin irving isaac
    ismael ivan jack jacob jacques jaime jake jamal james jan jared jarrod jason javier jay
    jean-pierre jeff jeffery jeffrey jerald jeremiah jeremy jermaine jerome jerry jess jesse
    jim jimmy joaquin joe joel joey johan john johnathan johnny jon jonathan jonathon jorge
    jose joseph josh joshua juan julian julio julius justin karl keith kelvin ken kendall
    kenneth kenny kermit kevin kirk kristopher kurt kyle lamar lamont lance larry lars
    laurence lawrence leland leo leon leonard leonardo leroy lester levi liam lionel lloyd
    logan lonnie loren lorenzo louie louis lowell lucas luigi luis luke luther lyle mack
    malcolm manuel marc marcel marco marcos marcus mario mark marlon martin marty marvin
    mathew mathieu matt matthew maurice max maxime melvin micah michael micheal miguel mikael
    mike mikhail mitch mitchell mohamed mohammad mohammed monte moses muhammad murray myron
    nathan nathaniel neal neil nicholas nick nicolas nigel nikola nikolai noah nolan norbert
    norman oleg oliver omar orville oscar otis otto owen pablo patrick paul pedro percy perry
    pete peter phil philip phillip pierre quentin quinton rafael ralph ramiro ramon randal
    randall randolph randy raul ray raymond reginald reuben rex reynaldo ricardo richard rick
    rickey ricky rob robert roberto rod roderick rodger rodney rodolfo rogelio roger roland
    rolando ron ronald ronnie roosevelt roscoe ross roy royce ruben rudolph rudy rufus russel
    russell ryan salman salvador salvatore sam sammy samuel santos saul scott scotty sean
    sebastian sergei sergio seth shane shaun shawn sheldon sidney simon solomon spencer stan
    stanley stefan stephan stephen steve steven stuart sylvester ted teddy terence terrance
    terrell terrence terry theodore thomas tim timmy timothy tobias toby todd tom tomas tommy
    tony travis trent trevor troy tyler tyrone tyson vance vernon vicente victor vince vincent
    virgil vladimir walter warren wayne wendell wesley wilbert wilbur wilfred wilfredo willard
    william willis winston woodrow xavier yuri yves zach zachary
    """.split()
)
