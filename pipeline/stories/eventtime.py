"""An article's own event time, read from the dates its lead refers to.

Two events of one kind a few days apart (two rounds of talks, two strike days)
share their names and words, and the join span cannot part them when the
report of the second is published within days of the first: "the second round
will be held next Tuesday", published on Friday, three days after the first
round. What tells them apart is the time the article itself places its event
at. The enrichment resolves the lead's dates against the publication date
("next week" -> ``2025-W22``, with the day range it covers), so each article
carries the day ranges its lead refers to, and a story the ranges of its
members' leads. An article conflicts with a story when

* its lead refers to a time other than its own publication day (a reference
  to today is the reporting time: "officials said on Friday");
* the story's members refer to some day, and not to the article's
  publication day (a report of Friday's talks that ends "they meet again
  next week" stays with Friday's story);
* every one of the article's other times lies ``gap`` days or more from every
  day the story's members refer to.

A story keeps every day its members refer to, plans included, so a story
about next week's round keeps next week, and a first round's story that says
"they meet again next Tuesday" lets next Tuesday's announcement join (as
before this rule): the rule only parts what the dates clearly part.

Dates far from the publication day (more than ``horizon`` days) are history,
not event time, and ranges wider than a month ("this year") say nothing; both
are left out. Without a publication date nothing is resolved against one, so
nothing is left and the rule does nothing (ECB+: every date lies years from
the evaluation's common publication date).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from pipeline.record import TimeExpr

# A range of days (``date.toordinal()``), both ends included.
Days = tuple[int, int]

WIDEST = 31  # days: wider ranges (a season, a year) place no event


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` inside double quotation marks ("..." or
    curly quotes); an unclosed quote runs to ``end``. One pass, linear."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "\u201c" or (ch == '"' and opened is None):
            opened = i if opened is None else opened
        elif (ch == "\u201d" or ch == '"') and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def lead_days(
    dates: Iterable[TimeExpr],
    start: int,
    end: int,
    day: int | None,
    horizon: int,
    quoted: Iterable[tuple[int, int]] = (),
) -> tuple[Days, ...]:
    """The day ranges the resolved dates in ``[start, end)`` of the body cover,
    within ``horizon`` days of the publication day ``day``, leaving out those
    ``quoted``: what someone says ("if the gate opens on the first of October,
    I will be here") is a hope or a memory, not the time of the report's event."""
    if day is None:
        return ()
    speech = list(quoted)
    out: set[Days] = set()
    for d in dates:
        if not (start <= d.start < end and d.resolved and d.gte and d.lte):
            continue
        if any(a <= d.start < b for a, b in speech):
            continue
        try:
            lo, hi = date.fromisoformat(d.gte).toordinal(), date.fromisoformat(d.lte).toordinal()
        except ValueError:
            continue
        if hi - lo < WIDEST and lo - horizon <= day <= hi + horizon:
            out.add((lo, hi))
    return tuple(sorted(out))


def _apart(a: Days, b: Days) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def conflicts(days: Iterable[Days], day: int | None, story: Mapping[Days, int], gap: int) -> bool:
    """The article's own event time lies ``gap`` days or more from every day the
    story's members refer to (see the module docstring)."""
    if gap <= 0 or day is None or not story:
        return False
    other = [r for r in days if not r[0] <= day <= r[1]]
    if not other or any(lo <= day <= hi for lo, hi in story):
        return False
    return all(_apart(r, s) >= gap for r in other for s in story)


def looks_back(days: Iterable[Days], day: int | None, story: Mapping[Days, int]) -> bool:
    """Every day the article's lead refers to is within a day of one the story's
    members refer to, and none is its own publication day ``day``: it tells of
    the story's event afterwards (an analysis, a feature), not of a new one. An
    article whose lead refers to no day at all looks back too. One that
    reports its own day ("agreed catch limits on Monday", "as the hearing
    resumed on Monday") does not, even when the story announced that day."""
    days = list(days)
    if day is not None and any(lo <= day <= hi for lo, hi in days):
        return False
    return all(any(_apart(r, s) <= 1 for s in story) for r in days)


def tally(counts: dict[Days, int], days: Iterable[Days], sign: int) -> None:
    """Count a member's day ranges into (``sign`` 1) or out of (-1) its story's."""
    for r in days:
        n = counts.get(r, 0) + sign
        if n > 0:
            counts[r] = n
        else:
            counts.pop(r, None)
