"""From matches to alerts: one alert per rule and story, thresholds per rule.

A story that keeps developing produces a match per article; an editor wants
one alert for it, not twenty. So a match rule fires once per (rule, story),
then stays quiet for its ``realert`` period: further matches in that story
are dropped unless they bring a tracked entity the alert did not have yet, in
which case the *same* alert (same id) is sent again with ``version`` + 1 and
``change="update"``. After the quiet period a match fires again
(``change="realert"``, same id, next version).

Threshold rules fire on volume: ``frequency`` when ``count`` matching
articles fall within ``window``; ``spike`` when the last window holds at least
``min_count`` and at least ``factor`` times the window before it. Windows run
on article time (``published``; processing time when absent), so a replay
gives the same alerts as the live run. Wire copies (``duplicate_of`` set) and
re-delivered articles are not counted twice.

All state is small pydantic models with ``to_dict``/``from_dict``, keyed by
:func:`story_state_key` / :func:`threshold_state_key`, so the worker can keep
it in a Faust table (any ``MutableMapping[str, dict]`` works as the store).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from pipeline.alerts.matcher import Match
from pipeline.alerts.rules import fold_name
from pipeline.record import Article

AlertKind = Literal["match", "frequency", "spike"]
Change = Literal["new", "update", "realert"]
MAX_EVENTS = 10_000  # matching articles kept per threshold rule


class ArticleRef(BaseModel):
    id: str
    title: str
    url: str | None = None
    published: datetime | None = None


class Matched(BaseModel):
    entities: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)


class Alert(BaseModel):
    """What goes to the ``alerts`` topic and to webhooks."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="Stable: hash of rule and story (and episode for thresholds)")
    rule: str
    description: str = ""
    kind: AlertKind
    change: Change = Field(description="new alert, update of a sent one, or re-alert after quiet")
    version: int = Field(ge=1)
    article: ArticleRef = Field(description="The article that fired or updated the alert")
    story_id: str
    matched: Matched
    snippet: str = ""
    fired_at: datetime
    updated_at: datetime
    count: int | None = Field(
        default=None, description="Threshold alerts: matching articles in the window"
    )
    previous_count: int | None = Field(
        default=None, description="Spike alerts: matching articles in the window before"
    )
    produced_at: float | None = Field(
        default=None, description="When the article was produced (epoch s): alert latency"
    )

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=True)


class _State(BaseModel):
    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls.model_validate(data)


class StoryState(_State):
    """Per rule and story: the alert sent and what it already reported."""

    alert_id: str
    version: int
    fired_event: float = Field(description="Article time (epoch s) of the last new/realert")
    fired_at: datetime
    last_event: float
    entities: list[str] = Field(default_factory=list, description="Tracked entities reported")
    terms: list[str] = Field(default_factory=list)


class ThresholdState(_State):
    """Per threshold rule: matching articles in the window(s) and the quiet period."""

    events: list[tuple[float, str]] = Field(default_factory=list)
    watermark: float = 0.0
    last_fired_event: float | None = None


def story_of(article: Article) -> str:
    """The story an alert is about; the article itself until story assignment ran."""
    return article.story_id or article.duplicate_of or article.id


def story_state_key(rule: str, story: str) -> str:
    return f"m|{rule}|{story}"


def threshold_state_key(rule: str) -> str:
    return f"t|{rule}"


def state_key(match: Match) -> str:
    """The store key a match's decision reads and writes.

    Also the Kafka key to repartition matches by, so that every decision about
    one key is taken on the partition that owns its table entry.
    """
    if match.rule.threshold is not None:
        return threshold_state_key(match.rule.name)
    return story_state_key(match.rule.name, story_of(match.article))


def alert_id(*parts: str) -> str:
    return "al-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def event_time(article: Article, now: datetime) -> float:
    return (article.published or now).timestamp()


def _ref(article: Article) -> ArticleRef:
    return ArticleRef(
        id=article.id, title=article.title, url=article.url, published=article.published
    )


