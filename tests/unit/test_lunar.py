"""The Lunar New Year, computed from the new moons (``pipeline/enrich/lunar.py``).

The expected days are the published first days of the Chinese year (the Hong
Kong Observatory's calendar tables give the same days).
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.enrich.lunar import lunar_new_year

PUBLISHED = {
    1985: (2, 20),  # the solstice and a new moon on one day in China: not 21 January
    1989: (2, 6), 1990: (1, 27), 1995: (1, 31), 1996: (2, 19), 1997: (2, 7), 1998: (1, 28),
    1999: (2, 16), 2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22),
    2005: (2, 9), 2006: (1, 29), 2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14),
    2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19), 2016: (2, 8),
    2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1),
    2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17),
    2034: (2, 19),  # a leap month after the eleventh of 2033
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_the_published_days(year: int) -> None:
    assert lunar_new_year(year) == date(year, *PUBLISHED[year])


def test_always_between_21_january_and_20_february() -> None:
    for y in range(1900, 2101):
        d = lunar_new_year(y)
        assert date(y, 1, 21) <= d <= date(y, 2, 20), y


def test_years_out_of_the_calendar_raise_not_hang() -> None:
    # the date step turns these into "no value" (``_safe_resolve``)
    with pytest.raises((ValueError, OverflowError)):
        lunar_new_year(1)
