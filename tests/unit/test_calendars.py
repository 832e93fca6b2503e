"""Holidays of other calendars, computed (``pipeline/enrich/calendars.py``).

The expected days are the published ones: the first days of the Chinese year
(the Hong Kong Observatory's calendar tables give the same days), the first
full days of the Jewish holidays (each begins at the sunset before) and the
days Saudi Arabia kept the two Eids.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.enrich.calendars import (
    eid_al_adha,
    eid_al_fitr,
    hanukkah,
    lunar_new_year,
    nowruz,
    passover,
    rosh_hashanah,
    tet,
    yom_kippur,
)

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


# Vietnam keeps the same rule in UTC+7: in 1985 the solstice's day and so the
# leap month fell differently (Tet a month before China's new year), and in 2007
# the new moon came in the hour before midnight in China
TET = {1985: (1, 21), 1996: (2, 19), 2007: (2, 17), 2008: (2, 7), 2024: (2, 10), 2025: (1, 29)}


@pytest.mark.parametrize("year", sorted(TET))
def test_tet_the_published_days(year: int) -> None:
    assert tet(year) == date(year, *TET[year])


# the first day of the Iranian year (1 Farvardin), as the Iranian calendar gives it
NOWRUZ = {
    2006: (3, 21), 2007: (3, 21), 2008: (3, 20), 2012: (3, 20), 2013: (3, 21), 2016: (3, 20),
    2020: (3, 20), 2021: (3, 21), 2024: (3, 20), 2025: (3, 21),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(NOWRUZ))
def test_nowruz_the_published_days(year: int) -> None:
    assert nowruz(year) == date(year, *NOWRUZ[year])


def test_years_out_of_the_calendar_raise_not_hang() -> None:
    # the date step turns these into "no value" (``_safe_resolve``)
    with pytest.raises((ValueError, OverflowError)):
        lunar_new_year(1)


ROSH_HASHANAH = {
    1995: (9, 25), 2000: (9, 30), 2001: (9, 18), 2004: (9, 16), 2010: (9, 9), 2015: (9, 14),
    2020: (9, 19), 2023: (9, 16), 2024: (10, 3), 2025: (9, 23),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(ROSH_HASHANAH))
def test_rosh_hashanah(year: int) -> None:
    assert rosh_hashanah(year) == date(year, *ROSH_HASHANAH[year])


def test_the_other_jewish_holidays() -> None:
    assert [passover(y) for y in (2019, 2023, 2024, 2025)] == [
        date(2019, 4, 20), date(2023, 4, 6), date(2024, 4, 23), date(2025, 4, 13)
    ]  # fmt: skip
    assert [yom_kippur(y) for y in (2019, 2023, 2024, 2025)] == [
        date(2019, 10, 9), date(2023, 9, 25), date(2024, 10, 12), date(2025, 10, 2)
    ]  # fmt: skip
    # Heshvan of 29 days (2023, 2025) and of 30 (2019, 2024)
    assert [hanukkah(y) for y in (2019, 2023, 2024, 2025)] == [
        date(2019, 12, 23), date(2023, 12, 8), date(2024, 12, 26), date(2025, 12, 15)
    ]  # fmt: skip


def test_the_new_year_always_falls_between_5_september_and_5_october() -> None:
    for y in range(1900, 2101):
        assert date(y, 9, 5) <= rosh_hashanah(y) <= date(y, 10, 5), y


# the days Saudi Arabia kept; the rule gives a day earlier in 2010 (9 September
# for the 10th) and 2016 (5 July for the 6th), when the crescent was not seen on
# the first evening, so those two are not asserted
EID_AL_FITR = {
    2009: (9, 20), 2011: (8, 30), 2012: (8, 19), 2013: (8, 8), 2014: (7, 28), 2015: (7, 17),
    2017: (6, 25), 2018: (6, 15), 2019: (6, 4), 2020: (5, 24), 2021: (5, 13), 2022: (5, 2),
    2023: (4, 21), 2024: (4, 10),
}  # fmt: skip
EID_AL_ADHA = {
    2018: (8, 21), 2019: (8, 11), 2020: (7, 31), 2021: (7, 20), 2022: (7, 9), 2023: (6, 28),
    2024: (6, 16),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(EID_AL_FITR))
def test_eid_al_fitr(year: int) -> None:
    assert eid_al_fitr(year) == date(year, *EID_AL_FITR[year])


@pytest.mark.parametrize("year", sorted(EID_AL_ADHA))
def test_eid_al_adha(year: int) -> None:
    assert eid_al_adha(year) == date(year, *EID_AL_ADHA[year])


def test_a_hijri_year_is_354_or_355_days_and_every_gregorian_year_holds_an_eid() -> None:
    for y in range(1950, 2100):
        fitr, adha = eid_al_fitr(y), eid_al_adha(y)
        assert fitr.year == y and adha.year == y
        gap = (eid_al_fitr(y + 1) - fitr).days
        assert gap in (354, 355) or gap in (708, 709), y  # (708-709: a year that holds two)
        if adha > fitr:  # two months and nine days on, in the same Hijri year
            assert 67 <= (adha - fitr).days <= 69, y
    with pytest.raises((ValueError, OverflowError)):
        eid_al_fitr(1)
