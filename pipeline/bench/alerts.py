"""How fast does the term index match articles against 10,000 rules?

Generates rules over real names and topical terms (world leaders, countries,
organisations, news vocabulary), writes them as YAML rule files and loads
them through ``load_rules`` (so the load path is timed too), enriches the
demo wire articles once with the real entity step, then matches the same
article sequence with ``RuleIndex`` and with a naive loop over every rule,
in one process on one core, and checks that both find the same matches.

    .venv/bin/pipeline bench alerts            # 10,000 rules, 5 passes, best of 3
    .venv/bin/pipeline bench alerts --rules 2000 --passes 20
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from pipeline.alerts.matcher import ArticleView, NaiveMatcher, RuleIndex
from pipeline.alerts.rules import load_rules
from pipeline.demo.run import corpus_dir
from pipeline.enrich.core import Enricher
from pipeline.record import Article

LEADERS = """Vladimir Putin; Volodymyr Zelenskiy; Donald Trump; Emmanuel Macron; Keir Starmer;
Friedrich Merz; Ursula von der Leyen; Recep Tayyip Erdogan; Hakan Fidan; Xi Jinping;
Narendra Modi; Benjamin Netanyahu; Mohammed bin Salman; Luiz Inacio Lula da Silva;
Javier Milei; Claudia Sheinbaum; Mark Carney; Anthony Albanese; Shigeru Ishiba;
Giorgia Meloni; Pedro Sanchez; Donald Tusk; Viktor Orban; Robert Fico; Alexander Lukashenko;
Masoud Pezeshkian; Ali Khamenei; Kim Jong Un; Lee Jae-myung; Prabowo Subianto;
Cyril Ramaphosa; Bola Tinubu; Abdel Fattah al-Sisi; William Ruto; Paul Kagame;
Antonio Guterres; Mark Rutte; Kaja Kallas; Antonio Costa; Christine Lagarde;
Jerome Powell; Michele Bullock; Kristalina Georgieva; Sergei Lavrov; Dmitry Peskov;
Marco Rubio; JD Vance; Andrii Sybiha; Rustem Umerov; Vladimir Medinsky; Yuri Ushakov;
Jean-Noel Barrot; Radoslaw Sikorski; Olaf Scholz; Joe Biden; Rishi Sunak; Justin Trudeau;
Fumio Kishida; Jim Chalmers; Alexander Stubb; Ulf Kristersson; Mette Frederiksen;
Jonas Gahr Store; Micheal Martin; Bart De Wever; Dick Schoof; Karin Keller-Sutter;
Kyriakos Mitsotakis; Nikol Pashinyan; Ilham Aliyev; Shehbaz Sharif; Tamim bin Hamad Al Thani"""

COUNTRIES = """Russia; Ukraine; United States; China; India; France; Germany; United Kingdom;
Turkey; Poland; Italy; Spain; Portugal; Japan; South Korea; North Korea; Iran; Israel;
Saudi Arabia; United Arab Emirates; Qatar; Egypt; Brazil; Argentina; Mexico; Canada;
Australia; Indonesia; South Africa; Nigeria; Kenya; Ethiopia; Pakistan; Afghanistan;
Syria; Iraq; Lebanon; Jordan; Belarus; Moldova; Georgia; Armenia; Azerbaijan; Kazakhstan;
Hungary; Slovakia; Romania; Bulgaria; Greece; Finland; Sweden; Norway; Denmark; Estonia;
Latvia; Lithuania; Netherlands; Belgium; Switzerland; Austria; Ireland; Venezuela;
Colombia; Chile; Peru; Cuba; Vietnam; Thailand; Philippines; Malaysia; Taiwan;
New Zealand; Sudan; Libya; Yemen; Serbia; Kosovo; Bosnia; Croatia; Slovenia; Czech Republic;
Crimea; Kyiv; Moscow; Istanbul; Washington; Brussels; Paris; London; Berlin; Warsaw;
Beijing; Tehran; Gaza; Kharkiv; Odesa; Zaporizhzhia; Donetsk; Luhansk; Kursk; Belgorod"""

ORGS = """NATO; European Union; European Commission; United Nations; Kremlin; White House;
OPEC; OPEC+; International Monetary Fund; World Bank; World Health Organization;
European Central Bank; Federal Reserve; Reserve Bank of Australia; Bank of England;
Bank of Japan; G7; G20; BRICS; African Union; ASEAN; Security Council; Pentagon;
State Department; European Parliament; International Criminal Court;
International Atomic Energy Agency; Red Cross; Amnesty International; Human Rights Watch;
Gazprom; Rosneft; Wagner; Hamas; Hezbollah; Houthis; Taliban; Microsoft; Apple; Google;
Alphabet; Amazon; Meta; Nvidia; Tesla; OpenAI; TSMC; Samsung; Boeing; Airbus; Shell; BP;
ExxonMobil; Saudi Aramco; Volkswagen; Toyota; Pfizer; Moderna; Halvorsen Systems;
National Weather Service; Energy Information Administration; AEMET; National Guard"""

_KEYWORDS = """ceasefire truce armistice sanctions drone drones missile missiles strike strikes
attack attacks barrage offensive invasion troops shelling blockade embargo tariff tariffs
election elections referendum coup protest protests riot arrest arrested indictment
impeachment resignation resigns summit talks negotiations memorandum treaty accord deal
prisoner prisoners exchange hostage hostages evacuation refugees famine earthquake tsunami
hurricane tornado tornadoes wildfire wildfires flood floods heatwave drought storm storms
outbreak pandemic vaccine cyberattack ransomware hack breach leak espionage spy nuclear
uranium enrichment reactor oil gas pipeline crude inflation recession rates bankruptcy
layoffs merger acquisition earnings downgrade default bailout strike walkout shortage
explosion crash derailment shooting stabbing assassination kidnapping smuggling cartel
corruption bribery fraud verdict sentenced acquitted extradition asylum deportation
mobilisation conscription annexation occupation frontline counteroffensive airstrike
airstrikes artillery tank tanks warship submarine satellite launch rocket"""
KEYWORDS = sorted(set(_KEYWORDS.split()))

PHRASES = """peace talks; prisoner exchange; prisoner swap; rate cut; interest rates;
state of emergency; martial law; no-fly zone; peace plan; peace deal; security guarantees;
nuclear plant; power grid; energy infrastructure; grain corridor; black sea; death toll;
air defence; ballistic missile; cruise missile; drone attack; drone strikes; cease fire;
humanitarian corridor; oil prices; crude stocks; central bank; trade war; supply chain;
data centre; share price; profit warning; heat warning; weather service; national guard;
second round; direct talks; joint statement; unconditional ceasefire; frozen assets"""

PHRASE_LIST = [p.strip() for p in PHRASES.replace("\n", " ").split(";") if p.strip()]
LABELS = {"leader": "PERSON", "country": "GPE", "org": "ORG"}


def split(text: str) -> list[str]:
    return [s.strip() for s in text.replace("\n", " ").split(";") if s.strip()]


def entity(rng: random.Random, kind: str, name: str) -> dict[str, Any]:
    if rng.random() < 0.5:
        return {"entity": {"name": name, "label": LABELS[kind]}}
    return {"entity": name}


def text_term(rng: random.Random) -> dict[str, str]:
    if rng.random() < 0.75:
        return {"keyword": rng.choice(KEYWORDS)}
    return {"phrase": rng.choice(PHRASE_LIST)}


def generate_rules(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pools = [("leader", split(LEADERS)), ("country", split(COUNTRIES)), ("org", split(ORGS))]

    def any_entity() -> dict[str, Any]:
        kind, names = rng.choice(pools)
        return entity(rng, kind, rng.choice(names))

    rules = []
    for i in range(n):
        shape = rng.random()
        if shape < 0.20:  # a tracked entity
            match: dict[str, Any] = {"all": [any_entity()]}
        elif shape < 0.55:  # entity and one of several terms
            match = {
                "all": [any_entity(), {"any": [text_term(rng) for _ in range(rng.randint(2, 4))]}]
            }
        elif shape < 0.70:  # one of two entities, and a keyword
            match = {"all": [{"any": [any_entity(), any_entity()]}, text_term(rng)]}
        elif shape < 0.85:  # text only
            match = {"all": [text_term(rng), text_term(rng)]}
        elif shape < 0.95:  # entity, but not a term
            match = {"all": [any_entity()], "none": [text_term(rng)]}
        else:  # a phrase near any of three entities
            match = {
                "all": [{"phrase": rng.choice(PHRASE_LIST)}],
                "any": [any_entity() for _ in range(3)],
            }
        rule: dict[str, Any] = {"name": f"bench-{i:05d}", "match": match}
        if rng.random() < 0.1:
            rule["filters"] = {"languages": ["en"]}
        if rng.random() < 0.05:
            rule["threshold"] = {"type": "frequency", "count": 3, "window": "1h"}
        rules.append(rule)
    return rules


def enriched_corpus() -> list[Article]:
    """The demo wire articles, enriched once with the worker's own entity step."""
    lines = (corpus_dir() / "wire.jsonl").read_text().splitlines()
    articles = [Article.model_validate(json.loads(line)) for line in lines if line.strip()]
    Enricher().enrich_many(articles)
    return articles


