"""Datelines: the place (and sometimes date and agency) that opens wire copy.

``KYIV, May 19 (Northwind Wire) - ...``, ``MOSCOW: ...``, ``WASHINGTON (Reuters) --``.
Only a leading run of capitalised words followed by a separator counts, so an
ordinary first sentence is never taken for a place.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z'.\-]+(?:[ ][A-Z][A-Z'.\-]+){0,3}      # KYIV / NEW YORK / ST. PETERSBURG
       (?:,[ ][A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?)?)      # , Ukraine / , Calif.
    (?:,?[ ](?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ ](?P<day>\d{1,2}))?  # , May 19
    (?:[ ]?\([^)\n]{1,60}\))?                                  # (Agency)
    \s*(?::|--|-|—|–)\s+""",
    re.VERBOSE,
)


def _pretty(place: str) -> str:
    head, _, region = place.strip().partition(", ")
    return head.title() + (", " + region if region else "")


def parse_dateline(body: str) -> tuple[str | None, int]:
    """Return (place in title case, offset where the story text starts)."""
    m = _DATELINE.match(body)
    if not m:
        return None, 0
    return _pretty(m.group("place")), m.end()


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def writing_day(
    body: str, published: datetime | None, produced_at: float | None = None
) -> date | None:
    """The calendar day the article was written on, where it was written.

    Relative dates ("on Monday", "yesterday") count from this day. It is the
    publication time's own calendar day (in the offset the feed gave), except
    when the dateline carries a date one day from it: a feed that stamps in UTC
    puts Melbourne's Monday morning ("MELBOURNE, Oct 10 (SWS) - ... walked off
    the job on Monday", stamped 2016-10-09T22:30Z) on Sunday, and New York's
    Monday evening on Tuesday, and "on Monday" would then be read a week off
    or as tomorrow. A dateline date further off than a day is not the writing
    day (a template, a typo, a story filed days before it ran), and the
    publication day stands. Without a publication time, the day ``produced_at``
    (epoch seconds, when it reached the pipeline) falls on in UTC stands in for
    it; without either, None.
    """
    if published is not None:
        day = published.date()
    elif produced_at is not None:
        day = datetime.fromtimestamp(produced_at, UTC).date()
    else:
        return None
    m = _DATELINE.match(body)
    if m is None or m.group("day") is None:
        return day
    month, dom = _MONTHS[m.group("month")[:3]], int(m.group("day"))
    for year in (day.year, day.year - 1, day.year + 1):  # 31 Dec / 1 Jan
        try:
            named = date(year, month, dom)
        except ValueError:
            continue
        if abs(named - day) <= timedelta(days=1):
            return named
    return day


def mask_dateline(body: str) -> str:
    """The body as NER should see it: same length, dateline place title-cased
    and closed as a sentence of its own, the rest of the dateline blanked.

    An all-capitals place ("ISTANBUL:") is often tagged ORG by the model and the
    agency in brackets is not news about an organisation. The place keeps its
    comma ("Tromso, Norway") and ends with a full stop and a line break: with
    blanks alone the model reads the place and the first words of the story as
    one name ("Lisbon Portugal", "London Oil", "Sydney The Reserve Bank").
    Offsets are unchanged so mentions still index the original body.
    """
    m = _DATELINE.match(body)
    if not m:
        return body
    start, end = m.span("place")
    place = _pretty(body[start:end]).ljust(end - start)[: end - start]
    gap = m.end() - end  # at least 2: a separator and a blank
    stop = "\n" if place.endswith(".") else ".\n"  # "Washington, D.C." has its full stop
    return " " * start + place + (stop + " " * gap)[:gap] + body[m.end() :]
