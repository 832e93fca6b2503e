"""One retry policy for every call to a dependency, and one classification of failures.

Every stage used to write its own loop (double the delay, cap it, count attempts)
and to decide by hand, sometimes by matching an exception's text, whether a
failure could pass. Here both live once:

* ``classify`` maps an exception to the taxonomy of ``pipeline.errors`` by its
  *type* (and, for HTTP answers, its status): ``permanent`` (the input can never
  succeed as it is: dead-letter it), ``transient`` (the dependency is briefly
  unwell: retry), ``fatal`` (misconfiguration: stop).
* ``retrying`` / ``aretrying`` are tenacity controllers with capped exponential
  backoff that retry only what ``classify`` calls transient, log each wait, and
  re-raise the last error when the attempts run out (``attempts=None`` retries
  for as long as the caller lets it: an agent that must not acknowledge input
  whose output is lost waits instead of dropping it).
* ``backoff`` is the one delay formula. The controllers wait by it (optionally
  with jitter, and never less than a ``Retry-After`` a dependency asked for,
  carried by ``RetryLater``); the two schedulers that are not retries (the feed
  poller's next poll after a failure, the drop folder's next look at a file
  whose publish failed) space their next turn by it too, without blocking.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Literal

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
)
from tenacity.wait import wait_base

from pipeline.errors import FatalError, PermanentError, TransientError

log = logging.getLogger(__name__)

Kind = Literal["permanent", "transient", "fatal"]

# HTTP answers that say "later": a timeout, too early, too many requests, and
# server-side trouble. A 409 is not among them: for a webhook receiver it means
# "already have it", and the search sink reads a 409 as a stale version.
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class RetryLater(TransientError):
    """A dependency answered "not now" (an HTTP 429 or 5xx, say), perhaps saying when.

    ``after`` is the dependency's own ``Retry-After`` in seconds: the policy
    never waits less than that (up to its cap), so a busy receiver is not
    hammered sooner than it asked.
    """

    def __init__(self, message: str, *, status: int | None = None, after: float | None = None):
        super().__init__(message)
        self.status = status
        self.after = after


def retry_after_seconds(value: str | None) -> float | None:
    """An HTTP ``Retry-After`` (seconds, or an HTTP date) as seconds from now; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(0.0, when.timestamp() - time.time())
    return max(0.0, seconds) if seconds == seconds else None  # NaN is no answer


def backoff(attempt: int, *, first: float, cap: float) -> float:
    """The wait after failure number ``attempt`` (1-based): first, 2x, 4x ... never above cap."""
    return min(cap, first * 2.0 ** min(max(attempt - 1, 0), 60))


class WaitPolicy(wait_base):
    """``backoff`` as a tenacity wait: jitter draws from [half, all] of the delay so that
    many callers failing together do not come back together; a ``RetryLater`` with
    ``after`` lengthens the wait to it (never beyond ``cap``)."""

    def __init__(self, first: float, cap: float, jitter: bool = False) -> None:
        self.first, self.cap, self.jitter = first, cap, jitter

    def __call__(self, retry_state: RetryCallState) -> float:
        delay = backoff(retry_state.attempt_number, first=self.first, cap=self.cap)
        if self.jitter:
            delay *= random.uniform(0.5, 1.0)
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(exc, RetryLater) and exc.after is not None:
            delay = max(delay, min(exc.after, self.cap))
        return delay


def _status(exc: BaseException) -> int | None:
    """The HTTP status an error carries (elasticsearch ApiError, httpx HTTPStatusError)."""
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        return status
    meta = getattr(exc, "meta", None)
    status = getattr(meta, "status", None)
    if isinstance(status, int):
        return status
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _too_large_types() -> tuple[type[BaseException], ...]:
    import aiokafka.errors as aiokafka_errors
    import kafka.errors as kafka_errors

    return (
        kafka_errors.MessageSizeTooLargeError,
        aiokafka_errors.MessageSizeTooLargeError,
        aiokafka_errors.RecordTooLargeError,
    )


def _client_error_types() -> tuple[type[BaseException], ...]:
    """Exceptions of the clients we use that mean "could not reach / no answer yet"."""
    import aiokafka.errors as aiokafka_errors
    import elastic_transport
    import httpx
    import kafka.errors as kafka_errors

    return (
        kafka_errors.KafkaError,
        aiokafka_errors.KafkaError,
        elastic_transport.TransportError,  # connection refused, reset, timeout
        httpx.TransportError,
    )


def classify(exc: BaseException) -> Kind:
    """Which branch of the taxonomy a failure belongs to, decided by its type."""
    if isinstance(exc, PermanentError):
        return "permanent"
    if isinstance(exc, FatalError):
        return "fatal"
    if isinstance(exc, TransientError):
        return "transient"
    if isinstance(exc, _too_large_types()):
        return "permanent"  # the broker will never take this message as it is
    status = _status(exc)
    if status is not None:
        if status in TRANSIENT_STATUS:
            return "transient"
        if status in (401, 403):
            return "fatal"  # credentials or privileges: no retry fixes them
        return "permanent"
    if isinstance(exc, ConnectionError | TimeoutError | asyncio.TimeoutError | socket.gaierror):
        return "transient"
    if isinstance(exc, _client_error_types()):
        return "transient"
    return "permanent"


def is_too_large(exc: BaseException) -> bool:
    """The broker refuses this message for its size: sending it again cannot help."""
    return isinstance(exc, _too_large_types())


def is_transient(exc: BaseException) -> bool:
    return classify(exc) == "transient"


OnRetry = Callable[[BaseException, int, float], None]


def _log_wait(what: str, level: int, on_retry: OnRetry | None) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        if on_retry is not None and exc is not None:
            on_retry(exc, state.attempt_number, wait)
            return
        log.log(
            level,
            "%s failed (attempt %d): %r; retrying in %.1fs",
            what,
            state.attempt_number,
            exc,
            wait,
        )

    return before_sleep


def retrying(
    what: str,
    *,
    attempts: int | None,
    first: float = 0.5,
    cap: float = 8.0,
    retry_on: Callable[[BaseException], bool] = is_transient,
    jitter: bool = False,
    level: int = logging.WARNING,
    on_retry: OnRetry | None = None,
) -> Retrying:
    """A synchronous controller: ``for attempt in retrying(...): with attempt: call()``.

    Each wait is logged at ``level``, or handed to ``on_retry(exc, attempt, wait)``
    instead when a caller's retries have more to say (the search sink's reasons,
    metrics and escalation).
    """
    return Retrying(
        stop=stop_never if attempts is None else stop_after_attempt(attempts),
        wait=WaitPolicy(first, cap, jitter),
        retry=retry_if_exception(retry_on),
        before_sleep=_log_wait(what, level, on_retry),
        reraise=True,
    )


def aretrying(
    what: str,
    *,
    attempts: int | None,
    first: float = 0.5,
    cap: float = 30.0,
    retry_on: Callable[[BaseException], bool] = is_transient,
    jitter: bool = False,
    level: int = logging.WARNING,
    on_retry: OnRetry | None = None,
) -> AsyncRetrying:
    """The asyncio twin of ``retrying``: ``async for attempt in aretrying(...)``."""
    return AsyncRetrying(
        stop=stop_never if attempts is None else stop_after_attempt(attempts),
        wait=WaitPolicy(first, cap, jitter),
        retry=retry_if_exception(retry_on),
        before_sleep=_log_wait(what, level, on_retry),
        reraise=True,
    )
