"""``pipeline feeds poll|watch`` and ``pipeline serve``: the ways in besides ``produce``.

Registered in ``pipeline/cli.py`` with::

    from pipeline.feeds.cli import feeds_app, serve_command
    app.add_typer(feeds_app, name="feeds")
    app.command("serve")(serve_command)

Each command builds ``Settings`` through ``pipeline.cli.settings_or_exit`` (imported
when the command runs, so the two modules do not import each other at load
time).
"""

from __future__ import annotations

import contextlib
import json
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer

from pipeline.console import console, err, fatal, settings_or_exit
from pipeline.errors import FatalError
from pipeline.settings import Settings

feeds_app = typer.Typer(
    help="Feed intake: poll RSS/Atom feeds, watch a drop folder.", no_args_is_help=True
)


def feeds_state_dir(settings: Settings) -> Path:
    return settings.state_dir / "feeds"


@contextlib.contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    """An event SIGTERM/SIGINT set (finish the current poll or file, then stop)."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _start(settings: Settings) -> Any:
    """Topics exist, then one Publisher (acks=all, idempotent)."""
    from pipeline.feeds.producer import Publisher
    from pipeline.topics import ensure_topics

    try:
        ensure_topics(settings)
        return Publisher(settings)
    except FatalError as exc:
        raise fatal(exc) from None


@feeds_app.command("poll")
def poll_command(
    urls: Annotated[list[str], typer.Argument(help="RSS or Atom feed URLs")],
    interval: Annotated[
        float | None,
        typer.Option(help="Seconds between polls of one feed (default FEED_POLL_INTERVAL or 300)"),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(help="Seconds to wait for a feed to answer (default FEED_TIMEOUT or 20)"),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Poll each feed once and exit (1 if any failed)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per poll")] = False,
) -> None:
    """Poll feeds; publish each entry once (conditional GET, backoff on errors)."""
    from pipeline.feeds.rss import FeedPoller, FeedStore, PollResult
    from pipeline.outbound import OutboundPolicy

    s = settings_or_exit()
    pub = _start(s)
    if s.metrics_port:  # bad entries and failed polls are counted here, not in the worker
        from pipeline.metrics import serve as serve_metrics

        serve_metrics(s.metrics_port, s.metrics_host)
    store = FeedStore(feeds_state_dir(s) / "rss.sqlite")
    poller = FeedPoller(
        pub,
        store,
        max_article_bytes=s.max_article_bytes,
        interval=interval or s.feed_poll_interval,
        timeout=timeout or s.feed_timeout,
        max_feed_bytes=s.feed_max_bytes,
        policy=OutboundPolicy.for_feeds(s),
    )

    def show(r: PollResult) -> None:
        if as_json:
            console.print_json(json.dumps(r.__dict__ | {"ok": r.ok}))
        elif r.ok:
            console.print(r.describe(), highlight=False)
        else:
            err.print(f"[yellow]feed error[/yellow] {r.describe()}", highlight=False)

    try:
        with _stop_on_signals() as stop:
            results = poller.run(urls, stop, rounds=1 if once else None, on_result=show)
    finally:
        poller.close()
        store.close()
        pub.close()
    if once and not all(r.ok for r in results):
        raise typer.Exit(1)


@feeds_app.command("watch")
def watch_command(
    directory: Annotated[Path, typer.Argument(help="The drop folder (created if missing)")],
    interval: Annotated[float, typer.Option(help="Seconds between scans")] = 1.0,
    settle: Annotated[
        float | None,
        typer.Option(help="Seconds a file must stay unchanged (default WATCH_SETTLE or 2)"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto|jsonl|text|ninjs|newsml|rss")] = "auto",
    once: Annotated[
        bool, typer.Option("--once", help="Scan once (twice, to see files settle) and exit")
    ] = False,
) -> None:
    """Publish each file dropped into DIR once; move it to done/ or rejected/."""
    from pipeline.feeds.readers import check_format
    from pipeline.feeds.watch import DropFolder, DropStore

    try:
        check_format(fmt)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    s = settings_or_exit()
    pub = _start(s)
    store = DropStore(feeds_state_dir(s) / "dropfolder.sqlite")
    folder = DropFolder(
        directory,
        pub,
        store,
        max_article_bytes=s.max_article_bytes,
        settle=0.0 if once else (settle if settle is not None else s.watch_settle),
        fmt=fmt,
        max_file_bytes=s.watch_max_file_bytes,
    )
    console.print(f"watching {folder.root} -> {s.raw_topic}", highlight=False)
    try:
        if once:
            for _ in range(2):  # a first scan sees the files, the second takes the settled ones
                for o in folder.scan():
                    console.print(f"{o.name}: {o.outcome} ({o.published} published)")
        else:
            with _stop_on_signals() as stop:
                folder.run(stop, interval)
    finally:
        store.close()
        pub.close()


def serve_command(
    host: Annotated[
        str | None, typer.Option(help="Bind address (default HTTP_HOST or 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default HTTP_PORT or 8080)")] = None,
    max_body_bytes: Annotated[
        int | None,
        typer.Option(help="Largest request body (default HTTP_MAX_BODY_BYTES or 10 MiB)"),
    ] = None,
) -> None:
    """Serve POST /articles (X-API-Key from HTTP_API_KEY) for publishers without Kafka."""
    from pipeline.feeds.http import ServeConfig, serve

    s = settings_or_exit()
    secret = s.http_api_key.get_secret_value() if s.http_api_key else None
    if not secret:
        err.print("[red]error:[/red] set HTTP_API_KEY (16 characters or more) to serve")
        raise typer.Exit(2)
    try:
        config = ServeConfig(
            api_key=str(secret),
            max_body_bytes=max_body_bytes or s.http_max_body_bytes,
            max_article_bytes=s.max_article_bytes,
            topic=s.raw_topic,
            max_items=s.http_max_items,
            max_message_bytes=s.kafka_max_message_bytes,
            header_timeout=s.http_header_timeout,
            body_timeout=s.http_body_timeout,
        )
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    pub = _start(s)
    serve(pub, config, host or s.http_host, port or s.http_port)
