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


def parse_dateline(body: str) -> tuple[str | None, int]:
    """Return (place in title case, offset where the story text starts)."""
    m = _DATELINE.match(body)
    if not m:
        return None, 0
    place = m.group("place").strip()
    head, _, region = place.partition(", ")
    pretty = head.title()
    if region:
        pretty += ", " + region
    return pretty, m.end()
