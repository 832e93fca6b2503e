"""Bounded waits on a condition, never fixed sleeps: the benches and the tests share them.

A freshly started worker or desk can take seconds to answer (PLATFORM.md), and a
machine under load takes longer; waiting on the condition itself, up to a bound,
is both faster and more reliable than guessing a sleep.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.errors import FatalError


class WaitTimedOut(FatalError, AssertionError):
    """The condition did not hold in time, or the process it needed exited.

    An ``AssertionError`` too, so that in a test it reads as the failed
    expectation it is; a ``FatalError`` so that a bench command says it and stops.
    """


def wait_for(
    check: Callable[[], Any],
    timeout: float,
    what: str,
    interval: float = 0.5,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> Any:
    """``check()``'s first truthy answer within ``timeout`` seconds, polled every
    ``interval``; fails at once, with the tail of ``log``, if ``proc`` exits."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        if proc is not None and proc.poll() is not None:
            raise WaitTimedOut(
                f"process exited ({proc.returncode}) waiting for {what}\n{_tail(log)}"
            )
        time.sleep(interval)
    raise WaitTimedOut(
        f"timed out after {timeout}s waiting for {what} (last={last!r})\n{_tail(log)}"
    )


def _tail(log: Path | None, n: int = 3000) -> str:
    try:
        return log.read_text(errors="replace")[-n:] if log is not None else ""
    except OSError:
        return ""
