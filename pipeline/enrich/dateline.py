"""Datelines: the place (and sometimes date and agency) that opens wire copy.

``KYIV, May 19 (Northwind Wire) - ...``, ``MOSCOW: ...``, ``WASHINGTON (Reuters) --``.
Only a leading run of capitalised words followed by a separator counts, so an
ordinary first sentence is never taken for a place.
"""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z'.\-]+(?:[ ][A-Z][A-Z'.\-]+){0,3}      # KYIV / NEW YORK / ST. PETERSBURG
       (?:,[ ][A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?)?)      # , Ukraine / , Calif.
    (?:,?[ ](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ ]\d{1,2})?  # , May 19
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
