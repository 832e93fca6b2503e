"""The ``pipeline`` command: stack, produce, worker, search, enrich, eval, dlq, demo.

Every command builds one ``Settings`` from the environment (and the local
stack's state file) and passes it down.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.console import console, err, fatal, settings_or_exit
from pipeline.errors import FatalError
from pipeline.settings import Settings

app = typer.Typer(
    help="Streaming news ingestion: wire feeds -> Kafka -> enrichment -> search.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
stack_app = typer.Typer(help="The embedded local broker + search server.", no_args_is_help=True)
eval_app = typer.Typer(help="Score the enrichment against gold data.", no_args_is_help=True)
dlq_app = typer.Typer(help="Inspect and replay dead letters.", no_args_is_help=True)
rules_app = typer.Typer(help="Alert rules.", no_args_is_help=True)
app.add_typer(stack_app, name="stack")
app.add_typer(rules_app, name="rules")
from pipeline.feeds.cli import feeds_app, serve_command  # noqa: E402 - after the app exists

app.add_typer(feeds_app, name="feeds")
from pipeline.kibana import kibana_app  # noqa: E402

app.add_typer(kibana_app, name="kibana")
from pipeline.bench.alerts import alerts_bench_command  # noqa: E402
from pipeline.bench.desk import desk_bench_command  # noqa: E402
from pipeline.bench.enrich import enrich_bench_command  # noqa: E402
from pipeline.bench.hostile import hostile_bench_command  # noqa: E402
from pipeline.bench.latency import latency_bench_command  # noqa: E402
from pipeline.bench.run import bench_command  # noqa: E402
from pipeline.bench.stories import stories_bench_command  # noqa: E402

# `pipeline bench [OPTIONS]` runs the whole benchmark; its subcommands measure one part.
bench_app = typer.Typer(
    help="Benchmarks: the whole pipeline (no subcommand), or one part of it.",
    invoke_without_command=True,
)
bench_app.callback()(bench_command)
bench_app.command("enrich")(enrich_bench_command)
bench_app.command("alerts")(alerts_bench_command)
bench_app.command("stories")(stories_bench_command)
bench_app.command("hostile")(hostile_bench_command)
bench_app.command("desk")(desk_bench_command)
bench_app.command("latency")(latency_bench_command)
app.add_typer(bench_app, name="bench")
app.command("serve")(serve_command)
app.add_typer(eval_app, name="eval")
app.add_typer(dlq_app, name="dlq")

log = logging.getLogger("pipeline")


# --------------------------------------------------------------------- stack
@stack_app.command("up")
def stack_up(
    kafka_port: Annotated[int, typer.Option(help="Broker port (default 19092 or a free one)")] = 0,
    es_port: Annotated[int, typer.Option(help="Search port (default 19200 or a free one)")] = 0,
) -> None:
    """Start the local broker (Tansu) and Elasticsearch API (noida-db) on loopback."""
    from pipeline.stack import LocalStack

    s = settings_or_exit()
    try:
        st = LocalStack(s.state_dir).up(kafka_port or None, es_port or None)
    except FatalError as exc:
        raise fatal(exc) from None
    console.print(f"KAFKA_BOOTSTRAP={st.kafka_bootstrap}")
    console.print(f"ES_URL={st.es_url}")


@stack_app.command("down")
def stack_down() -> None:
    """Stop exactly the processes `stack up` started."""
    from pipeline.stack import LocalStack

    s = settings_or_exit()
    stopped = LocalStack(s.state_dir).down()
    console.print("local stack stopped" if stopped else "local stack was not running")


@stack_app.command("status")
def stack_status(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show the URLs of the local stack and whether each service answers."""
    from pipeline.stack import LocalStack

    s = settings_or_exit()
    st = LocalStack(s.state_dir).status()
    if as_json:
        console.print_json(json.dumps(st))
        return
    if not st["running"]:
        console.print("local stack is not running (pipeline stack up)")
        raise typer.Exit(1)
    ok = {True: "[green]answers[/green]", False: "[red]not answering[/red]"}
    console.print(f"KAFKA_BOOTSTRAP={st['kafka_bootstrap']}  {ok[bool(st['kafka_answers'])]}")
    console.print(f"ES_URL={st['es_url']}  {ok[bool(st['es_answers'])]}")
    if st.get("desk_url"):
        console.print(f"desk: {st['desk_url']}")
    if not (st["kafka_answers"] and st["es_answers"]):
        raise typer.Exit(1)
    print_pipeline_state(s)


