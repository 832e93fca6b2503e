"""Word lists that tell the tense of the clause around a temporal expression.

:mod:`pipeline.enrich.dates` reads the nearest verb of an expression's clause
to decide whether a weekday or a year-less month lies ahead or behind ("said
on Monday", "will meet on Friday"). Kept apart so the rules read as rules and
the vocabulary can grow without touching them; plain data, no imports from
the package.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ED_NOT_PAST = words(
    "need speed hundred red bed seed feed proceed exceed succeed indeed united limited "
    "based related supposed scheduled expected planned proposed interested concerned "
    "detailed advanced sacred naked wicked rugged ragged kindred shed bred fled sled "
    "embed breed greed weed deed heed steed reed tweed shred wed fred ted ned ed "
    "unprecedented unexpected renewed skilled qualified experienced listed quoted "
    "dedicated so-called biased"
)
IRREGULAR_PAST = words(
    "was were had did said told met made took gave went came began fell rose saw held "
    "left won lost sold bought paid hit spent brought thought found ran got led spoke "
    "wrote broke chose drove flew grew knew sent built felt kept meant became struck "
    "stood understood sought taught caught fought threw wore drew forgot forgave hid "
    "laid lay lit slid sank sang stole swore swept swam tore woke withdrew overtook "
    "undertook shook rang rode froze bore beat bid bled dealt dug fed heard "
    "hung quit read shut split spread stuck stung sat slept sprang cut put let cost hurt burst cast "
    "set shot fled sped spun bent wept crept leapt overcame overran upheld withheld "
    "oversaw underwent arose awoke rebuilt retook shorn "
    "ago yesterday "
    "previously formerly"
)
# Past forms spelled like the base form: past unless a modal, "to" or "do" comes
# just before ("cut rates in September" but "is likely to cut again", "will hit").
PAST_LIKE_BASE = words("hit cut put let cost hurt quit shut spread bid burst cast set lay beat")
FUTURE_WORDS = words(
    "will shall 'll wo won't would should might tomorrow upcoming slated scheduled intends "
    "plans aims hopes until till"
)
# Expectation and forecast words look forward whatever their own tense: "Portugal
# expected highs of 35C on Tuesday", "storms were possible on Sunday", "could reach
# 34C on Tuesday". Not after "than"/"as"/a perfect ("more than expected", "had been
# widely expected"), where they report an expectation about the past.
EXPECT_WORDS = words(
    "could expect expects expected expecting forecasting forecasts predicts predicting "
    "likely unlikely possible bracing"
)
EXPECT_NOT_AFTER = words("than as had has have been widely")
# "fell short of forecasts in March", "beat analysts' forecasts": the noun, a
# figure already published, not a look ahead
FORECAST_NOUN_AFTER = words("of the its their his her our with beat beating missed topped exceeded")
# "could have", "could not": no longer a forecast
COULD_NOT_BEFORE = words("have 've not n't")
# Prepositions right before an expression that point forward ("by Wednesday",
# "from Tuesday morning"). They are weaker than a verb of the same clause ("had
# left by Friday"); "until" is stronger and counts as a cue word of its own.
FORWARD_PREPS = words("by from")
# Looking forward from an expression, these open another clause with its own
# verb ("cut rates in February and could cut again in July").
CLAUSE_JOINERS = words("and but or while whereas although though")
NO_STOP: frozenset[str] = frozenset()
# Copulas and linking verbs: a participle after them is an adjective or a passive
# whose tense is the copula's ("is awarded on Saturday", "will remain closed").
COPULA_PRESENT = words("is are am being")
COPULA_OTHER = words("be been remain remains remained stay stays stayed become becomes get gets")
# Past participles that do not end in "-ed": "has risen", "have been", "has taken".
IRREGULAR_PARTICIPLES = words(
    "been done gone seen taken given known shown grown thrown drawn driven written spoken "
    "broken chosen frozen stolen forgotten hidden ridden risen fallen beaten eaten begun "
    "run won lost held made said told met put set cut hit let kept left sent spent paid"
)
# Common present-tense verbs: the nearest verb being one of these means the
# clause is not past ("signed on May 3 and takes effect on June 1").
PRESENT_VERBS = words(
    "is are am has have takes take begins begin starts start opens open closes "
    "close comes come goes go makes make gets get holds hold runs run remains remain "
    "continues continue meets meet ends expires expire falls rises reopens reopen resumes "
    "resume returns stands lasts appears appear faces visits travels hosts plays "
    "leaves arrives arrive flies sits votes vote decides hears testifies unveils "
    "launches celebrates announces publishes host visit play face travel welcome welcomes "
    "kicks plan marks speaks"
)
# Between a dated anchor and a year-less expression, these put the clause back
# at the publication date: "built in 1962, will reopen in March".
SPEAKS_FROM_NOW_RE = re.compile(
    r"\b(?:will|shall|won't|is|are|am|has|have|says|say)\b|'ll\b", re.IGNORECASE
)
# ... and so does another clause: "since its launch in 2003 and, as of February"
JOINER_RE = re.compile(r"\b(?:and|but|while|whereas|although|though)\b|;", re.IGNORECASE)
DETERMINERS = words("the a an his her its their our my your this that these those")
DUE_FORWARD = words("in on by for at before next this early late")
# "a dividend payable on May 3", "payable to shareholders on May 3": ahead
PAYABLE_NEXT = DUE_FORWARD | words("to from")
MODALS = words("will shall 'll wo would should might may could must to")
# "<word> to": modal-like constructions pointing forward in time
FUTURE_BEFORE_TO = words(
    "set going plans plan planning planned expected expects is are due scheduled "
    "slated aims intends hopes wants agreed promised vowed threatened likely "
    "poised ready about yet"
)
# "to" + a base verb is a plan from the main verb's time ("voted on Tuesday to
# close the library in June"), except after verbs of phase or attempt, which
# report what happened ("began to close stores in March", "failed to meet").
NOT_A_PLAN_BEFORE_TO = words(
    "began begin begins started start starts continued continue continues used tried "
    "managed failed had ceased stopped seemed appeared went came"
)
# "with seven minutes to go", "two laps to go": what is left, not a plan
LEFT_BEFORE_TO_GO = words(
    "seconds minutes hours days weeks months years laps holes games matches races "
    "rounds overs innings miles kilometres kilometers metres meters yards points"
)
# "postponed the concert to Sunday", "adjourned until Monday": a new date ahead
POSTPONED_TO_RE = re.compile(
    r"\b(?:postpon\w*|delay\w*|adjourn\w*|defer\w*|reschedul\w*|moved?|"
    # "put the race back to", "pushes the vote back to", "put off"
    r"(?:push(?:ed|es|ing)?|put(?:s|ting)?)\s+(?:[\w'’-]+\s+){0,4}?(?:back|off)|"
    r"brought\s+forward|bring\s+forward)\b[^.;!?]{0,40}?\b(?:to|until|till|past|beyond)\s+$",
    re.IGNORECASE,
)
# "<verb> (him) to <verb>": what was hoped, agreed or ordered lies ahead of it
# ("hoped to form a government by the end of June", "ordered him to report by
# March 14", "agreed earlier this month to pause output in the first quarter")
PLAN_BEFORE_TO = words(
    "hope hopes hoped plan plans planned planning agree agrees agreed expect expects "
    "expected aim aims aimed intend intends intended want wants wanted promise promises "
    "promised vow vows vowed decide decides decided vote votes voted pledge pledges "
    "pledged order orders ordered ask asks asked urge urges urged allow allows allowed "
    "force forces forced need needs needed prepare prepares prepared seek seeks sought "
    "agreement plan deal decision bid order vote booked"
)
OBJECT_PRONOUNS = words("him her them it us me you")
# words of a short time phrase that may stand between a plan verb and its "to"
TIME_PHRASE_WORDS = words(
    "earlier later this last on in month week year today yesterday monday tuesday "
    "wednesday thursday friday saturday sunday"
)
