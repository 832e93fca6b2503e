"""What every command shares: the consoles, logging set-up, settings loading, fatal exits.

Kept apart from ``pipeline.cli`` (which registers the commands) so that a module
defining commands (``feeds/cli.py``, ``kibana.py``, ``bench/run.py``) can import these
helpers at the top without importing the command registry back: no import cycles.
"""

from __future__ import annotations

import logging

import typer
from rich.console import Console
from rich.logging import RichHandler

from pipeline.errors import FatalError
from pipeline.settings import Settings, load_settings

console = Console()
err = Console(stderr=True)


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