def print_pipeline_state(s: Settings) -> None:
    """Documents per index and the worker group's lag: is the pipeline keeping up?"""
    from pipeline.ops import consumer_lag

    async def counts(client: Any) -> dict[str, int]:
        out = {}
        for alias in (s.index_alias, s.stories_alias, s.alerts_alias):
            try:
                out[alias] = int((await client.count(index=alias))["count"])
            except Exception:  # noqa: BLE001 - not created yet
                out[alias] = 0
        return out

    for alias, n in run_es(s, counts).items():
        console.print(f"  index {alias}: {n} documents")
    if s.metrics_port:
        from pipeline.stack import worker_backlog

        host = "127.0.0.1" if s.metrics_host in ("0.0.0.0", "") else s.metrics_host
        b = worker_backlog(host, s.metrics_port)
        if b is None:
            console.print(f"  index stage: no worker metrics at {host}:{s.metrics_port}")
        else:
            console.print(
                f"  index stage: {b['waiting']:.0f} documents waiting for the search cluster, "
                f"{b['retries']:.0f} bulk retries so far"
            )
    try:
        lag = consumer_lag(s)
    except Exception as exc:  # noqa: BLE001 - status must never crash on a quirk
        console.print(f"  lag of group {s.app_id}: unknown ({type(exc).__name__})")
        return
    for topic, n in lag.items():
        console.print(f"  lag of group {s.app_id} on {topic}: {n} messages")


