"""Hostile input for the date kinds of the sixth to twenty-seventh rounds.

Each new kind repeated to the length cap stays bounded by the per-pattern caps,
and any mix of their pieces, in any order, resolves without raising (a value
such as "T24:00" once did). Time is measured in docs/dates.md, not here.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.dates import MAX_CHARS, MAX_MATCHES_PER_PATTERN, extract_dates

PIECES = [
    "before year-end ",
    "a year-end bonus ",
    "Feb. 12 ",
    "at 6 a.m. Thursday ",
    "at 10.30pm ",
    "midnight ",
    "an hour later ",
    "20 minutes later ",
    "That year ",
    "that evening ",
    "the following afternoon ",
    "the following decade ",
    "from March to June 2012 ",
    "payable Nov. 16 ",
    "next week's Christmas ",
    "ended the week ",
    "the same period of 2000 ",
    "overnight ",
    "will now ",
    "Friday would ",
    "the driest summer since 1976 ",
    "in Q3 ",
    "Boxing Day ",
    "the second half ",
    "Minister to announce ",
    "another month ",
    "each fall ",
    "for May delivery ",
    "the February inflation figures ",
    "figures for January ",
    "ahead of the summer ",
    "ordered them to return by 6 a.m. Monday ",
    "rose to record levels by ",
    "the first half of 2014 and the second half ",
    "Relatives plan ",
    "turning a day surgery unit ",
    "the 2015-16 financial year ",
    "financial year 2023-24 ",
    "working weekends ",
    "has promised a review in the spring ",
    "by mid-morning ",
    "in mid-afternoon on Tuesday ",
    "the evening of Monday ",
    "through the night ",
    "released this afternoon, six legs that day ",
    "that day has come ",
    "the fourth quarter from the previous quarter ",
    "by a quarter point ",
    "stayed blocked until Friday ",
    "on May 20 and 21 ",
    "called a snap election for January 30 ",
    "in the June quarter ",
    "the fiscal fourth quarter, the year-ago quarter, the current quarter ",
    "first-quarter results ",
    "the second half of fiscal 2013 ",
    "before the new year ",
    "in the fall ",
    "injured in the fall ",
    "Today the bridge is used ",
    "could not be changed overnight ",
    "the 24-hour clock ",
    "next year's race will be on Nov. 3 ",
    "was originally planned for October ",
    "Saturday's programme ",
    "By 4am on Sunday ",
    "will arrive on Monday and hold talks on Tuesday ",
    "in June 2008. The following month ",
    "by 112 votes to 97 in the vote Tuesday ",
    "six nights a week ",
    "in the early hours of Sunday ",
    "year-to-date ",
    "cuts that take effect on Friday ",
    "named by mid-March and enthroned before Easter ",
    "on Ash Wednesday ",
    "By nightfall ",
    "at dawn ",
    "at 8 p.m. (1900 GMT) on Feb. 28 ",
    "at 11:50 p.m. ",
    "at 1:30 a.m. ",
    "the March 8-9 election ",
    "June 3-5, 2014 ",
    "the asteroid 2012 DA14 ",
    "held out until Saturday morning ",
    "the day before to burn ",
    "at 10 a.m. PST Monday ",
    "warm weather until mid-December left ",
    "starting at 4 p.m. Sunday, before breaking off at 6 a.m. ",
    "from the prior month ",
    "gifts for Father's Day ",
    "the following spring ",
    "winter coats ",
    "on 9 April 2012 ... Later that day ",
    "the previous October ",
    "'A year ago ",
    "in the October-December quarter, down from 1 per cent in the third quarter ",
    "on 23 January in 2012 ",
    "since 1995, when ",
    "on Wednesday and Thursday ",
    "no later than March 31 ",
    ", built in Japan in 1984, passed in November ",
    "a hearing set for December was postponed ",
    "its August figures ",
    "the Fourth of July ",
    "the most likely cause of the July 17 crash ",
    "the Sept. 11 attacks ",
    "the summer and the fall ",
    "By late afternoon ",
    "planned for the next decade ",
    "the previous evening. At about 3 a.m. ",
    "A year ago today ",
    "at half past six ",
    "four minutes to five ",
    "from eleven last night until three this morning ",
    "the five p.m. advisory ",
    "in nineteen ninety-one, two thousand and three ",
    "on Monday the fifth ",
    "the first of September, two thousand and four ",
    "on the twenty-first ",
    "a short while ago ",
    "a week on Thursday ",
    "the same week ",
    "from the previous quarter and from a year earlier ",
    "since the third quarter of 2010 ",
    "that December ",
    ", he said, with ",
    "on Feb. 18, followed by the primary in May ",
    "over the next fortnight ",
    "March was ",
    'since Saturday," she said. At 6 a.m. ',
    "NAIROBI, 14 November - on 03/09/2013 ",
    "the regulator said on October 4 ",
    "in January last year ",
    "For the year, revenue was ",
    "holders of record on April 11 ",
    "in its autumn outlook ",
    "are forecast from late afternoon ",
    "about 120,000 years ago ",
    "1,234,567 days ",
    "A century later ",
    "and that August ",
    "spread that summer ",
    "for millennia ",
    "On January 6 the council said ",
    "The year began ",
    "\n",
    ". ",
]


def test_each_new_kind_repeated_to_the_cap_is_bounded() -> None:
    for piece in PIECES[:-2]:
        text = (piece * (MAX_CHARS // len(piece) + 1))[:MAX_CHARS]
        got = extract_dates(text, date(2019, 5, 2))
        # at most a few patterns match each piece, each capped
        assert len(got) <= 4 * MAX_MATCHES_PER_PATTERN, piece
        assert all(t.end <= MAX_CHARS for t in got)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=60),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
)
def test_any_mix_of_the_new_kinds_resolves_without_raising(
    pieces: list[str], published: date | None
) -> None:
    text = "".join(pieces)
    for t in extract_dates(text, published):
        assert text[t.start : t.end] == t.text