def decide_match(
    match: Match, state: StoryState | None, now: datetime
) -> tuple[Alert | None, StoryState | None]:
    """The alert (or None) for a match rule's match, and the story state to keep."""
    rule, article = match.rule, match.article
    story = story_of(article)
    t = event_time(article, now)
    ids = {fold_name(e) for e in (state.entities if state else ())}
    new_entities = [e for e in match.entities if fold_name(e) not in ids]

    def alert(
        change: Change,
        version: int,
        fired_at: datetime,
        entities: list[str],
        terms: list[str],
        aid: str,
    ) -> Alert:
        return Alert(
            id=aid,
            rule=rule.name,
            description=rule.description,
            kind="match",
            change=change,
            version=version,
            article=_ref(article),
            story_id=story,
            matched=Matched(entities=entities, terms=terms),
            snippet=match.snippet,
            fired_at=fired_at,
            updated_at=now,
        )

    if state is None:
        aid = alert_id(rule.name, story)
        entities, terms = list(match.entities), list(match.terms)
        new = StoryState(
            alert_id=aid,
            version=1,
            fired_event=t,
            fired_at=now,
            last_event=t,
            entities=entities,
            terms=terms,
        )
        return alert("new", 1, now, entities, terms, aid), new
    last_event = max(state.last_event, t)
    if t - state.fired_event >= rule.realert:
        entities, terms = list(match.entities), list(match.terms)
        new = state.model_copy(
            update=dict(
                version=state.version + 1,
                fired_event=t,
                fired_at=now,
                last_event=last_event,
                entities=entities,
                terms=terms,
            )
        )
        return alert("realert", new.version, now, entities, terms, state.alert_id), new
    if new_entities:
        entities = [*state.entities, *new_entities]
        terms = list(dict.fromkeys([*state.terms, *match.terms]))
        new = state.model_copy(
            update=dict(
                version=state.version + 1, last_event=last_event, entities=entities, terms=terms
            )
        )
        return alert("update", new.version, state.fired_at, entities, terms, state.alert_id), new
    return None, state.model_copy(update=dict(last_event=last_event))


def observe_threshold(
    match: Match, state: ThresholdState | None, now: datetime
) -> tuple[Alert | None, ThresholdState]:
    """Count a threshold rule's match; the alert when the threshold is crossed."""
    rule, article = match.rule, match.article
    th = rule.threshold
    if th is None:
        raise ValueError(f"rule {rule.name!r} has no threshold")
    state = state.model_copy(deep=True) if state is not None else ThresholdState()
    if article.duplicate_of or any(aid == article.id for _, aid in state.events):
        return None, state
    t = event_time(article, now)
    bisect.insort(state.events, (t, article.id))
    state.watermark = max(state.watermark, t)
    wm, w = state.watermark, th.window
    horizon = wm - (2 * w if th.type == "spike" else w)
    first = bisect.bisect_right(state.events, (horizon, "\U0010ffff"))
    state.events = state.events[max(first, len(state.events) - MAX_EVENTS) :]
    times = [e[0] for e in state.events]
    current = len(times) - bisect.bisect_right(times, wm - w)
    previous: int | None = None
    if th.type == "frequency":
        crossed = current >= th.count
    else:
        previous = len(times) - current
        crossed = current >= th.min_count and current >= th.factor * previous
    quiet = state.last_fired_event is not None and wm - state.last_fired_event < rule.realert
    if not crossed or quiet or t <= wm - w:
        return None, state
    state.last_fired_event = wm
    story = story_of(article)
    fired_iso = datetime.fromtimestamp(wm, UTC).isoformat()
    return Alert(
        id=alert_id(rule.name, th.type, fired_iso),
        rule=rule.name,
        description=rule.description,
        kind=th.type,
        change="new",
        version=1,
        article=_ref(article),
        story_id=story,
        matched=Matched(entities=list(match.entities), terms=list(match.terms)),
        snippet=match.snippet,
        fired_at=now,
        updated_at=now,
        count=current,
        previous_count=previous,
    ), state


class Deduper:
    """Decides, per match, whether an alert goes out; keeps its state in ``store``.

    ``store`` is any mutable mapping of str to JSON-ready dicts: a dict in
    tests and offline runs, a Faust table in the worker (the stream must then
    be keyed so that one rule+story, and one threshold rule, always land on
    the same partition).
    """

    def __init__(self, store: MutableMapping[str, dict[str, Any]] | None = None) -> None:
        self.store: MutableMapping[str, dict[str, Any]] = store if store is not None else {}

    def process(self, match: Match, now: datetime | None = None) -> Alert | None:
        now = now or datetime.now(UTC)
        key = state_key(match)
        if match.rule.threshold is not None:
            raw = self.store.get(key)
            tstate = ThresholdState.from_dict(raw) if raw is not None else None
            alert, new_t = observe_threshold(match, tstate, now)
            self.store[key] = new_t.to_dict()
            return alert
        raw = self.store.get(key)
        sstate = StoryState.from_dict(raw) if raw is not None else None
        alert, new_s = decide_match(match, sstate, now)
        if new_s is not None:
            self.store[key] = new_s.to_dict()
        return alert

    def prune(self, before: float) -> int:
        """Forget stories last matched before ``before`` (epoch s, article time).

        A pruned story that matches again starts over at version 1, so choose
        a horizon well beyond the longest ``realert`` (the worker uses days).
        """
        gone = []
        for key, raw in self.store.items():
            field = {"m": "last_event", "t": "watermark"}.get(key[:1])
            if field and key[1:2] == "|" and float(raw.get(field, 0)) < before:
                gone.append(key)
        for key in gone:
            del self.store[key]
        return len(gone)

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "state": dict(self.store)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deduper:
        return cls(dict(data.get("state", {})))
