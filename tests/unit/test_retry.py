"""The one retry policy: failures classified by type, only transient ones retried, bounded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiokafka.errors
import elastic_transport
import elasticsearch
import httpx
import kafka.errors
import pytest
from tenacity import RetryCallState, Retrying

from pipeline.errors import FatalError, PermanentError, TransientError
from pipeline.retry import (
    RetryLater,
    WaitPolicy,
    aretrying,
    backoff,
    classify,
    retry_after_seconds,
    retrying,
)


def api_error(status: int) -> elasticsearch.ApiError:
    meta = elastic_transport.ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=elastic_transport.HttpHeaders(),
        duration=0.0,
        node=elastic_transport.NodeConfig("http", "127.0.0.1", 9200),
    )
    return elasticsearch.ApiError("answer", meta, {"error": "x"})


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (PermanentError("bad"), "permanent"),
        (TransientError("later"), "transient"),
        (FatalError("config"), "fatal"),
        (kafka.errors.MessageSizeTooLargeError(), "permanent"),
        (aiokafka.errors.MessageSizeTooLargeError(), "permanent"),
        (aiokafka.errors.RecordTooLargeError(), "permanent"),
        (kafka.errors.KafkaConnectionError(), "transient"),
        (aiokafka.errors.KafkaConnectionError(), "transient"),
        (api_error(429), "transient"),
        (api_error(503), "transient"),
        (api_error(400), "permanent"),
        (api_error(403), "fatal"),
        (elastic_transport.ConnectionError("refused"), "transient"),
        (elastic_transport.ConnectionTimeout("slow"), "transient"),
        (httpx.ConnectError("refused"), "transient"),
        (ConnectionResetError(), "transient"),
        (TimeoutError(), "transient"),
        (PermissionError("a file, not a dependency"), "permanent"),
        (ValueError("a bug or bad input"), "permanent"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v,
)
def test_classify_by_type(exc: BaseException, kind: str) -> None:
    assert classify(exc) == kind


def test_a_size_error_is_permanent_by_type_not_text() -> None:
    """The old check matched repr(exc) text: a subclass with its own text is still too large."""

    class Refused(aiokafka.errors.MessageSizeTooLargeError):
        def __repr__(self) -> str:
            return "Refused()"

    assert classify(Refused()) == "permanent"
    assert classify(RuntimeError("MessageSizeTooLarge")) == "permanent"  # a bug, never retried


def test_transient_failures_are_retried_until_the_attempts_run_out() -> None:
    calls = []

    def call() -> None:
        calls.append(1)
        raise TransientError("down")

    with pytest.raises(TransientError):
        for attempt in retrying("thing", attempts=3, first=0, cap=0):
            with attempt:
                call()
    assert len(calls) == 3


def test_a_transient_failure_that_passes_returns_the_value() -> None:
    answers = iter([ConnectionResetError(), ConnectionResetError(), "ok"])

    def call() -> str:
        a = next(answers)
        if isinstance(a, BaseException):
            raise a
        return a

    got = None
    for attempt in retrying("thing", attempts=5, first=0, cap=0):
        with attempt:
            got = call()
    assert got == "ok"


def test_permanent_and_fatal_failures_are_not_retried() -> None:
    for exc in (PermanentError("bad"), FatalError("config")):
        calls = []
        with pytest.raises(type(exc)):
            for attempt in retrying("thing", attempts=5, first=0, cap=0):
                with attempt:
                    calls.append(1)
                    raise exc
        assert len(calls) == 1


def test_async_retrying_follows_the_same_policy() -> None:
    calls = []

    async def go() -> str:
        async for attempt in aretrying("thing", attempts=4, first=0, cap=0):
            with attempt:
                calls.append(1)
                if len(calls) < 3:
                    raise api_error(429)
                return "indexed"
        raise AssertionError("unreachable")

    assert asyncio.run(go()) == "indexed"
    assert len(calls) == 3


def test_an_unreachable_search_cluster_is_fatal_after_its_attempts(tmp_path: object) -> None:
    from pipeline.index.writer import SearchSink
    from pipeline.settings import Settings
    from pipeline.stack import free_port

    sink = SearchSink(Settings(es_url=f"http://user:secret@127.0.0.1:{free_port()}"))

    async def go() -> None:
        try:
            await sink.setup(attempts=2)
        finally:
            await sink.close()

    with pytest.raises(FatalError) as info:
        asyncio.run(go())
    assert "not reachable after 2 attempts" in str(info.value)
    assert "secret" not in str(info.value)


def wait_after(exc: BaseException, attempt: int, policy: WaitPolicy) -> float:
    """The wait the policy chooses after ``attempt`` failed with ``exc``."""
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    state.set_exception((type(exc), exc, None))
    return policy(state)


def test_backoff_doubles_from_first_and_stops_at_the_cap() -> None:
    assert [backoff(n, first=0.5, cap=4.0) for n in range(1, 7)] == [0.5, 1, 2, 4, 4, 4]
    assert backoff(10_000, first=1.0, cap=300.0) == 300.0  # no overflow after days of failing


def test_a_retry_after_stretches_the_wait_up_to_the_cap() -> None:
    policy = WaitPolicy(first=0.5, cap=10.0)
    assert wait_after(RetryLater("HTTP 429", after=3.0), 1, policy) == 3.0
    assert wait_after(RetryLater("HTTP 429", after=600.0), 1, policy) == 10.0
    assert wait_after(RetryLater("HTTP 503", after=0.1), 3, policy) == 2.0  # backoff is longer
    assert wait_after(RetryLater("HTTP 503"), 2, policy) == 1.0
    assert wait_after(TransientError("down"), 2, policy) == 1.0


def test_jitter_stays_between_half_and_the_whole_delay() -> None:
    policy = WaitPolicy(first=1.0, cap=60.0, jitter=True)
    waits = [wait_after(TransientError("down"), 3, policy) for _ in range(200)]
    assert all(2.0 <= w <= 4.0 for w in waits)
    assert len(set(waits)) > 100  # spread, so callers failing together do not return together
    # a Retry-After is a floor even with jitter
    assert wait_after(RetryLater("HTTP 429", after=5.0), 1, policy) == 5.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("120", 120.0), (" 7 ", 7.0), ("-3", 0.0), ("soon", None), ("", None), (None, None)],
)
def test_retry_after_seconds(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_retry_after_as_an_http_date() -> None:
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    got = retry_after_seconds(when)
    assert got is not None and 80 <= got <= 90