# ------------------------------------------------------------------ produce
@app.command()
def produce(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; - for stdin")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="auto|jsonl|text|ninjs|newsml|rss (auto: by content)")
    ] = "auto",
) -> None:
    """Publish JSON Lines, agency text, IPTC ninjs, NewsML-G2 and RSS/Atom files."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    from pipeline.feeds.producer import Publisher
    from pipeline.feeds.readers import Parsed, read_inputs
    from pipeline.topics import ensure_topics

    s = settings_or_exit()
    try:
        ensure_topics(s)
        pub = Publisher(s)
    except FatalError as exc:
        raise fatal(exc) from None
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed} articles  {task.fields[rate]}/s"),
        console=err,
        transient=True,
        disable=as_json,
    ) as progress:
        task = progress.add_task("publishing", total=None, rate="-")

        def tick(item: Any) -> None:
            if isinstance(item, Parsed):
                progress.advance(task)
                t = progress.tasks[0]
                if t.elapsed:
                    progress.update(task, rate=f"{t.completed / t.elapsed:.0f}")

        report = pub.publish(read_inputs(paths, s.max_article_bytes, fmt), on_item=tick)
    pub.close()
    for r in report.rejected:
        where = f"{r.file}:{r.line}" if r.line else r.file
        err.print(f"[yellow]rejected[/yellow] {where}: {r.reason}")
    for key, why in report.failed:
        err.print(f"[red]not published[/red] {key}: {why}")
    summary = report.summary()
    if as_json:
        console.print_json(json.dumps(summary | {"ids": report.ids}))
    else:
        console.print(
            f"published {summary['published']}, rejected {summary['rejected']}, "
            f"failed {summary['failed']} (topic {s.raw_topic})"
        )
    if report.failed:
        raise typer.Exit(1)


# ------------------------------------------------------------------- worker
@app.command()
def worker() -> None:
    """Run the Faust worker: raw -> enriched -> indexed."""
    from faust.worker import Worker

    from pipeline import metrics
    from pipeline.app import create_app
    from pipeline.topics import ensure_topics

    s = settings_or_exit()
    try:
        ensure_topics(s)
    except FatalError as exc:
        raise fatal(exc) from None
    metrics.serve(s.metrics_port, s.metrics_host)
    faust_app, _ = create_app(s)
    sys.argv = [sys.argv[0]]  # Faust's Worker parses argv; nothing of ours is for it
    Worker(faust_app, loglevel=s.log_level, quiet=True).execute_from_commandline()


# ------------------------------------------------------------------- search
@app.command()
def search(
    text: Annotated[
        str,
        typer.Argument(
            help='Words, "phrases", OR/AND/NOT, -word, prefix*, (groups); stopwords ignored'
        ),
    ] = "",
    entity: Annotated[
        list[str] | None,
        typer.Option(help="A name as you spell it (alias, short form, variant); repeatable"),
    ] = None,
    label: Annotated[str | None, typer.Option(help="Entity label, e.g. PERSON")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on/after")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on/before")] = None,
    mentions_from: Annotated[str | None, typer.Option(help="Mentions a date on/after")] = None,
    mentions_to: Annotated[str | None, typer.Option(help="Mentions a date on/before")] = None,
    size: Annotated[int, typer.Option(min=1, max=500)] = 10,
    all_copies: Annotated[
        bool, typer.Option("--all-copies", help="Every wire copy as its own hit")
    ] = False,
    by_story: Annotated[
        bool, typer.Option("--by-story", help="One result per story, its best article first")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object: the query as understood and the hits")
    ] = False,
) -> None:
    """Search the index: relevance, then recency; one hit per wire story; names resolved."""
    from pipeline.index.search import SearchQuery, search_articles, search_by_story

    s = settings_or_exit()
    q = SearchQuery(
        text,
        entity or [],
        label,
        date_from,
        date_to,
        mentions_from,
        mentions_to,
        size,
        all_copies,
    )
    if by_story:
        stories = run_es(s, lambda c: search_by_story(c, s, q))
        head = query_head(stories.understood, stories.names, stories.total)
        if as_json:
            out = head | {"stories": [st.as_dict() for st in stories.stories]}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            return
        print_names(stories.names)
        print_stories(stories.stories)
        return
    found = run_es(s, lambda c: search_articles(c, s, q))
    if as_json:
        out = query_head(found.understood, found.names, found.total)
        out["hits"] = [h.as_dict() for h in found.hits]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    print_names(found.names)
    print_hits(found.hits)


def query_head(understood: str, names: list[Any], total: int) -> dict[str, Any]:
    return {
        "query": {"understood": understood, "entities": [n.as_dict() for n in names]},
        "total": total,
    }


def print_names(names: list[Any]) -> None:
    """How each --entity was read; an ambiguous or unknown name is said out loud."""
    for n in names:
        colour = {"ambiguous": "yellow", "unknown": "yellow"}.get(n.status, "dim")
        err.print(f"[{colour}]entity {n.describe()}[/{colour}]", highlight=False)


def print_hits(hits: list[Any]) -> None:
    if not hits:
        console.print("no matches")
    for h in hits:
        copies = f"  [yellow]+{len(h.copies)} copies[/yellow]" if h.copies else ""
        console.print(
            f"[bold]{h.title}[/bold]{copies}  [dim]{h.id}  {h.source or ''} "
            f"{(h.published or '')[:16]}  score {h.score or 0:.2f}[/dim]",
            highlight=False,
        )
        for frag in h.highlight[:2]:
            console.print("   …" + frag.replace("\n", " ") + "…", highlight=False)
        ents = ", ".join(f"{e['canonical']} ({e['label']})" for e in h.entities[:8])
        if ents:
            console.print(f"   [cyan]entities[/cyan] {ents}", highlight=False)
        dates = ", ".join(f"{d['text']} = {d['value']}" for d in h.dates[:6])
        if dates:
            console.print(f"   [magenta]dates[/magenta] {dates}", highlight=False)


def print_stories(stories: list[Any]) -> None:
    if not stories:
        console.print("no matches")
    for st in stories:
        b = st.best
        console.print(
            f"[bold]{st.title}[/bold]  [dim]{st.story_id}[/dim]\n"
            f"   {st.article_count} articles (+{st.duplicate_count} copies), "
            f"{st.matching} matching · {(st.first_seen or '')[:16]} → {(st.last_seen or '')[:16]}"
            f" · {', '.join(st.sources)}\n"
            f"   best: {b.title}  [dim]{b.id} {b.source or ''} {(b.published or '')[:16]}[/dim]",
            highlight=False,
        )
        if st.related:
            titles = " · ".join(r["title"] or r["story_id"] for r in st.related)
            console.print(f"   related: {titles}", highlight=False)


# ------------------------------------------------------------------- enrich
@app.command()
def enrich(
    path: Annotated[str, typer.Argument(help="JSON Lines file, or - for stdin")] = "-",
    as_json: Annotated[
        bool, typer.Option("--json", help="Write JSON Lines (default: table)")
    ] = False,
    stories: Annotated[
        bool, typer.Option("--stories", help="Also assign story_id and duplicate_of, in order")
    ] = False,
) -> None:
    """Enrich JSON Lines offline (no Kafka, no search) with the worker's own code."""
    from pipeline.offline import enrich_stream

    s = settings_or_exit()
    lines = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    try:
        for obj in enrich_stream(lines, s, stories=stories):
            if as_json:
                sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
            else:
                ents = ", ".join(f"{e['canonical']}/{e['label']}" for e in obj["entities"][:8])
                dates = ", ".join(f"{d['text']}={d['value']}" for d in obj["dates"][:6])
                story = f"  story {obj['story_id']}" if obj.get("story_id") else ""
                dup = f" (copy of {obj['duplicate_of']})" if obj.get("duplicate_of") else ""
                console.print(f"[bold]{obj.get('id')}[/bold]{story}{dup} {ents}\n   {dates}")
    finally:
        if lines is not sys.stdin:
            lines.close()


