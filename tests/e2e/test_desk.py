"""The newsroom desk in a real browser (Debian's headless Chromium) against the real
local broker, search server and worker: the demo corpus goes through the whole
pipeline once for the module, then each test does what an editor would do.

The outage test stops the session's search server, so it runs last here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import Popen
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from pipeline.bench.browser import missing_browser, quit_chromium, start_chromium
from pipeline.bench.desk import measure_arrivals, start_desk
from pipeline.bench.synth import synth_articles
from pipeline.demo.run import corpus_dir, rules_dir
from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Parsed, read_inputs
from pipeline.record import Article
from pipeline.settings import Settings
from pipeline.stack import LocalStack, StackState
from pipeline.topics import ensure_topics
from tests.helpers import count_docs, es_call, start_worker, stop, wait_for

HOSTILE_TITLE = "<img src=x onerror=window.__pwned=1> Hostile headline about grain quotas"


@dataclass
class Desk:
    settings: Settings
    url: str
    driver: webdriver.Chrome
    worker: Popen[bytes]
    worker_log: Path
    stack: LocalStack

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)
        self.wait(
            lambda: self.js("return document.readyState") == "complete", "the page to load", 30
        )

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def css(self, selector: str) -> list[Any]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def wait(self, check: Any, what: str, timeout: float = 60) -> Any:
        return wait_for(check, timeout, what, interval=0.1, proc=self.worker, log=self.worker_log)

    def publish(self, articles: list[Article]) -> None:
        pub = Publisher(self.settings)
        report = pub.publish(Parsed("test", i, a) for i, a in enumerate(articles))
        pub.close()
        assert report.summary()["published"] == len(articles)


def article(
    aid: str, title: str, body: str, when: datetime, source: str = "Desk Test Wire"
) -> Article:
    return Article(id=aid, title=title, body=body, published=when, source=source)


@pytest.fixture(scope="module")
def desk(
    local_stack: tuple[LocalStack, StackState], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    if problem := missing_browser():
        pytest.fail(problem, pytrace=False)
    stack, state = local_stack
    tmp = tmp_path_factory.mktemp("desk")
    tag = uuid.uuid4().hex[:8]
    settings = Settings(
        kafka_bootstrap=state.kafka_bootstrap,
        es_url=state.es_url,
        state_dir=tmp / "state",
        app_id=f"test-{tag}",
        topic_prefix=f"t{tag}.",
        index_prefix=f"t{tag}",
        partitions=2,
        enrich_within=0.2,
        rules_dir=rules_dir(),
    )
    ensure_topics(settings)
    log = tmp / "worker.log"
    worker = start_worker(settings, log, RULES_DIR=str(rules_dir()))
    desk_proc: Popen[bytes] | None = None
    driver = None
    try:
        items = sorted(
            (it for it in read_inputs([str(corpus_dir())], 500_000) if isinstance(it, Parsed)),
            key=lambda it: it.article.published.timestamp() if it.article.published else 0.0,
        )
        hostile = article(
            "hostile-1",
            HOSTILE_TITLE,
            "Officials in the port of Constanta said grain quotas would be reviewed on "
            "Friday after exporters complained about delays at the terminal.",
            datetime(2025, 5, 22, 9, tzinfo=UTC),
            source="<b>Evil</b> Wire",
        )
        pub = Publisher(settings)
        pub.publish([*items, Parsed("test", 0, hostile)])
        pub.close()
        n = len(items) + 1
        wait_for(lambda: count_docs(settings) >= n, 300, f"{n} indexed", proc=worker, log=log)
        desk_proc, url = start_desk(settings, tmp / "desk.log")
        driver, profile = start_chromium()
        yield Desk(settings, url, driver, worker, log, stack)
    finally:
        if driver is not None:
            quit_chromium(driver, profile)
        if desk_proc is not None:
            stop(desk_proc)
        stop(worker)


def test_search_groups_stories_collapses_copies_and_filters(desk: Desk) -> None:
    desk.open("/?q=ceasefire+talks")
    stories = desk.css("section.story")
    assert len(stories) >= 3, "ceasefire talks spans several stories in the demo corpus"
    data = httpx.get(desk.url + "/?q=ceasefire+talks&format=json").json()
    assert len(stories) == len(data["groups"])
    # every story on screen shows its articles, each article in one story only
    shown = [el.get_attribute("data-id") for el in desk.css("section.story li.art")]
    assert len(shown) == len(set(shown))
    # the demo's wire copies are folded into their original: "+1 copy"
    copies = [el.text for el in desk.css(".copies:not(.none)")]
    assert copies and all(c.startswith("+") for c in copies), copies
    collapsed = {c["id"] for g in data["groups"] for a in g["articles"] for c in a["copies"]}
    assert collapsed and not collapsed & set(shown), "a collapsed copy is not listed again"
    assert desk.css("mark"), "matching words are highlighted"
    assert desk.css("svg.histo rect"), "a histogram of matching articles over time"
    # an entity chip filters the search on click
    chip = next(el for el in desk.css("aside a.chip.person") if el.text == "Vladimir Putin")
    chip.click()
    desk.wait(lambda: "entity=Vladimir+Putin" in desk.driver.current_url, "the entity filter")
    filtered = httpx.get(
        desk.url + "/",
        params={"q": "ceasefire talks", "entity": "Vladimir Putin", "format": "json"},
    ).json()
    assert 0 < filtered["total"] <= data["total"]
    assert any("Vladimir Putin" in el.text for el in desk.css("a.filter"))
    # a mentioned-date chip filters on the dates an article mentions
    desk.css("aside a.chip.date")[0].click()
    desk.wait(lambda: "mfrom=" in desk.driver.current_url, "the mentioned-date filter")
    assert desk.css("section.story")


def test_new_article_appears_on_top_without_reload_or_scroll_jump(desk: Desk) -> None:
    desk.open("/")  # the latest articles: a page taller than the window
    desk.js("window.__sameDocument = true; window.scrollTo(0, 600);")
    desk.wait(lambda: desk.js("return window.scrollY") >= 600, "the scroll")
    anchor = desk.js(
        "const el = document.elementFromPoint(400, 300).closest('li.art');"
        "return el ? [el.dataset.id, el.getBoundingClientRect().top] : null;"
    )
    assert anchor, "an article is under the reader's eyes"
    now = datetime.now(UTC)
    fresh = article(
        f"arrival-{uuid.uuid4().hex[:6]}",
        "Ceasefire monitors reach Zaporizhzhia plant for first inspection",
        "KYIV: A team of ceasefire monitors reached the Zaporizhzhia nuclear plant on Thursday "
        "for a first inspection, the International Atomic Energy Agency said, adding that "
        "Rafael Grossi would brief the board in Vienna next week.",
        now - timedelta(minutes=1),
    )
    desk.publish([fresh])
    desk.wait(lambda: desk.css(f'li.art[data-id="{fresh.id}"]'), "the new article on screen", 120)
    assert desk.js("return window.__sameDocument === true"), "the page was not reloaded"
    row = desk.css(f'li.art[data-id="{fresh.id}"]')[0]
    assert "new" in row.get_attribute("class")
    assert row.find_element(By.CSS_SELECTOR, ".badge").text.lower() == "new"
    first_story = desk.css("#results > section.story")[0]
    count = first_story.find_element(By.CSS_SELECTOR, ".storyhead .count")
    shown = len(first_story.find_elements(By.CSS_SELECTOR, "li.art"))
    assert int(count.get_attribute("data-n")) >= shown, "the story's count follows"
    assert fresh.id in [
        el.get_attribute("data-id") for el in first_story.find_elements(By.CSS_SELECTOR, "li.art")
    ]
    top_after = desk.js(
        "return document.querySelector('li.art[data-id=\"' + arguments[0] + '\"]')"
        ".getBoundingClientRect().top",
        anchor[0],
    )
    assert abs(top_after - anchor[1]) <= 2, "what the editor was reading did not move"
    # a wire copy of it folds into its row: "+1 copy", counted once however often polled
    copy = fresh.model_copy(update={"id": fresh.id + "-copy", "source": "Other Wire"})
    desk.publish([copy])
    copies = f'li.art[data-id="{fresh.id}"] .copies'
    desk.wait(lambda: desk.css(copies)[0].text == "+1 copy", "the copy folded in", 120)
    polls = desk.js("return window.deskPolls.length")
    desk.wait(lambda: desk.js("return window.deskPolls.length") >= polls + 3, "three more polls")
    assert desk.css(copies)[0].text == "+1 copy"
    assert not desk.css(f'li.art[data-id="{copy.id}"]')


def test_story_page_lists_articles_in_order_and_follows_a_related_story(desk: Desk) -> None:
    desk.open("/?q=ceasefire+talks")
    link = desk.css("section.story a.storytitle")[0]
    link.click()
    desk.wait(lambda: "/story/" in desk.driver.current_url, "the story page")
    times = [el.get_attribute("datetime") for el in desk.css("ol.timeline time")]
    assert len(times) >= 2
    assert times == sorted(times), "a story's articles run in time order"
    assert desk.css(".meta .src"), "each article names its source"
    assert desk.css("aside .chips a.chip"), "the entities the story mentions"
    assert desk.css("aside .chips a.chip.date"), "the dates the story mentions"
    # the document view: the whole text, entity mentions linked, a way back to the story
    story_url = desk.driver.current_url
    first = desk.css("ol.timeline a.title")[0]
    first_title = first.text
    first.click()
    desk.wait(lambda: "/article/" in desk.driver.current_url, "the article page")
    assert desk.css("h1.storyh")[0].text == first_title
    assert len(desk.css("article.doc .body")[0].text) > 200
    assert desk.css("article.doc .body a.ent"), "entity mentions link to their pages"
    desk.driver.back()
    desk.wait(lambda: desk.driver.current_url == story_url, "back to the story")
    related = [el for el in desk.css("a.rel") if el.text.strip()]
    assert related, "the demo's ceasefire stories are linked as related"
    title, href = related[0].text.strip(), related[0].get_attribute("href")
    related[0].click()
    desk.wait(lambda: desk.driver.current_url == href, "the related story")
    assert desk.css("h1.storyh")[0].text.strip() == title


def test_hostile_title_and_source_stay_text(desk: Desk) -> None:
    resp = httpx.get(desk.url + "/?q=grain+quotas")
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    found = httpx.get(desk.url + "/?q=grain+quotas&format=json").json()
    story = found["groups"][0]["story_id"]
    assert story
    for path in ("/?q=grain+quotas", f"/story/{story}", "/?q=Hostile", "/article/hostile-1"):
        desk.open(path)
        titles = [el.text for el in desk.css("li.art .title, h1.storyh")]
        titles += [el.text for el in desk.css("article.doc h1")]
        assert any(t.startswith("<img src=x onerror=") for t in titles), (path, titles)
        assert not desk.css("main img"), "markup from an article never becomes an element"
        assert any(el.text == "<b>Evil</b> Wire" for el in desk.css(".meta .src"))
        assert not desk.css("main b")
        assert desk.js("return window.__pwned === undefined")


def test_entity_page_shows_mentions_over_time_and_co_occurring_entities(desk: Desk) -> None:
    desk.open("/entity/Putin")  # a short form resolves to the article's canonical name
    assert desk.css("h1.storyh")[0].text.startswith("Vladimir Putin")
    assert desk.css("svg.histo rect")
    names = [el.text for el in desk.css("ul.cooccur a.chip")]
    assert "Volodymyr Zelenskiy" in names
    desk.css("ul.cooccur a.chip")[0].click()
    desk.wait(
        lambda: desk.css("h1.storyh") and desk.css("h1.storyh")[0].text.startswith(names[0]),
        "the co-occurring entity's page",
    )


def test_alerts_page_updates_live(desk: Desk) -> None:
    def rules_shown() -> list[str]:
        desk.open("/alerts")  # the alerts agent indexes them shortly after the articles
        return [el.get_attribute("data-rule") for el in desk.css("section.rule")]

    desk.wait(lambda: "putin-ceasefire" in rules_shown(), "the demo rules' alerts", 90)
    assert all(
        a.get_attribute("href") and "/story/" in a.get_attribute("href")
        for a in desk.css("li.alert a.title")
    )
    desk.js("window.__sameDocument = true")
    fresh = article(
        f"alert-{uuid.uuid4().hex[:6]}",
        "Putin offers Easter ceasefire in Kherson region",
        "MOSCOW: Vladimir Putin on Saturday offered a 30-hour ceasefire around Kherson for "
        "the Orthodox Easter holiday, the Kremlin said, and told commanders to hold fire "
        "unless attacked. Kyiv said it would respond in kind if the truce held.",
        datetime(2025, 8, 16, 10, tzinfo=UTC),
    )
    desk.publish([fresh])
    desk.wait(
        lambda: any(fresh.title in el.text for el in desk.css("li.alert.new")),
        "a new alert on the page",
        120,
    )
    assert desk.js("return window.__sameDocument === true")


def test_publish_to_screen_latency_small(desk: Desk) -> None:
    """The small version of `pipeline bench desk`: every article reaches the screen."""
    token = f"probe{uuid.uuid4().hex[:6]}"
    arts = synth_articles(20, seed=17, prefix=token)
    for a in arts:
        a.title = f"{a.title} {token}"
        a.published = datetime.now(UTC)
    timing = measure_arrivals(desk.driver, desk.url, desk.settings, arts, token, rate=5.0)
    assert set(timing.on_screen) == {a.id for a in arts}
    print(f"\nDESK latency (20 articles, poll): {timing.summary()}")


def test_a_burst_larger_than_one_answer_all_arrives(desk: Desk) -> None:
    """More matching articles at once than one answer holds (here 4): none is left out."""
    token = f"burst{uuid.uuid4().hex[:6]}"
    arts = synth_articles(30, seed=23, prefix=token)
    for a in arts:
        a.title = f"{a.title} {token}"
        a.published = datetime.now(UTC)
    timing = measure_arrivals(
        desk.driver, desk.url, desk.settings, arts, token, rate=1000.0, extra="&limit=4"
    )
    assert set(timing.on_screen) == {a.id for a in arts}
    polls = desk.js("return window.deskPolls")
    assert max(p[2] for p in polls) == 4, "answers were full, so the page caught up"
    rows = desk.css("li.art[data-id]")
    shown = {el.get_attribute("data-id") for el in rows}
    folded = desk.js(
        "return [...document.querySelectorAll('.copies')].reduce("
        "(n, c) => n + parseInt(c.dataset.n || '0', 10), 0)"
    )
    assert len(shown & {a.id for a in arts}) + folded == len(arts), "each exactly once"


def test_search_outage_shows_message_and_page_recovers(desk: Desk) -> None:
    desk.open("/?q=ceasefire")
    assert desk.css("section.story")
    desk.js("window.__sameDocument = true")
    desk.stack.stop_search()
    try:
        desk.wait(
            lambda: desk.css("#outage") and desk.css("#outage")[0].is_displayed(),
            "the outage banner",
            30,
        )
        assert "not answering" in desk.css("#outage")[0].text
        # a page opened during the outage says so instead of failing
        desk.open("/?q=istanbul")
        banner = desk.css("#outage-page")
        assert banner and "search server is not answering" in banner[0].text
        assert not desk.css("section.story")
    finally:
        desk.stack.restart_search()
    desk.wait(lambda: desk.css("section.story"), "the page to recover by itself", 90)
    assert not desk.css("#outage-page")
    assert "istanbul" in desk.driver.current_url
    assert es_call(desk.settings, lambda c: c.info())
