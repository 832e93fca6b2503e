"""Webhook delivery: fire-and-forget, bounded, and never in the stream's way.

``WebhookDispatcher.dispatch`` only puts the alert on a bounded in-memory
queue and returns at once; a few worker tasks POST it with a per-attempt
timeout and a bounded number of retries with exponential backoff. When the
queue is full the alert is dropped for that URL and recorded, rather than
making the agent wait: a slow newsroom endpoint must not delay enrichment or
indexing. Every delivery that gives up becomes a :class:`WebhookFailure`,
kept in a bounded list and passed to an ``on_failure`` callback the worker
uses to log and count.

The URL guard is the server-side-request-forgery fence: a rule must not make
the pipeline POST to itself (loopback), to its network (private addresses),
to cloud metadata, or to its own Kafka / Elasticsearch hosts. It runs when
rules load (on the URL's text) and at every connection (on every address the
name resolves to, connecting to the address that was checked; see
``pipeline/outbound.py``). An operator allows an internal receiver with
``WEBHOOK_ALLOW_HOSTS``; tests allow ``127.0.0.1`` that way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpcore
import httpx
import orjson

from pipeline.errors import PermanentError, TransientError
from pipeline.outbound import (
    ForbiddenDestination,
    OutboundPolicy,
    Resolver,
    async_guarded_transport,
    redact_target,
)
from pipeline.retry import TRANSIENT_STATUS, RetryLater, aretrying, retry_after_seconds

log = logging.getLogger(__name__)

USER_AGENT = "news-pipeline-alerts/0.1"


# --- the URL guard --------------------------------------------------------------------

# One policy type for every outbound request (see pipeline/outbound.py); the
# name stays for the rules and the agents that build it.
WebhookPolicy = OutboundPolicy


def check_webhook_url(url: str, policy: WebhookPolicy, *, resolve: bool = False) -> str | None:
    """Why ``url`` may not receive alerts, or None when it may.

    Without ``resolve`` only what the URL itself says is checked (scheme, literal
    addresses, names of this machine, the deny and allow lists): rules load on
    the worker's event loop, which must not wait for DNS. Every delivery
    resolves the name and checks each address before it connects; ``pipeline
    rules check`` resolves too (``resolve=True``).
    """
    problem = policy.check_url(url)
    if problem or not resolve:
        return problem
    parts = urlsplit(url.strip())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        policy.addresses(parts.hostname or "", port)
    except ForbiddenDestination as exc:
        return exc.reason
    except httpcore.ConnectError:
        return None  # not resolvable now: the delivery will say so
    return None


# --- delivery ---------------------------------------------------------------------------


class AlertLike(Protocol):
    """What the dispatcher needs of an alert (``pipeline.alerts.dedup.Alert``)."""

    @property
    def id(self) -> str: ...

    @property
    def version(self) -> int: ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...


@dataclass(frozen=True)
class WebhookFailure:
    """A delivery that was given up: refused, dropped, or out of retries.

    The URL is left out of ``repr``/``str``: for Slack-style receivers the path
    is the secret, so only :attr:`target` (scheme, host, port) is ever shown.
    """

    url: str = field(repr=False)
    alert_id: str
    attempts: int
    error: str
    permanent: bool
    at: float = field(default_factory=time.time)

    @property
    def target(self) -> str:
        """The URL without path or query, which often hold a secret token: safe to log."""
        return redact_target(self.url)

    def __str__(self) -> str:
        return (
            f"webhook {self.target} alert {self.alert_id}: {self.error} "
            f"(after {self.attempts} attempt(s))"
        )


_redact = redact_target


@dataclass(frozen=True)
class _Delivery:
    url: str
    alert_id: str
    body: bytes
    headers: dict[str, str]


class WebhookDispatcher:
    """A bounded queue of webhook deliveries drained by ``concurrency`` tasks."""

    def __init__(
        self,
        *,
        policy: WebhookPolicy | None = None,
        timeout: float = 5.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
        concurrency: int = 4,
        max_queue: int = 1000,
        keep_failures: int = 1000,
        on_failure: Callable[[WebhookFailure], None] | None = None,
        jitter: bool = True,
        client: httpx.AsyncClient | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        if retries < 0 or concurrency < 1 or max_queue < 1:
            raise ValueError("retries >= 0, concurrency >= 1 and max_queue >= 1 are required")
        self.policy = policy if policy is not None else WebhookPolicy()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.concurrency = concurrency
        self.jitter = jitter
        self.on_failure = on_failure
        self.failures: deque[WebhookFailure] = deque(maxlen=keep_failures)
        self.sent = 0
        self.failed = 0
        self.dropped = 0
        self._queue: asyncio.Queue[_Delivery] = asyncio.Queue(maxsize=max_queue)
        self.resolver = resolver
        # URL -> why the guard refused it at delivery: that webhook is skipped
        # (and said so once), the rest of its rule keeps working.
        self.disabled: dict[str, str] = {}
        self._client = client
        self._own_client = client is None
        self._workers: list[asyncio.Task[None]] = []

    # -- the stream side: never blocks --------------------------------------------------

    def dispatch(self, alert: AlertLike, urls: Iterable[str]) -> int:
        """Queue ``alert`` for each URL; return how many were queued. Never waits.

        Must be called from the running event loop (the worker's agent).
        """
        self._ensure_started()
        body = orjson.dumps(alert.model_dump(mode="json"))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Alert-Id": alert.id,
            "X-Alert-Version": str(alert.version),
        }
        queued = 0
        for url in urls:
            problem = self.disabled.get(url) or check_webhook_url(url, self.policy)
            if problem:
                self._fail(url, alert.id, 0, f"refused: {problem}", permanent=True)
                continue
            try:
                self._queue.put_nowait(_Delivery(url, alert.id, body, headers))
                queued += 1
            except asyncio.QueueFull:
                self.dropped += 1
                self._fail(url, alert.id, 0, "dropped: webhook queue is full", permanent=True)
        return queued

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    # -- lifecycle -------------------------------------------------------------------------

    def _ensure_started(self) -> None:
        if self._workers:
            return
        loop = asyncio.get_running_loop()
        self._workers = [
            loop.create_task(self._work(), name=f"webhook-{i}") for i in range(self.concurrency)
        ]

    def _http(self) -> httpx.AsyncClient:
        # Building the client loads the CA bundle (~0.1 s, blocking): done once, in
        # start() when the worker calls it at start-up, else at the first delivery.
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout,
                follow_redirects=False,  # a receiver answers; it does not send us elsewhere
                transport=async_guarded_transport(
                    self.policy, resolver=self.resolver, max_connections=self.concurrency * 2
                ),
                trust_env=False,
            )
        return self._client

    async def start(self) -> None:
        """Create the HTTP client and the delivery tasks (call at worker start-up)."""
        self._http()
        self._ensure_started()

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until every queued delivery has finished; False on timeout."""
        try:
            await asyncio.wait_for(self._queue.join(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 5.0) -> None:
        """Drain for up to ``timeout`` seconds, then stop; what is left is recorded as failed."""
        if self._workers:
            await self.drain(timeout)
            for task in self._workers:
                task.cancel()
            await asyncio.gather(*self._workers, return_exceptions=True)
            self._workers = []
        while not self._queue.empty():
            d = self._queue.get_nowait()
            self._queue.task_done()
            self._fail(d.url, d.alert_id, 0, "dropped: dispatcher closed", permanent=True)
        if self._client is not None and self._own_client:
            await self._client.aclose()
            self._client = None

    # -- the delivery side ----------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            delivery = await self._queue.get()
            try:
                await self._deliver(delivery)
            except asyncio.CancelledError:
                self._fail(
                    delivery.url,
                    delivery.alert_id,
                    0,
                    "cancelled: dispatcher closed mid-delivery",
                    permanent=True,
                )
                raise
            except Exception as exc:  # a delivery bug must not kill the worker
                log.exception("webhook delivery to %s crashed", _redact(delivery.url))
                self._fail(delivery.url, delivery.alert_id, 0, f"crashed: {exc!r}", permanent=True)
            finally:
                self._queue.task_done()

    async def _deliver(self, d: _Delivery) -> None:
        """POST under the one retry policy (pipeline/retry.py): 408/425/429/5xx,
        timeouts and connection errors are retried with jittered backoff, never
        sooner than the receiver's ``Retry-After``; any other answer is final."""
        client = self._http()
        attempts = 0
        try:
            async for attempt in aretrying(
                f"webhook {_redact(d.url)}",
                attempts=self.retries + 1,
                first=self.backoff,
                cap=self.max_backoff,
                jitter=self.jitter,
                level=logging.DEBUG,  # the give-up is logged, and counted, in _fail
            ):
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    await self._post(client, d)
        except ForbiddenDestination as exc:
            if d.url not in self.disabled:
                log.error("webhook %s disabled for alert delivery: %s", _redact(d.url), exc.reason)
            self.disabled[d.url] = exc.reason
            self._fail(d.url, d.alert_id, attempts, f"refused: {exc.reason}", permanent=True)
        except PermanentError as exc:
            self._fail(d.url, d.alert_id, attempts, exc.reason, permanent=True)
        except TransientError as exc:
            self._fail(d.url, d.alert_id, attempts, str(exc), permanent=False)
        else:
            self.sent += 1

    async def _post(self, client: httpx.AsyncClient, d: _Delivery) -> None:
        """One attempt; its failure raised as the taxonomy's type for the policy to read."""
        try:
            resp = await client.post(d.url, content=d.body, headers=d.headers, timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise RetryLater(f"timed out after {self.timeout:g}s ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
        if resp.is_success:
            return
        status = resp.status_code
        if status not in TRANSIENT_STATUS:
            raise PermanentError(f"HTTP {status}", code="webhook_refused")
        after = retry_after_seconds(resp.headers.get("retry-after"))
        raise RetryLater(f"HTTP {status}", status=status, after=after)

    def _fail(self, url: str, alert_id: str, attempts: int, error: str, *, permanent: bool) -> None:
        self.failed += 1
        failure = WebhookFailure(url, alert_id, attempts, error, permanent)
        self.failures.append(failure)
        log.warning(
            "webhook %s for alert %s failed after %d attempt(s): %s",
            failure.target,
            alert_id,
            attempts,
            error,
        )
        if self.on_failure is not None:
            try:
                self.on_failure(failure)
            except Exception:  # a metrics callback must not break delivery
                log.exception("webhook on_failure callback raised")