def alerts_bench_command(
    rules: Annotated[int, typer.Option(min=1, help="Rules to generate")] = 10_000,
    passes: Annotated[int, typer.Option(min=1, help="Passes over the demo wire articles")] = 5,
    repeat: Annotated[int, typer.Option(min=1, help="Timed runs; the best counts")] = 3,
    seed: Annotated[int, typer.Option(help="Seed of the generated rules")] = 20250519,
    cpu: Annotated[int, typer.Option(help="Pin to this CPU (-1: no pinning)")] = -1,
) -> None:
    """How fast the term index matches articles against many rules, against a naive loop
    over every rule, in one process; exits 1 if the two disagree."""
    rules_n = rules
    if cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})

    with tempfile.TemporaryDirectory() as tmp:
        specs = generate_rules(rules_n, seed)
        for spec in specs:
            (Path(tmp) / f"{spec['name']}.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
        t = time.perf_counter()
        loaded, errors = load_rules(tmp)
        load_s = time.perf_counter() - t
    if errors:
        for e in errors[:10]:
            print(e, file=sys.stderr)
        raise typer.Exit(1)
    t = time.perf_counter()
    index = RuleIndex(loaded)
    build_s = time.perf_counter() - t
    naive_matcher = NaiveMatcher(loaded)  # the same compiled rules, no index

    corpus = enriched_corpus()
    articles = corpus * passes

    # Same article sequence for both, fresh views each time (building the view is
    # per-article cost). Best of --repeat runs, as timeit does: other processes on
    # the machine only ever make a run slower.
    def timed(fn: Any) -> tuple[float, list[Any]]:
        best, out = float("inf"), []
        for _ in range(repeat):
            t = time.perf_counter()
            out = [fn(ArticleView(a)) for a in articles]
            best = min(best, time.perf_counter() - t)
        return best, out

    index_s, indexed = timed(index.match)
    naive_s, naive = timed(naive_matcher.match)

    def with_snippets(view: ArticleView) -> list[str]:
        # Snippets are built only for matches that become alerts; this is the worst case.
        return [m.snippet for m in index.match(view)]

    snip_s, _ = timed(with_snippets)

    same = all(
        [m.rule.name for m in x] == [m.rule.name for m in y]
        for x, y in zip(indexed, naive, strict=True)
    )
    n = len(articles)
    cands = sum(len(index.candidates(ArticleView(a))) for a in corpus) / len(corpus)
    matches = sum(len(x) for x in indexed) / n
    print("entities from     : pipeline.enrich.core.Enricher")
    print(
        f"rules             : {len(loaded)} (loaded in {load_s:.2f}s, indexed in "
        f"{build_s * 1000:.0f} ms; {len(index.by_entity)} entity keys, "
        f"{len(index.by_word)} word keys, {len(index.always)} always-evaluated)"
    )
    print(
        f"articles          : {n} ({len(corpus)} demo wire articles x {passes}), "
        f"best of {repeat} runs, one process, one thread"
    )
    print(f"candidates/article: {cands:.0f} of {len(loaded)} rules; matches/article: {matches:.1f}")
    print(f"RuleIndex         : {n / index_s:10.0f} articles/s ({index_s / n * 1e6:8.0f} us each)")
    print(f"naive loop        : {n / naive_s:10.0f} articles/s ({naive_s / n * 1e6:8.0f} us each)")
    print(f"ratio             : {naive_s / index_s:.1f}x")
    print(
        f"RuleIndex+snippets: {n / snip_s:10.0f} articles/s ({snip_s / n * 1e6:8.0f} us each; "
        "a snippet for every match, not only for alerts)"
    )
    print(f"same matches      : {same}")
    if not same:
        raise typer.Exit(1)
