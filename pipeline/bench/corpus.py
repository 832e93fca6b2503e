"""The benchmark corpus: real news texts cycled to any size, with wire copies mixed in.

Texts come from the bundled demo corpus and, when the shared evaluation data
is present (``../shared/data`` beside the checkout), from MEANTIME (Wikinews)
and ECB+ (news documents). They are read in place, never copied into the
repository. ``build_corpus`` cycles them to the size asked for, each article
with a fresh id, and turns a fixed share of the slots into near-duplicate
wire copies of a recent article (new headline, trimmed or signed-off body,
another source), which is what a wire desk receives.

Article time matters to the stream: the clusterer joins articles into stories
by content *and* time, and forgets stories ``window`` after their last
article. Each pass over the texts is therefore placed ``CYCLE_GAP`` later in
article time than the one before, so a text met again in a later pass starts a
new story instead of being taken for a copy of itself, just as the same kind
of event recurs in the news weeks apart.
"""

from __future__ import annotations

import json
import logging
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from pipeline.record import Article

log = logging.getLogger(__name__)

START = datetime(2025, 1, 6, 6, tzinfo=UTC)
SPACING = timedelta(minutes=2)  # article time between two originals of one pass
CYCLE_GAP = timedelta(days=14)  # > the clusterer's 7-day window and 3-day copy window
COPY_LAG = (1, 45)  # minutes after its original that a copy is published
RECENT = 25  # a copy is made of one of the last RECENT originals
MAX_TITLE = 160


def default_data_dir() -> Path:
    """``../shared/data`` relative to the checkout (the shared evaluation data)."""
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass(frozen=True)
class BaseText:
    """One real article text, as read from its source file."""

    origin: str  # demo | meantime | ecbplus
    title: str
    body: str
    source: str


@dataclass
class BenchCorpus:
    """The generated articles and what they are made of."""

    articles: list[Article]
    copies: dict[str, str] = field(default_factory=dict)  # copy id -> original id
    origins: dict[str, int] = field(default_factory=dict)  # base texts read per origin
    used: dict[str, int] = field(default_factory=dict)  # articles generated per origin
    data_dir: Path | None = None

    @property
    def duplicate_share(self) -> float:
        return len(self.copies) / len(self.articles) if self.articles else 0.0

    @property
    def words(self) -> int:
        return sum(word_count(a.body) for a in self.articles)


def word_count(text: str) -> int:
    return len(text.split())


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line[:MAX_TITLE]


def demo_texts() -> list[BaseText]:
    path = Path(str(resources.files("pipeline.demo") / "corpus" / "wire.jsonl"))
    out = []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        out.append(
            BaseText("demo", row.get("title") or _first_line(row["body"]), row["body"],
                     row.get("source") or "Demo Wire")
        )  # fmt: skip
    return out


def shared_texts(data_dir: Path) -> list[BaseText]:
    """MEANTIME and ECB+ texts from ``data_dir``; empty when the folder is absent."""
    out: list[BaseText] = []
    for name, origin, source in (
        ("meantime-en.jsonl", "meantime", "Wikinews (MEANTIME)"),
        ("ecbplus-dev.jsonl", "ecbplus", "ECB+"),
    ):
        path = data_dir / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            text = str(row.get("text") or "").strip()
            if len(text.split()) < 5:
                continue
            title = str(row.get("title") or "") or _first_line(text)
            out.append(BaseText(origin, title[:MAX_TITLE], text, source))
    return out


def load_base_texts(data_dir: Path | None) -> list[BaseText]:
    texts = demo_texts()
    if data_dir is not None and data_dir.is_dir():
        texts += shared_texts(data_dir)
    else:
        log.info("no shared data at %s: the bench corpus uses the demo articles only", data_dir)
    return texts


def wire_copy(original: Article, new_id: str, rng: random.Random) -> Article:
    """A near-duplicate as another outlet runs it: new headline, small body edit."""
    title = rng.choice(["UPDATE 1-", "CORRECTED-", "WRAPUP-", ""]) + original.title
    if not title.strip() or title == original.title:
        title = original.title + " (updated)"
    lines = original.body.splitlines()
    if len(lines) >= 4:
        # the usual trim: the last paragraph or sentence line goes
        body = "\n".join(lines[:-1])
    else:
        body = original.body + "\n(Reporting by the Bench Wire desk; editing by the night desk.)"
    published = (original.published or START) + timedelta(minutes=rng.randint(*COPY_LAG))
    return Article(
        id=new_id,
        title=title[:MAX_TITLE],
        body=body,
        source="Bench Wire",
        published=published,
        language="en",
    )


def build_corpus(
    n: int,
    data_dir: Path | None = None,
    duplicate_share: float = 0.2,
    seed: int = 13,
    id_prefix: str = "bench",
    start: datetime = START,
) -> BenchCorpus:
    """``n`` articles: the base texts cycled with fresh ids, ``duplicate_share`` of them copies."""
    if n < 1:
        raise ValueError("the corpus needs at least one article")
    if not 0.0 <= duplicate_share < 1.0:
        raise ValueError("duplicate_share must be in [0, 1)")
    rng = random.Random(seed)
    base = load_base_texts(data_dir)
    order = list(range(len(base)))
    rng.shuffle(order)
    n_copies = round(n * duplicate_share) if n > 1 else 0
    copy_slots = set(rng.sample(range(1, n), n_copies)) if n_copies else set()
    articles: list[Article] = []
    copies: dict[str, str] = {}
    used: Counter[str] = Counter()
    recent: list[Article] = []
    k = 0  # originals made so far
    for i in range(n):
        new_id = f"{id_prefix}-{i:06d}"
        if i in copy_slots and recent:
            original = rng.choice(recent[-RECENT:])
            articles.append(wire_copy(original, new_id, rng))
            copies[new_id] = original.id
            used["copy"] += 1
            continue
        cycle, pos = divmod(k, len(base))
        text = base[order[pos]]
        art = Article(
            id=new_id,
            title=text.title,
            body=text.body,
            source=text.source,
            published=start + cycle * CYCLE_GAP + pos * SPACING,
            language="en",
        )
        articles.append(art)
        recent.append(art)
        used[text.origin] += 1
        k += 1
    origins = Counter(t.origin for t in base)
    return BenchCorpus(
        articles=articles,
        copies=copies,
        origins=dict(origins),
        used=dict(used),
        data_dir=data_dir if data_dir is not None and data_dir.is_dir() else None,
    )
