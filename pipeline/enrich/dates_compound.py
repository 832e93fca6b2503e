"""Compound lengths: "2 hours 5 minutes 30 seconds" is one TIMEX3, PT2H5M30S.

The patterns of :mod:`pipeline.enrich.dates` find each "number unit" on its
own. TimeML marks a length written in several units as one expression with
one value, so adjacent durations are joined here, after the patterns ran:
a pure pass over the finished list, so it needs nothing from ``dates`` and
costs one look at each pair of neighbours.
"""

from __future__ import annotations

import re

from pipeline.record import TimeExpr

# P[nY][nM][nW][nD][T[nH][nM][nS]] with plain numbers only (no X, no decades)
_DURATION_RE = re.compile(
    r"^P(?:(?P<Y>\d+)Y)?(?:(?P<Mo>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
    r"(?:T(?:(?P<H>\d+)H)?(?:(?P<Mi>\d+)M)?(?:(?P<S>\d+(?:\.\d+)?)S)?)?$"
)
_ORDER = ("Y", "Mo", "W", "D", "H", "Mi", "S")
# what may stand between the parts: nothing, a blank, "and", a comma
_GAP_RE = re.compile(r"^[ \t\xa0]*(?:,[ \t\xa0]*)?(?:and[ \t\xa0]+)?$")


def _parts(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    m = _DURATION_RE.match(value)
    if m is None:
        return None
    parts = {k: v for k, v in m.groupdict().items() if v is not None}
    return parts or None


def _value(parts: dict[str, str]) -> str:
    date_part = "".join(
        f"{parts[k]}{u}" for k, u in (("Y", "Y"), ("Mo", "M"), ("W", "W"), ("D", "D")) if k in parts
    )
    time_part = "".join(
        f"{parts[k]}{u}" for k, u in (("H", "H"), ("Mi", "M"), ("S", "S")) if k in parts
    )
    return "P" + date_part + ("T" + time_part if time_part else "")


def merge_compound_durations(exprs: list[TimeExpr], text: str) -> list[TimeExpr]:
    """Join neighbouring durations whose units step down ("4 years and 6 months").

    Units must strictly descend, so "5 minutes, 3 hours and 2 days" stays three
    lengths (a list), and a comma only joins when no "and" list follows it
    with a unit of the same size.
    """
    out: list[TimeExpr] = []
    cur_parts: dict[str, str] | None = None
    for e in exprs:
        prev = out[-1] if out else None
        parts = _parts(e.value) if e.type == "DURATION" else None
        if (
            prev is not None
            and cur_parts is not None
            and parts is not None
            and _GAP_RE.match(text[prev.end : e.start])
            and max(_ORDER.index(k) for k in cur_parts) < min(_ORDER.index(k) for k in parts)
        ):
            cur_parts = {**cur_parts, **parts}
            out[-1] = prev.model_copy(
                update={"text": text[prev.start : e.end], "end": e.end, "value": _value(cur_parts)}
            )
            continue
        out.append(e)
        cur_parts = parts
    return out