# --------------------------------------------------------------------- eval
PartOption = Annotated[
    str,
    typer.Option(
        help="Documents to score: all, dev, or held-out (MEANTIME's stock topic, never tuned on)"
    ),
]


def _part(part: str) -> Any:
    from pipeline.evaluation.dates import PARTS

    if part not in PARTS:
        raise typer.BadParameter(f"--part must be one of {', '.join(PARTS)}")
    return part


@eval_app.command("dates")
def eval_dates(
    gold: Path,
    part: PartOption = "all",
    errors: Annotated[int, typer.Option(help="Print this many disagreements")] = 0,
    rules_only: Annotated[
        bool, typer.Option(help="Run the date rules without a spaCy doc (no NER spans)")
    ] = False,
) -> None:
    """TempEval-3 style span and value F1 of the date normalisation."""
    from datetime import datetime

    from pipeline.enrich.dates import extract_dates
    from pipeline.evaluation.dates import evaluate_dates, format_scores
    from pipeline.offline import date_predictor
    from pipeline.record import TimeExpr

    s = settings_or_exit()

    def rules_alone(text: str, dct: str | None) -> list[TimeExpr]:
        return extract_dates(text, datetime.fromisoformat(dct) if dct else None, None)

    predict = rules_alone if rules_only else date_predictor(s)
    scores = evaluate_dates(gold, predict, part=_part(part))
    console.print(format_scores(scores, show_errors=errors), highlight=False)


