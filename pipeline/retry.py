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
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Literal

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_never,
    wait_exponential,
)

from pipeline.errors import FatalError, PermanentError, TransientError

log = logging.getLogger(__name__)

Kind = Literal["permanent", "transient", "fatal"]

# HTTP answers that say "later": too many requests, and server-side trouble.
TRANSIENT_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


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


def _log_wait(what: str) -> Callable[[RetryCallState], None]:
    def before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "%s failed (attempt %d): %r; retrying in %.1fs", what, state.attempt_number, exc, wait
        )

    return before_sleep


def retrying(
    what: str,
    *,
    attempts: int | None,
    first: float = 0.5,
    cap: float = 8.0,
    retry_on: Callable[[BaseException], bool] = is_transient,
) -> Retrying:
    """A synchronous controller: ``for attempt in retrying(...): with attempt: call()``."""
    return Retrying(
        stop=stop_never if attempts is None else stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=first, min=first, max=cap),
        retry=retry_if_exception(retry_on),
        before_sleep=_log_wait(what),
        reraise=True,
    )


def aretrying(
    what: str,
    *,
    attempts: int | None,
    first: float = 0.5,
    cap: float = 30.0,
    retry_on: Callable[[BaseException], bool] = is_transient,
) -> AsyncRetrying:
    """The asyncio twin of ``retrying``: ``async for attempt in aretrying(...)``."""
    return AsyncRetrying(
        stop=stop_never if attempts is None else stop_after_attempt(attempts),
        wait=wait_exponential(multiplier=first, min=first, max=cap),
        retry=retry_if_exception(retry_on),
        before_sleep=_log_wait(what),
        reraise=True,
    )
