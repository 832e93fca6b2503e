"""Event time: two events of one kind that the dates of the leads part
(``pipeline/stories/eventtime.py``). Articles written for these tests, with their
dates resolved by hand as the enrichment would."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from pipeline.enrich.dateline import writing_day
from pipeline.record import Article, Entity, EntityLabel, Span, TimeExpr
from pipeline.stories import ClusterConfig, StoryClusterer
from pipeline.stories.eventtime import conflicts, lead_days, looks_back, quoted_spans

TZ = timezone(timedelta(hours=2))
# Tuesday 3 June 2031: the first round of talks.
TUESDAY = datetime(2031, 6, 3, 18, 0, tzinfo=TZ)

ENTS: dict[str, EntityLabel] = {
    "Norland": "GPE",
    "Ostmark": "GPE",
    "Kessel": "GPE",
    "Ilse Brandt": "PERSON",
    "Piet Holm": "PERSON",
}


def make(
    article_id: str, title: str, body: str, day: int, dates: dict[str, tuple[str, str]]
) -> Article:
    """An enriched article published ``day`` days after Tuesday, with its entities
    located in the body and each date phrase resolved to the (gte, lte) given."""
    ents = []
    for name, label in ENTS.items():
        at = [i for i in range(len(body)) if body.startswith(name, i)]
        if at:
            spans = [Span(start=i, end=i + len(name)) for i in at]
            ents.append(
                Entity(text=name, canonical=name, label=label, count=len(at), mentions=spans)
            )
    times = []
    for phrase, (gte, lte) in dates.items():
        i = body.index(phrase)
        value = gte if gte == lte else f"{gte}/{lte}"
        times.append(
            TimeExpr(
                text=phrase,
                start=i,
                end=i + len(phrase),
                type="DATE",
                value=value,
                gte=gte,
                lte=lte,
            )
        )
    return Article(
        id=article_id,
        title=title,
        body=body,
        entities=ents,
        dates=times,
        source="wire.example",
        published=TUESDAY + timedelta(days=day),
    )


TUE, WED, FRI = "2031-06-03", "2031-06-04", "2031-06-06"
NEXT_TUE = "2031-06-10"
NEXT_WEEK = ("2031-06-09", "2031-06-15")

ROUND_ONE = [
    make(
        "r1-report",
        "Norland and Ostmark end first round of Kessel talks without deal",
        "KESSEL (Wire) - Negotiators from Norland and Ostmark ended the first round of "
        "talks on the river border in Kessel on Tuesday without a deal. Norland's envoy "
        "Ilse Brandt said the delegations had agreed on a map of the disputed river "
        "islands. Ostmark's envoy Piet Holm said the border talks had been frank.",
        0,
        {"Tuesday": (TUE, TUE)},
    ),
    make(
        "r1-follow",
        "Kessel border talks made progress on river islands, Brandt says",
        "KESSEL (Wire) - Tuesday's border talks between Norland and Ostmark in Kessel made "
        "progress on a map of the disputed river islands, Norland's envoy Ilse Brandt said "
        "on Wednesday. Ostmark's envoy Piet Holm said the delegations would study the map "
        "before the talks on the river border resume.",
        1,
        {"Tuesday": (TUE, TUE), "Wednesday": (WED, WED)},
    ),
]

# Friday, three days after the first round: next Tuesday's second round.
ANNOUNCEMENT = make(
    "r2-announced",
    "Second round of Kessel border talks set for next Tuesday",
    "KESSEL (Wire) - Norland and Ostmark will hold a second round of talks on the river "
    "border in Kessel next Tuesday, Norland's envoy Ilse Brandt said on Friday. Ostmark's "
    "envoy Piet Holm said the delegations would bring a map of the disputed river islands "
    "to the border talks.",
    3,
    {"next Tuesday": (NEXT_TUE, NEXT_TUE), "Friday": (FRI, FRI)},
)


def stories(c: StoryClusterer, articles: list[Article]) -> dict[str, str]:
    got: dict[str, str] = {}
    for a in articles:
        res = c.assign(a)
        got[a.id] = res.story_id
        got.update(res.moved)
    return got


def test_announcement_of_the_next_round_opens_its_own_story() -> None:
    got = stories(StoryClusterer(), [*ROUND_ONE, ANNOUNCEMENT])
    assert got["r1-report"] == got["r1-follow"]
    assert got["r2-announced"] != got["r1-report"]


def test_without_the_rule_the_announcement_joins_the_first_round() -> None:
    got = stories(StoryClusterer(ClusterConfig(event_gap=0)), [*ROUND_ONE, ANNOUNCEMENT])
    assert got["r2-announced"] == got["r1-report"]


def test_every_arrival_order_parts_the_two_rounds() -> None:
    for order in ([ANNOUNCEMENT, *ROUND_ONE], [ROUND_ONE[1], ANNOUNCEMENT, ROUND_ONE[0]]):
        got = stories(StoryClusterer(), order)
        assert got["r1-report"] == got["r1-follow"]
        assert got["r2-announced"] != got["r1-report"]


def test_a_report_that_names_the_next_round_stays_with_its_own_event() -> None:
    # Published on the day of the first round, it names next week too: its own day
    # is the story's, so the plan it mentions does not part it.
    same_day = make(
        "r1-evening",
        "Kessel border talks end; Norland and Ostmark to meet again next week",
        "KESSEL (Wire) - The first round of border talks between Norland and Ostmark ended "
        "in Kessel on Tuesday evening, and the delegations will meet again next week, "
        "Norland's envoy Ilse Brandt said. Ostmark's envoy Piet Holm said the map of the "
        "disputed river islands was agreed.",
        0,
        {"Tuesday evening": (TUE, TUE), "next week": NEXT_WEEK},
    )
    got = stories(StoryClusterer(), [*ROUND_ONE, same_day])
    assert got["r1-evening"] == got["r1-report"]


def test_the_second_rounds_own_reports_join_the_announcement() -> None:
    # Saturday: next week again, against a story whose members refer to next week.
    saturday = make(
        "r2-confirmed",
        "Ostmark confirms it will attend next week's Kessel border talks",
        "KESSEL (Wire) - Ostmark will attend the second round of border talks with Norland "
        "in Kessel next week, its envoy Piet Holm said on Saturday. Norland's envoy Ilse "
        "Brandt said the delegations would bring a map of the disputed river islands.",
        4,
        {"next week": NEXT_WEEK, "Saturday": ("2031-06-07", "2031-06-07")},
    )
    got = stories(StoryClusterer(), [*ROUND_ONE, ANNOUNCEMENT, saturday])
    assert got["r2-confirmed"] == got["r2-announced"]


def test_dates_far_from_publication_change_nothing() -> None:
    # As in ECB+, where every document shares one made-up publication date: the
    # dates lie years away, so none is an event time and the articles join as before.
    def far(a: Article) -> Article:
        return a.model_copy(update={"published": datetime(2020, 1, 1, 12, tzinfo=TZ)})

    arts = [far(a) for a in [*ROUND_ONE, ANNOUNCEMENT]]
    assert stories(StoryClusterer(), arts) == stories(
        StoryClusterer(ClusterConfig(event_gap=0)), arts
    )


def test_a_restored_story_keeps_its_days() -> None:
    c = StoryClusterer(ClusterConfig(reweigh_growth=0.0))
    stories(c, ROUND_ONE)
    state = json.loads(json.dumps(c.snapshot()))
    restored = StoryClusterer(ClusterConfig(reweigh_growth=0.0))
    restored.restore(state["stories"], state["stats"], state["copies"])
    assert restored.snapshot() == c.snapshot()
    assert restored.assign(ANNOUNCEMENT).new_story


def test_lead_days_keeps_the_lead_near_publication() -> None:
    body = "KESSEL (Wire) - On Tuesday, in 2029 and in June the envoys met. " + "word " * 80
    body += "Next Tuesday they meet."

    def at(phrase: str, gte: str, lte: str) -> TimeExpr:
        i = body.index(phrase)
        return TimeExpr(text=phrase, start=i, end=i + len(phrase), type="DATE", gte=gte, lte=lte)

    dates = [
        at("Tuesday", TUE, TUE),
        at("2029", "2029-01-01", "2029-12-31"),  # too wide and too far
        at("June", "2031-06-01", "2031-06-30"),  # a month: kept
        at("Next Tuesday", NEXT_TUE, NEXT_TUE),  # past the lead
    ]
    written = writing_day(body, TUESDAY)
    assert written == date(2031, 6, 3)
    day = written.toordinal()
    got = lead_days(dates, 16, 400, day, 31)
    assert got == ((date(2031, 6, 1).toordinal(), date(2031, 6, 30).toordinal()), (day, day))
    assert lead_days(dates, 16, 400, None, 31) == ()


def test_conflicts_needs_another_day_far_from_every_day_of_the_story() -> None:
    d = date(2031, 6, 6).toordinal()  # Friday
    story = {(d - 3, d - 3): 2, (d - 2, d - 2): 1}  # Tuesday, Wednesday
    assert conflicts([(d + 4, d + 4), (d, d)], d, story, 3)
    assert not conflicts([(d, d)], d, story, 3)  # only its own day
    assert not conflicts([(d + 4, d + 4)], d, {**story, (d, d): 1}, 3)  # the story has Friday
    assert conflicts([(d + 1, d + 1)], d, story, 3)  # Saturday: 3 days after Wednesday
    assert not conflicts([(d + 1, d + 1)], d, story, 4)
    assert not conflicts([(d - 1, d - 1)], d, story, 3)  # Thursday: the day after
    assert not conflicts([(d + 4, d + 4)], d, {}, 3)
    assert not conflicts([(d + 4, d + 4)], d, story, 0)
    assert not conflicts([(d + 4, d + 4)], None, story, 3)


# Friday: a follow-up on the first round whose only other day is a hope, quoted.
QUOTED_HOPE = make(
    "r1-quoted",
    "Islanders wary after Kessel border talks",
    "KESSEL (Wire) - Fishermen on the disputed river islands heard on Friday what the "
    "border talks between Norland and Ostmark in Kessel had brought. \u201cIf the ferry "
    "runs again next Tuesday, I will be on it,\u201d one said. Norland's envoy Ilse Brandt "
    "said the map of the river islands agreed with Ostmark's envoy Piet Holm would hold.",
    3,
    {"Friday": (FRI, FRI), "next Tuesday": (NEXT_TUE, NEXT_TUE)},
)


def test_a_day_in_quoted_speech_is_not_the_reports_event_time() -> None:
    c = StoryClusterer(ClusterConfig(reweigh_growth=0.0))
    got = stories(c, [*ROUND_ONE, QUOTED_HOPE])
    assert got["r1-quoted"] == got["r1-report"]
    # the same follow-up with the hope told outside quotes is parted, as before
    plain = QUOTED_HOPE.model_copy(
        update={
            "id": "r1-plain",
            "body": QUOTED_HOPE.body.replace("\u201c", "").replace("\u201d", ""),
        }
    )
    plain.dates = [
        d.model_copy(
            update={
                "start": plain.body.index(d.text),
                "end": plain.body.index(d.text) + len(d.text),
            }
        )
        for d in QUOTED_HOPE.dates
    ]
    c2 = StoryClusterer(ClusterConfig(reweigh_growth=0.0))
    got2 = stories(c2, [*ROUND_ONE, plain])
    assert got2["r1-plain"] != got2["r1-report"]


def test_quoted_spans() -> None:
    text = 'He said "on Monday" and \u201cnext week\u201d, then "unclosed'
    spans = quoted_spans(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == ['"on Monday"', "\u201cnext week\u201d", '"unclosed']
    assert quoted_spans("no quotes at all", 0, 16) == []
    # only the window is read
    assert quoted_spans(text, 0, 5) == []


@given(st.text(alphabet='ab "\u201c\u201d', max_size=200), st.integers(0, 200), st.integers(0, 200))
def test_quoted_spans_stay_in_their_window_in_order(text: str, a: int, b: int) -> None:
    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    spans = quoted_spans(text, lo, hi)
    assert all(lo <= s < e <= hi for s, e in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


# Ten days after the first round: an analysis whose lead names no day, though it
# names a year (a span too wide to be an event's time).
ANALYSIS = make(
    "r1-analysis",
    "Analysis: what the Kessel border talks on the river islands can still deliver",
    "Norland and Ostmark have argued over the river islands in Kessel since 2029. The "
    "map that Ilse Brandt and Piet Holm agreed on at the border talks is a start, "
    "diplomats say, but the delegations have not yet agreed who patrols the islands.",
    10,
    {"2029": ("2029-01-01", "2029-12-31")},
)


def test_an_analysis_naming_no_day_joins_its_story_later_than_a_report() -> None:
    got = stories(StoryClusterer(), [*ROUND_ONE, ANALYSIS])
    assert got["r1-analysis"] == got["r1-report"]
    # (with the reports' week as its span too, it is ten days late and stays apart)
    week = replace(ClusterConfig(), join_span_undated=timedelta(days=7))
    apart = stories(StoryClusterer(week), [*ROUND_ONE, ANALYSIS])
    assert apart["r1-analysis"] != apart["r1-report"]


def test_a_report_with_no_times_at_all_keeps_the_reports_span() -> None:
    # an article the enrichment found no time in is not known to be an analysis
    bare = ANALYSIS.model_copy(update={"id": "r1-bare", "dates": []})
    got = stories(StoryClusterer(), [*ROUND_ONE, bare])
    assert got["r1-bare"] != got["r1-report"]


def test_an_analysis_looking_back_on_the_event_day_joins_later_than_a_report() -> None:
    # ten days on, its lead names only the day of the talks the story told of
    body = (
        "Tuesday's talks in Kessel between Norland and Ostmark left the river islands "
        "undivided. The map Ilse Brandt and Piet Holm agreed on is a start, diplomats "
        "say, but the border talks have not settled who patrols the islands."
    )
    late = make(
        "r1-look-back",
        "Analysis: what the Kessel border talks left undone",
        body,
        10,
        {"Tuesday": (TUE, TUE)},
    )
    got = stories(StoryClusterer(), [*ROUND_ONE, late])
    assert got["r1-look-back"] == got["r1-report"]


def test_looks_back_only_to_days_the_story_knows_and_never_to_its_own() -> None:
    tue, wed = date(2031, 6, 3).toordinal(), date(2031, 6, 4).toordinal()
    story = {(tue, tue): 2, (wed, wed): 1}
    later = tue + 10
    assert looks_back([(tue, tue)], later, story)
    assert looks_back([], later, story)  # no day named at all
    assert not looks_back([(tue + 7, tue + 7)], later, story)  # a day of its own
    # a report of its own day, even one the story announced, is a new event
    assert not looks_back([(later, later)], later, {**story, (later, later): 1})
