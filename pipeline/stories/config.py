"""The story clusterer's knobs (:class:`ClusterConfig`); what each does is told in
:mod:`pipeline.stories.cluster` and, with the figures behind the defaults, in
``docs/stories.md``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["ClusterConfig"]


@dataclass(frozen=True)
class ClusterConfig:
    """Knobs of the clusterer; defaults tuned on ECB+ topics 1-24 (``docs/stories.md``)."""

    # Joining: minimum score, and minimum average word cosine on its own. When
    # the article shares no person with the story (a surname borne by someone
    # else does not count), the word cosine without the names of people and
    # places must also reach ``min_content_similarity``: a shared place or
    # surname says little about which event it is.
    threshold: float = 0.18
    min_word_similarity: float = 0.10
    min_content_similarity: float = 0.05
    # The dateline ("KELOWNA, May 20 (Valley News) -") says where the copy was
    # filed and by whom, not what happened: its words and figures are left out.
    strip_dateline: bool = True
    # Weight of each evidence channel in the score (see CHANNELS).
    word_weight: float = 1.0
    number_weight: float = 0.5
    year_weight: float = 0.6
    person_weight: float = 1.0
    entity_weight: float = 0.2
    date_weight: float = 0.5
    # Extra term weight for words of the title and of the lead, and the lead's length.
    title_weight: float = 4.0
    lead_weight: float = 2.0
    lead_words: int = 60
    # Time. Joining is measured in publication time, relative to the article: a
    # story's articles span at most ``join_span``. Retention is measured on the
    # stream's arrival clock (the producers' ``produced_at``): a story is
    # forgotten ``window`` after an article last reached it, and at most
    # ``max_stories`` are kept (the least recently reached go first). A week:
    # the follow-ups of one event (a charge laid, a toll revised, a deal
    # raised) run to a week in the blind corpora, and 3 days cut them off.
    join_span: timedelta = timedelta(days=7)
    # An article that names times but no new day in its lead (an analysis, a
    # feature, a profile: every day its lead names is one the story's members
    # name, and none is its own publication day; eventtime.looks_back) tells of
    # the story's event afterwards, often more than a week on: it may join a
    # story whose articles, with it, span up to two weeks. Retention (``window``,
    # on the arrival clock) still decides whether the story is there to join.
    join_span_undated: timedelta = timedelta(days=14)
    # Event time (eventtime.py): an article whose lead places its event ``event_gap``
    # days or more from every day a story's members refer to does not join it; dates
    # beyond ``event_horizon`` days of publication are history. 0 turns it off.
    event_gap: int = 3
    event_horizon: int = 31
    window: timedelta = timedelta(days=7)
    max_stories: int = 60_000
    related_threshold: float = 0.12
    max_related: int = 16
    # Conflicting protagonists: when the article's most prominent name is new to
    # the story and the story's most prominent name is absent from the article
    # (the same champion against another opponent), the score is multiplied by this.
    conflict_factor: float = 0.7
    # Size bounds.
    story_terms: int = 64
    story_keys: int = 16
    index_terms: int = 16
    index_entities: int = 12
    query_terms: int = 24
    query_entities: int = 32
    max_candidates: int = 24
    score_words: int = 64
    max_posting: int = 5000
    max_vocabulary: int = 300_000
    stats_halflife: int = 200_000
    max_titles: int = 6
    max_members: int = 10_000
    # Settling to publication order: when an article arrives after articles
    # published later than it, the later members of the stories it would
    # compete for (scoring ``related_threshold`` or more) are taken out and
    # placed again after it, in publication order, so the stories come out as
    # if the stream had arrived in that order. At most ``max_replay`` articles
    # are placed again per arrival, among each story's last ``replay_scan``
    # members, and only the last ``replay_cache`` placed articles can be.
    settle: bool = True
    max_replay: int = 32
    replay_scan: int = 64
    replay_cache: int = 4096
    # Re-weighing: a member sum holds each member weighed with the IDF of when it joined
    # (for a stream's first articles, almost no statistics). A candidate story weighed
    # with under 1 / ``reweigh_growth`` of the documents seen now, and under
    # ``reweigh_until``, is weighed again with the current IDF (its members in the
    # replay cache) before it is scored. 0 turns it off; needs ``settle``.
    reweigh_growth: float = 1.5
    reweigh_until: float = 2000.0
    # Near-duplicates: estimated Jaccard of word shingles.
    dup_threshold: float = 0.5
    dup_window: timedelta = timedelta(days=3)
    max_copies: int = 300_000
    dup_shingle: int = 4
    dup_perm: int = 64
    dup_bands: int = 16
    dup_min_shingles: int = 8

    def channel_weights(self) -> tuple[float, ...]:
        return (
            self.word_weight,
            self.number_weight,
            self.year_weight,
            self.person_weight,
            self.entity_weight,
            self.date_weight,
        )
