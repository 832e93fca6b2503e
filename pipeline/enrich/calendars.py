"""Holidays of the Chinese, Hebrew and Islamic calendars on the Gregorian one, computed.

**Lunar New Year.** The Chinese calendar's year starts on the day of the second
new moon after the December solstice, counted in China's time zone (UTC+8).
When a leap month falls between (2033-34, the "2033 problem") that new moon
comes before 21 January, and the year starts on the next one. New moons and the
solstice come from Meeus, *Astronomical Algorithms* (2nd ed., chapters 27 and
49): the new moon to about a minute, the solstice's mean instant (minutes off),
which decides a day only when one of them falls within minutes of midnight in
China.

**Tet**, the Vietnamese new year, follows the same rule in Vietnam's time zone
(UTC+7) since 1968.

**Nowruz**, the Iranian new year, is the day of the March equinox in Tehran's
time (UTC+3:30) if it comes before noon there, else the next day; the
equinox is Meeus's (chapter 27, mean instant and periodic terms).

**Rosh Hashanah, Yom Kippur, Passover, Hanukkah.** The Hebrew calendar is
arithmetic: the new year's day follows from the mean conjunction (molad) and
the four postponement rules, as in Reingold and Dershowitz, *Calendrical
Calculations*. Passover (15 Nisan) falls 163 days before the next new year,
Yom Kippur 9 days after it, Hanukkah (25 Kislev) 83 or 84 days after it
(Heshvan has 30 days in a "complete" year). Each holiday begins at the sunset
before the day given here.

**Eid al-Fitr, Eid al-Adha.** An Islamic month begins with the new crescent.
The Umm al-Qura calendar's rule (Saudi Arabia) starts it on the day after the
conjunction when the conjunction comes before sunset in Mecca; sunset is taken
as 18:30 (UTC+3), and the conjunction is Meeus's new moon as above. Eid
al-Fitr is 1 Shawwal, Eid al-Adha 10 Dhu al-Hijjah (two months on). Where the
crescent was not seen on the first evening, or a country keeps its own
sighting, the day kept is one later (2010 and 2016 for Eid al-Fitr).

All are checked against published days in ``tests/unit/test_calendars.py``.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

# (coefficient, power of E, multiple of M, of M', of F): Meeus table 49.A, new moon
_TERMS = (
    (-0.40720, 0, 0, 1, 0), (0.17241, 1, 1, 0, 0), (0.01608, 0, 0, 2, 0), (0.01039, 0, 0, 0, 2),
    (0.00739, 1, -1, 1, 0), (-0.00514, 1, 1, 1, 0), (0.00208, 2, 2, 0, 0), (-0.00111, 0, 0, 1, -2),
    (-0.00057, 0, 0, 1, 2), (0.00056, 1, 1, 2, 0), (-0.00042, 0, 0, 3, 0), (0.00042, 1, 1, 0, 2),
    (0.00038, 1, 1, 0, -2), (-0.00024, 1, -1, 2, 0), (-0.00007, 0, 2, 1, 0), (0.00004, 0, 0, 2, -2),
    (0.00004, 0, 3, 0, 0), (0.00003, 0, 1, 1, -2), (0.00003, 0, 0, 2, 2), (-0.00003, 0, 1, 1, 2),
    (0.00003, 0, -1, 1, 2), (-0.00002, 0, -1, 1, -2), (-0.00002, 0, 1, 3, 0), (0.00002, 0, 0, 4, 0),
)  # fmt: skip
_J2000_DAY = 2451544.5  # the Julian day at which 1 January 2000 begins
_DELTA_T = 69 / 86400  # terrestrial minus universal time, about 69 s around 2000-2025
_CHINA = 8 / 24  # UTC+8


_VIETNAM = 7 / 24  # UTC+7, Vietnam's calendar time since 1968


def _local_day(jde: float, zone: float = _CHINA) -> date:
    return date(2000, 1, 1) + timedelta(days=math.floor(jde - _DELTA_T + zone - _J2000_DAY))


def _new_moon(k: int, zone: float = _CHINA) -> date:
    """The day in China (or in ``zone``) of new moon number ``k`` (0: 6 January 2000)."""
    return _local_day(_new_moon_jde(k), zone)


def _new_moon_jde(k: int) -> float:
    """The instant (Julian ephemeris day) of new moon number ``k``."""
    t = k / 1236.85
    jde = (
        2451550.09766 + 29.530588861 * k + 0.00015437 * t**2 - 0.00000015 * t**3
        + 0.00000000073 * t**4
    )  # fmt: skip
    m = math.radians(2.5534 + 29.1053567 * k - 0.0000014 * t**2 - 0.00000011 * t**3)
    mp = math.radians(
        201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4
    )
    f = math.radians(
        160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4
    )
    om = math.radians(124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3)
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    corr = -0.00017 * math.sin(om)
    for c, ep, im, imp, iff in _TERMS:
        corr += c * e**ep * math.sin(im * m + imp * mp + iff * f)
    return jde + corr


def _december_solstice(y: int, zone: float = _CHINA) -> date:
    """The day in China (or in ``zone``) of the December solstice of year ``y``
    (its mean instant)."""
    yy = (y - 2000) / 1000
    jde = 2451900.05952 + 365242.74049 * yy - 0.06223 * yy**2 - 0.00823 * yy**3 + 0.00032 * yy**4
    return _local_day(jde, zone)


@lru_cache(maxsize=512)
def lunar_new_year(y: int, zone: float = _CHINA) -> date:
    """The first day of the Chinese year that begins in Gregorian year ``y``
    (1996: 19 February), for years 1-9998; with ``zone``, the same rule kept in
    another time zone (:func:`tet`)."""
    solstice = _december_solstice(y - 1, zone)
    k = math.floor((y - 2001) * 12.3685 + 11.5)  # near the solstice
    while _new_moon(k, zone) > solstice:
        k -= 1
    while _new_moon(k + 1, zone) <= solstice:
        k += 1
    day = _new_moon(k + 2, zone)  # month 11 holds the solstice; month 1 is two after
    if day < date(y, 1, 21):
        day = _new_moon(k + 3, zone)  # a leap month between (2033-34)
    return day


def tet(y: int) -> date:
    """Tet, the Vietnamese new year: the Chinese rule kept in Vietnam's time
    (UTC+7) since 1968, so a new moon in the hour before midnight in China moves
    it a day earlier (2007: 17 February, China's 18th). Before 1968, China's."""
    return lunar_new_year(y, _VIETNAM if y >= 1968 else _CHINA)


# (amplitude, phase in degrees, speed in degrees per century): Meeus table 27.C,
# the periodic terms of an equinox or solstice
_EQUINOX_TERMS = (
    (485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186),
    (182, 27.85, 445267.112), (156, 73.14, 45036.886), (136, 171.52, 22518.443),
    (77, 222.54, 65928.934), (74, 296.72, 3034.906), (70, 243.58, 9037.513),
    (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
    (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417),
    (18, 155.12, 67555.328), (17, 288.79, 4562.452), (16, 198.04, 62894.029),
    (14, 199.76, 31436.921), (12, 95.39, 14577.848), (12, 287.11, 31931.756),
    (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074),
)  # fmt: skip
_TEHRAN = 3.5 / 24  # UTC+3:30, the meridian of 52.5 degrees east


def _march_equinox_jde(y: int) -> float:
    """The instant (Julian ephemeris day) of the March equinox of ``y``: Meeus
    chapter 27, the mean instant and its periodic terms (to a minute or so)."""
    yy = (y - 2000) / 1000
    jde0 = 2451623.80984 + 365242.37404 * yy + 0.05169 * yy**2 - 0.00411 * yy**3
    jde0 -= 0.00057 * yy**4
    t = (jde0 - 2451545.0) / 36525
    w = math.radians(35999.373 * t - 2.47)
    dl = 1 + 0.0334 * math.cos(w) + 0.0007 * math.cos(2 * w)
    s = sum(a * math.cos(math.radians(b + c * t)) for a, b, c in _EQUINOX_TERMS)
    return jde0 + 0.00001 * s / dl


@lru_cache(maxsize=512)
def nowruz(y: int) -> date:
    """Nowruz, the first day of the Iranian year: the day of the March equinox
    in Tehran's time when it comes before noon there, else the day after (21
    March 2006; 20 March 2024)."""
    local = _march_equinox_jde(y) - _DELTA_T + _TEHRAN - _J2000_DAY
    day = date(2000, 1, 1) + timedelta(days=math.floor(local))
    return day if local - math.floor(local) < 0.5 else day + timedelta(days=1)


def _hebrew_leap(year: int) -> bool:
    return (7 * year + 1) % 19 < 7


def _hebrew_elapsed_days(year: int) -> int:
    """Days from the Hebrew epoch to the first of Tishri of ``year``, with the
    postponements (Calendrical Calculations, first edition)."""
    months = 235 * ((year - 1) // 19) + 12 * ((year - 1) % 19) + (7 * ((year - 1) % 19) + 1) // 19
    parts_elapsed = 204 + 793 * (months % 1080)
    hours = 5 + 12 * months + 793 * (months // 1080) + parts_elapsed // 1080
    day = 1 + 29 * months + hours // 24
    parts = 1080 * (hours % 24) + parts_elapsed % 1080
    if (
        parts >= 19440
        or (day % 7 == 2 and parts >= 9924 and not _hebrew_leap(year))
        or (day % 7 == 1 and parts >= 16789 and _hebrew_leap(year - 1))
    ):
        day += 1
    if day % 7 in (0, 3, 5):
        day += 1
    return day


_HEBREW_EPOCH = -1373429  # the Hebrew calendar's day 0 as a proleptic Gregorian ordinal


@lru_cache(maxsize=512)
def rosh_hashanah(y: int) -> date:
    """The Jewish New Year (1 Tishri) that falls in the autumn of Gregorian year ``y``."""
    return date.fromordinal(_hebrew_elapsed_days(y + 3761) + _HEBREW_EPOCH + 1)


def yom_kippur(y: int) -> date:
    return rosh_hashanah(y) + timedelta(days=9)


def passover(y: int) -> date:
    """The first day of Passover (15 Nisan) in the spring of Gregorian year ``y``."""
    return rosh_hashanah(y) - timedelta(days=163)


def hanukkah(y: int) -> date:
    """The first day of Hanukkah (25 Kislev) in the December of Gregorian year ``y``."""
    year_length = _hebrew_elapsed_days(y + 3762) - _hebrew_elapsed_days(y + 3761)
    heshvan = 30 if year_length % 10 == 5 else 29  # 355 or 385 days: a complete year
    return rosh_hashanah(y) + timedelta(days=30 + heshvan + 24)


# the new moon that begins Shawwal 1432 (29 August 2011): Shawwal's come every 12
# lunations (a Hijri year), Ramadan's one before, Dhu al-Hijjah's two after
_SHAWWAL_1432 = 144
_MECCA = 3 / 24  # UTC+3
_MECCA_SUNSET = 18.5 / 24  # about 18:30 local time, the year round within an hour


def _islamic_month_start(k: int) -> date:
    """The first day of the Islamic month that new moon ``k`` begins: the day
    after the conjunction when it falls before sunset in Mecca, else the day
    after that (the rule of the Umm al-Qura calendar, with sunset taken as
    18:30; observed days differ by a day between countries and years)."""
    local = _new_moon_jde(k) - _DELTA_T + _MECCA - _J2000_DAY  # days since 2000-01-01 0h, Mecca
    day = math.floor(local)
    after_sunset = local - day >= _MECCA_SUNSET
    return date(2000, 1, 1) + timedelta(days=day + 1 + after_sunset)


def _islamic_in_year(y: int, offset: int, days: int) -> date:
    """The first day in Gregorian year ``y`` that is ``days`` after the start of
    the month ``offset`` lunations from a Shawwal. A Hijri year (354 or 355
    days) is shorter than a Gregorian one, so every Gregorian year holds one."""
    n = math.floor((y - 2011) * 12.3685 / 12) - 1  # a Shawwal before year y
    while True:
        d = _islamic_month_start(_SHAWWAL_1432 + 12 * n + offset) + timedelta(days=days)
        if d.year >= y:
            return d
        n += 1


@lru_cache(maxsize=512)
def eid_al_fitr(y: int) -> date:
    """1 Shawwal in Gregorian year ``y`` (the first, in the years that hold two)."""
    return _islamic_in_year(y, 0, 0)


@lru_cache(maxsize=512)
def eid_al_adha(y: int) -> date:
    """10 Dhu al-Hijjah in Gregorian year ``y`` (the first, in the years that hold two)."""
    return _islamic_in_year(y, 2, 9)
