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
from rich.console import Console
from rich.logging import RichHandler

from pipeline.errors import FatalError
from pipeline.settings import Settings, load_settings

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
from pipeline.bench.run import bench_command  # noqa: E402

app.command("bench")(bench_command)
app.command("serve")(serve_command)
app.add_typer(eval_app, name="eval")
app.add_typer(dlq_app, name="dlq")

console = Console()
err = Console(stderr=True)
log = logging.getLogger("pipeline")


def setup_logging(level: str) -> None:
    lvl = {"crit": "CRITICAL", "warn": "WARNING"}.get(level, level.upper())
    logging.basicConfig(
        level=lvl,
        format="%(message)s",
        datefmt="[%X]",
        handlers=[RichHandler(console=err, show_path=False)],
    )
    for noisy in ("kafka", "aiokafka", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # its per-retry warnings carry tracebacks; our own code reports the outcome
    logging.getLogger("elastic_transport").setLevel(logging.ERROR)


def settings_or_exit() -> Settings:
    try:
        s = load_settings()
    except Exception as exc:  # noqa: BLE001 - a ValidationError: say which variable
        err.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from None
    setup_logging(s.log_level)
    return s


def fatal(exc: FatalError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}")
    return typer.Exit(1)


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
    text: Annotated[str, typer.Argument(help="Search text (simple query syntax)")] = "",
    entity: Annotated[list[str] | None, typer.Option(help="Exact entity name; repeatable")] = None,
    label: Annotated[str | None, typer.Option(help="Entity label, e.g. PERSON")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Published on/after")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Published on/before")] = None,
    mentions_from: Annotated[str | None, typer.Option(help="Mentions a date on/after")] = None,
    mentions_to: Annotated[str | None, typer.Option(help="Mentions a date on/before")] = None,
    size: Annotated[int, typer.Option(min=1, max=500)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit")] = False,
) -> None:
    """Search the index: relevance, then recency; with highlights, entities and dates."""
    from pipeline.index.search import SearchQuery
    from pipeline.index.search import search as run_search
    from pipeline.index.writer import make_client

    s = settings_or_exit()
    q = SearchQuery(text, entity or [], label, date_from, date_to, mentions_from, mentions_to, size)

    async def go() -> list[dict[str, Any]]:
        client = make_client(s)
        try:
            return await run_search(client, s, q)
        finally:
            await client.close()

    from elasticsearch import ApiError, TransportError

    from pipeline.settings import redact_url

    try:
        hits = asyncio.run(go())
    except (TransportError, ApiError) as exc:
        err.print(
            f"[red]error:[/red] search at {redact_url(s.es_url)} failed: {type(exc).__name__}"
        )
        raise typer.Exit(1) from None
    if as_json:
        for h in hits:
            sys.stdout.write(json.dumps(h, ensure_ascii=False) + "\n")
        return
    print_hits(hits)


def print_hits(hits: list[dict[str, Any]]) -> None:
    if not hits:
        console.print("no matches")
    for h in hits:
        console.print(
            f"[bold]{h['title']}[/bold]  [dim]{h['source'] or ''} "
            f"{(h['published'] or '')[:16]}  score {h['score'] or 0:.2f}[/dim]"
        )
        for frag in h["highlight"][:2]:
            console.print("   …" + frag.replace("\n", " ") + "…", highlight=False)
        ents = ", ".join(f"{e['canonical']} ({e['label']})" for e in h["entities"][:8])
        if ents:
            console.print(f"   [cyan]entities[/cyan] {ents}")
        dates = ", ".join(f"{d['text']} = {d['value']}" for d in h["dates"][:6])
        if dates:
            console.print(f"   [magenta]dates[/magenta] {dates}")


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
@eval_app.command("dates")
def eval_dates(gold: Path) -> None:
    """TempEval-3 style span and value F1 of the date normalisation."""
    from pipeline.evaluation.dates import evaluate_dates, format_scores
    from pipeline.offline import date_predictor

    s = settings_or_exit()
    console.print(format_scores(evaluate_dates(gold, date_predictor(s))), highlight=False)


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
def eval_entities(gold: Path) -> None:
    """Span F1 of the named-entity mentions against gold mentions."""
    from pipeline.evaluation.entities import evaluate_entities, format_scores
    from pipeline.offline import entity_predictor

    s = settings_or_exit()
    console.print(format_scores(evaluate_entities(gold, entity_predictor(s))), highlight=False)


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
def rules_check(directory: Path) -> None:
    """Validate a rules directory; name the file, line and problem of each error."""
    from pipeline.alerts.rules import load_rules
    from pipeline.alerts.webhooks import WebhookPolicy

    s = settings_or_exit()
    rules, errors = load_rules(directory, WebhookPolicy.from_settings(s))
    for e in errors:
        console.print(str(e), highlight=False)
    console.print(f"{len(rules)} rule(s) valid, {len(errors)} problem(s)")
    if errors:
        raise typer.Exit(1)


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
            f"\n   related: {', '.join(st['related']) or '-'}",
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
) -> None:
    """Show dead letters: reason, stage, origin."""
    from pipeline.ops import read_dead_letters

    s = settings_or_exit()
    letters = read_dead_letters(s)[-limit:]
    if as_json:
        for d in letters:
            out = d.model_dump(exclude={"payload_b64"}, exclude_none=True)
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    for d in letters:
        where = f"{d.file}:{d.line}" if d.file else f"{d.source_topic}[{d.partition}]@{d.offset}"
        console.print(
            f"{d.id}  [yellow]{d.stage}/{d.code}[/yellow]  {where}  {d.reason}", highlight=False
        )
    console.print(f"{len(letters)} dead letters")


@dlq_app.command("replay")
def dlq_replay(
    ids: Annotated[
        list[str] | None, typer.Option("--id", help="Dead letter id; repeatable")
    ] = None,
) -> None:
    """Re-inject dead letters' original payloads into the raw topic (after a fix)."""
    from pipeline.ops import replay_dead_letters

    s = settings_or_exit()
    n = replay_dead_letters(s, set(ids or []))
    console.print(f"replayed {n} dead letters to {s.raw_topic}")


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
