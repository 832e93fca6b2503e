"""The desk and ``pipeline search`` answer an editor's query alike: the same hits,
the same copies folded in, the same names resolved. The desk runs as its own
process against the real local search server, over the articles of
``test_search`` (fiction written for those tests).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from pipeline.bench.desk import start_desk
from pipeline.desk.data import HITS_PER_SEARCH
from pipeline.index.search import SearchQuery, SearchResult, search_articles
from pipeline.index.writer import make_client
from pipeline.settings import Settings
from tests.helpers import stop
from tests.integration.test_search import load

QUERIES: list[tuple[str, list[str]]] = [
    ("the Kremlin", []),  # a stopword
    ("Istanbul OR Kremlin", []),  # an operator
    ("quick ceasefire", []),  # only the later copy matches: the row is the original
    ("", ["Zelensky"]),  # a name as editors spell it
    ("ceasefire", ["Smith"]),  # an ambiguous name
]


def cli_search(settings: Settings, text: str, entities: list[str]) -> SearchResult:
    async def go() -> SearchResult:
        client = make_client(settings)
        try:
            q = SearchQuery(text, entities=entities, size=HITS_PER_SEARCH)
            return await search_articles(client, settings, q)
        finally:
            await client.close()

    return asyncio.run(go())


def rows(page: dict[str, Any]) -> dict[str, list[str]]:
    """Each row on the desk's page → the ids of the copies folded into it."""
    return {a["id"]: [c["id"] for c in a["copies"]] for g in page["groups"] for a in g["articles"]}


def test_the_desk_and_pipeline_search_give_the_same_hits(
    settings: Settings, tmp_path: Path
) -> None:
    asyncio.run(load(settings))
    proc, url = start_desk(settings, tmp_path / "desk.log")
    try:
        with httpx.Client(base_url=url, timeout=20) as http:
            for text, entities in QUERIES:
                params = [("q", text), *(("entity", e) for e in entities), ("format", "json")]
                page = http.get("/", params=params).json()
                cli = cli_search(settings, text, entities)
                assert cli.hits, (text, entities)  # a query that finds nothing proves nothing
                assert rows(page) == {h.id: h.copies for h in cli.hits}, (text, entities)
                assert page["total"] == cli.total
                assert page["understood"] == cli.understood
                assert page["names"] == [n.as_dict() for n in cli.names]

            # the stopword is ignored on the desk as on the command line
            kremlin = rows(http.get("/", params={"q": "the Kremlin", "format": "json"}).json())
            assert kremlin == {"k1": ["k2"]}

            # the page says what a name filter resolved to, or that it is ambiguous
            html = http.get("/", params={"entity": "Zelensky"}).text
            assert "→ Volodymyr Zelenskiy" in html
            html = http.get("/", params={"q": "ceasefire", "entity": "Smith"}).text
            pill = html[html.index('class="resolved ambiguous"') :].split("</span>")[0]
            assert "John Smith" in pill and "Jane Smith" in pill, pill

            # the entity page resolves the same way
            zel = http.get("/entity/Zelensky", params={"format": "json"}).json()
            assert (zel["name"], zel["resolution"]["status"]) == ("Volodymyr Zelenskiy", "alias")
            assert zel["label"] == "PERSON" and [a["id"] for a in zel["articles"]] == ["i1"]
            smith = http.get("/entity/Smith", params={"format": "json"}).json()
            assert smith["resolution"]["status"] == "ambiguous"
            assert {a["id"] for a in smith["articles"]} == {"f1", "f2"}
            assert "is ambiguous: it fits" in http.get("/entity/Smith").text
            # the story page folds the copy into the original
            story = http.get("/story/s1", params={"format": "json"}).json()
            assert [(a["id"], [c["id"] for c in a["copies"]]) for a in story["articles"]] == [
                ("k1", ["k2"])
            ]
    finally:
        stop(proc)