@eval_app.command("stories")
def eval_stories(
    gold: Path,
    seed: Annotated[int, typer.Option(help="Seed of the fixed shuffled stream order")] = 0,
    order: Annotated[
        str,
        typer.Option(
            help="Arrival order: shuffled, published, reversed, blocks (newest block first), "
            "or all of them"
        ),
    ] = "shuffled",
    block: Annotated[int, typer.Option(help="Documents per block for --order blocks")] = 32,
    titles: Annotated[
        str, typer.Option(help="Titles: given, derived (from the body, as if none), none")
    ] = "given",
    dates: Annotated[
        bool, typer.Option("--dates/--no-dates", help="Cluster with the documents' own dates")
    ] = True,
    cache: Annotated[
        Path | None, typer.Option(help="Directory caching enriched runs between evaluations")
    ] = None,
) -> None:
    """Pairwise and B-cubed F1 of online story clustering (no look-ahead)."""
    from pipeline.evaluation.stories import (
        ORDERS,
        evaluate_stories,
        format_orders,
        format_scores,
    )

    settings_or_exit()
    orders = list(ORDERS) if order == "all" else [order]
    results = []
    for o in orders:
        try:
            got = evaluate_stories(
                gold, seed=seed, order=o, block=block, titles=titles, dates=dates, cache_dir=cache
            )
        except ValueError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        results.append(got)
        console.print(format_scores(got), highlight=False)
    if len(results) > 1:
        console.print(format_orders(results), highlight=False)


@eval_app.command("entities")
def eval_entities(
    gold: Path,
    part: PartOption = "all",
    stream: Annotated[
        bool, typer.Option(help="Remember names across documents, in file order, as the worker")
    ] = True,
) -> None:
    """Span F1 of the named-entity mentions against gold mentions."""
    from pipeline.evaluation.entities import evaluate_entities, format_flips, format_scores
    from pipeline.offline import entity_predictor

    s = settings_or_exit()
    predict, resolver = entity_predictor(s, stream=stream)
    scores = evaluate_entities(gold, predict, part=_part(part))
    console.print(format_scores(scores), highlight=False)
    console.print(format_flips(resolver.label_flips, scores), highlight=False)


