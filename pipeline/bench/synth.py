"""Deterministic synthetic wire articles (short, with names and dates), written for this
project: the desk bench publishes them, and the end-to-end tests too."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from pipeline.record import Article

PEOPLE = [
    "Vladimir Putin",
    "Volodymyr Zelenskiy",
    "Emmanuel Macron",
    "Olaf Brandt",
    "Maria Santos",
    "Keir Starmer",
    "Hakan Fidan",
    "Ana Lopes",
]
PLACES = ["Istanbul", "Geneva", "Kyiv", "Warsaw", "Lisbon", "Ankara", "Vienna", "Oslo"]
ORGS = ["NATO", "the European Union", "the United Nations", "the Red Cross"]
TOPICS = [
    "ceasefire talks",
    "a prisoner exchange",
    "grain shipments",
    "energy prices",
    "a new aid package",
    "border crossings",
]
DAYS = ["on Monday", "on Tuesday", "last week", "next month", "in March 2024", "since 2014"]


def synth_articles(n: int, seed: int = 7, prefix: str = "s") -> list[Article]:
    rng = random.Random(seed)
    base = datetime(2025, 5, 19, 6, tzinfo=UTC)
    out = []
    for i in range(n):
        who, other = rng.sample(PEOPLE, 2)
        where = rng.choice(PLACES)
        org = rng.choice(ORGS)
        topic = rng.choice(TOPICS)
        when = rng.choice(DAYS)
        body = (
            f"{where.upper()}: {who} met {other} in {where} {when} to discuss {topic}, "
            f"officials said. {who.split()[-1]} told reporters that {org} would be asked to "
            f"help. {other.split()[-1]} said a further meeting could follow within 30 days. "
            f"Item {i} of the test feed."
        )
        out.append(
            Article(
                id=f"{prefix}-{i:05d}",
                title=f"{who} and {other} discuss {topic}",
                body=body,
                source="Synthetic Wire",
                published=base + timedelta(minutes=i),
            )
        )
    return out