@eval_app.command("search")
def eval_search(
    queries: Path,
    as_json: Annotated[bool, typer.Option("--json", help="Scores and rankings as JSON")] = False,
) -> None:
    """Precision@5, recall@10 and nDCG@10 of judged queries against the live index."""
    from pipeline.evaluation.search import evaluate_search, format_scores, load_queries

    s = settings_or_exit()
    try:
        judged = load_queries(queries)
    except (OSError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    scores = run_es(s, lambda c: evaluate_search(c, s, judged))
    if as_json:
        sys.stdout.write(json.dumps(scores.as_dict(), ensure_ascii=False) + "\n")
        return
    console.print(format_scores(scores), highlight=False)


# ------------------------------------------------------------ alerts/stories
def run_es(s: Settings, fn: Any) -> Any:
    from elasticsearch import ApiError, TransportError

    from pipeline.index.writer import make_client
    from pipeline.settings import redact_url

    async def go() -> Any:
        client = make_client(s)
        try:
            return await fn(client)
        finally:
            await client.close()

    try:
        return asyncio.run(go())
    except (TransportError, ApiError) as exc:
        err.print(
            f"[red]error:[/red] search at {redact_url(s.es_url)} failed: "
            f"{type(exc).__name__}: {str(exc)[:200]}"
        )
        raise typer.Exit(1) from None


def print_json_lines(items: list[dict[str, Any]]) -> None:
    for item in items:
        sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")


@rules_app.command("check")
def rules_check(
    directory: Path,
    use_index: Annotated[
        bool,
        typer.Option(
            "--index/--no-index",
            help="Also resolve entity names against the names learned in the index",
        ),
    ] = True,
) -> None:
    """Validate a rules directory; name the file, line and problem of each error,
    and say what each entity name resolves to (a name nothing knows is a warning)."""
    from pipeline.alerts.rules import EntityTerm, load_rules, positive_terms
    from pipeline.alerts.webhooks import WebhookPolicy

    s = settings_or_exit()
    rules, errors = load_rules(directory, WebhookPolicy.from_settings(s), resolve=True)
    for e in errors:
        console.print(str(e), highlight=False)
    names: dict[str, list[tuple[str, str | None]]] = {}
    for rule in rules:
        for term in positive_terms(rule.match):
            if isinstance(term, EntityTerm):
                names.setdefault(rule.name, []).append((term.name, term.label))
    warnings = print_rule_names(s, names, use_index)
    console.print(
        f"{len(rules)} rule(s) valid, {len(errors)} problem(s), {warnings} name warning(s)"
    )
    if any(not e.warning for e in errors):
        raise typer.Exit(1)


def print_rule_names(
    s: Settings, names: dict[str, list[tuple[str, str | None]]], use_index: bool
) -> int:
    """Print each rule's entity names as resolved; return how many resolve to nothing."""
    from pipeline.index.names import SeenName, names_seen, resolve_name

    typed = sorted({n for pairs in names.values() for n, _ in pairs})
    seen: list[SeenName] = []
    where = "the alias file"
    if use_index and typed:
        from elasticsearch import ApiError, TransportError

        from pipeline.index.writer import make_client

        async def read() -> list[SeenName]:
            client = make_client(s).options(request_timeout=10, max_retries=0)
            try:
                return await names_seen(client, s.index_alias, typed)
            finally:
                await client.close()

        try:
            seen = asyncio.run(read())
            where = f"the alias file and the names in {s.index_alias}"
        except (TransportError, ApiError, OSError) as exc:
            err.print(
                f"[yellow]index not reachable ({type(exc).__name__}): names checked against "
                "the alias file only[/yellow]"
            )
    warnings = 0
    for rule, pairs in names.items():
        for name, label in pairs:
            res = resolve_name(name, seen, label=label)
            if res.status == "unknown":
                warnings += 1
                console.print(
                    f"[yellow]warning[/yellow] {rule}: entity {name!r} resolves to nothing "
                    f"known in {where}: the rule fires only on that exact name",
                    highlight=False,
                )
            elif res.status == "ambiguous":
                warnings += 1
                console.print(
                    f"[yellow]warning[/yellow] {rule}: entity {res.describe()}", highlight=False
                )
            else:
                console.print(f"{rule}: entity {res.describe()}", highlight=False)
    return warnings


@app.command("alerts")
def alerts_list(
    rule: Annotated[str | None, typer.Option(help="Only this rule")] = None,
    since: Annotated[str | None, typer.Option(help="Fired on/after (ISO date)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List alerts: rule, article, story, what matched, when."""
    from pipeline.index.views import list_alerts

    s = settings_or_exit()
    items = run_es(s, lambda c: list_alerts(c, s, rule, since))
    if as_json:
        print_json_lines(items)
        return
    for a in items:
        console.print(
            f"[bold]{a['rule']}[/bold] {a['kind']}/{a['change']} v{a['version']}  "
            f"{a['fired_at'][:19]}  story {a['story_id']}\n   {a['title']}\n   "
            f"matched {', '.join(a['matched'].get('entities', []) + a['matched'].get('terms', []))}",
            highlight=False,
        )
    console.print(f"{len(items)} alerts")


@app.command("stories")
def stories_list(
    query: Annotated[str | None, typer.Option(help="Words in the story title")] = None,
    entity: Annotated[str | None, typer.Option(help="A top entity of the story")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stories, newest first: title, size, sources, related stories."""
    from pipeline.index.views import list_stories

    s = settings_or_exit()
    items = run_es(s, lambda c: list_stories(c, s, query, entity))
    if as_json:
        print_json_lines(items)
        return
    for st in items:
        console.print(
            f"[bold]{st['title']}[/bold]  [dim]{st['story_id']}[/dim]\n   "
            f"{st['article_count']} articles (+{st['duplicate_count']} copies), "
            f"{st['first_seen'][:16]} → {st['last_seen'][:16]}, "
            f"{', '.join(st['sources'])}\n   entities: {', '.join(st['top_entities'][:6])}"
            f"\n   related: {' · '.join(r['title'] or r['story_id'] for r in st['related_titles'])}"
            f"{'-' if not st['related_titles'] else ''}",
            highlight=False,
        )


@app.command("related")
def related_cmd(
    article_id: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The story of an article and the stories linked to it."""
    from pipeline.index.views import related

    s = settings_or_exit()
    item = run_es(s, lambda c: related(c, s, article_id))
    if as_json:
        print_json_lines([item])
        return
    story = item["story"]
    if story is None:
        console.print(f"{article_id} has no story yet")
        return
    console.print(
        f"[bold]{story.get('title', '')}[/bold] ({story['story_id']}): "
        f"{', '.join(story.get('articles', []))}",
        highlight=False,
    )
    for r in item["related"]:
        console.print(
            f"  related: {r['title']} ({r['story_id']}): {', '.join(r['articles'])}",
            highlight=False,
        )


# ---------------------------------------------------------------------- dlq
@dlq_app.command("list")
def dlq_list(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    limit: Annotated[int, typer.Option(help="Most recent N")] = 100,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also letters already replayed (marked 'replayed')")
    ] = False,
) -> None:
    """Show dead letters waiting for a fix: reason, stage, origin (--all: replayed ones too)."""
    from pipeline.ops import read_dlq

    s = settings_or_exit()
    view = read_dlq(s)
    letters = (view.letters if show_all else view.pending)[-limit:]
    if as_json:
        for d in letters:
            out = d.model_dump(exclude={"payload_b64"}, exclude_none=True)
            out["replayed"] = d.id in view.markers
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    for d in letters:
        where = f"{d.file}:{d.line}" if d.file else f"{d.source_topic}[{d.partition}]@{d.offset}"
        notes = []
        if d.replay_of:
            notes.append(f"failed again, replay of {d.replay_of}")
        if d.id in view.markers:
            notes.append("replayed")
        if not d.replayable:
            notes.append("bytes cut: not replayable")
        note = f"  ({'; '.join(notes)})" if notes else ""
        console.print(
            f"{d.id}  [yellow]{d.stage}/{d.code}[/yellow]  {where}  {d.reason}{note}",
            highlight=False,
        )
    console.print(f"{len(letters)} dead letters{'' if show_all else ' waiting'}")


@dlq_app.command("replay")
def dlq_replay(
    ids: Annotated[
        list[str] | None, typer.Option("--id", help="Dead letter id; repeatable")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Send letters already replayed once more")
    ] = False,
) -> None:
    """Re-send dead letters once each (all waiting ones, or --id) after a fix."""
    from pipeline.ops import replay

    s = settings_or_exit()
    report = replay(s, set(ids or []), force=force)
    for letter_id, why in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {letter_id}: {why}", highlight=False)
    console.print(
        f"replayed {len(report.replayed)} dead letters to {s.raw_topic}: "
        f"{report.published} sent, {report.refailed} failed again (new letters)",
        highlight=False,
    )


# --------------------------------------------------------------------- desk
@app.command()
def desk(
    host: Annotated[
        str | None, typer.Option(help="Bind address [env DESK_HOST, default 127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port [env DESK_PORT, default 8090]")
    ] = None,
) -> None:
    """Serve the newsroom desk: search, stories, alerts, entities, live (read-only)."""
    from pipeline.desk.app import serve

    s = settings_or_exit()
    try:
        serve(s, host or s.desk_host, port or s.desk_port)
    except FatalError as exc:
        raise fatal(exc) from None


# --------------------------------------------------------------------- demo
@app.command()
def demo(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for indexing")] = 300.0,
    fresh: Annotated[
        bool, typer.Option(help="Delete the demo's topics and indices first (local stack)")
    ] = True,
) -> None:
    """Start the stack, run a worker, publish the demo corpus, show what editors see."""
    from pipeline.demo.run import run_demo

    s = settings_or_exit()
    try:
        run_demo(s, console, timeout=timeout, fresh=fresh)
    except FatalError as exc:
        raise fatal(exc) from None


def main() -> None:
    app()


if __name__ == "__main__":
    main()
