"""A small TCP fault proxy for the tests, in toxiproxy's vocabulary.

Production brings faults that stopping a process does not: a broker whose
connections are cut while it keeps running, a search server that answers
slowly, resets one connection in a few, or answers 5xx. The tests put this
proxy between the pipeline and the real local service and switch faults on
and off by method call while the pipeline runs.

Faults (the names are toxiproxy's where it has one):

- ``refuse()``: stop listening; new connections are refused (ECONNREFUSED).
  Connections already open stay open.
- ``timeout()``: a black hole; connections are accepted, nothing is forwarded
  either way and nothing is answered (toxiproxy's ``timeout`` with 0).
- ``reset_peer()``: every open connection is reset (TCP RST) and new ones are
  reset on accept.
- ``cut()``: ``reset_peer`` plus ``refuse``: the service is gone.
- ``latency(seconds)``: each request (HTTP mode) or each chunk sent upstream
  (TCP mode) is held that long first.
- ``reset_every(n)``: one request (HTTP mode) or connection (TCP mode) in n
  is reset instead of forwarded: the first after the call, then every n-th.
- ``http_error(status, every=n)`` (HTTP mode only): one request in n, counted
  the same way, is answered with ``status`` by the proxy, not the server.
- ``bulk_item_error(status, every=n)`` (HTTP mode only): in each Elasticsearch
  ``_bulk`` request, one document in n (counted across requests, the first
  after the call, then every n-th) is taken out before the request goes on
  and answered by the proxy as a failed item with ``status``
  (``es_rejected_execution_exception`` for 429, ``fault_injected`` else), in
  its place in the answer. The server never sees those documents, so they
  are in the index only if the client writes them again.
- ``heal()``: all faults off; listening again.

HTTP mode understands HTTP/1.1 request and response framing (Content-Length
and chunked) so that a fault hits one request on a kept-alive connection,
which is what a client with a connection pool sees. The proxy runs its own
event loop in a daemon thread, so a synchronous test drives it directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
HEAD_LIMIT = 64 * 1024


@dataclass
class Counters:
    connections: int = 0
    requests: int = 0
    forwarded: int = 0
    resets: int = 0
    errors: int = 0
    item_errors: int = 0
    delayed: int = 0
    bytes_up: int = 0  # client -> server, forwarded


class FaultProxy:
    """Proxy ``127.0.0.1:port`` to ``upstream``; see the module docstring for faults."""

    def __init__(self, upstream: tuple[str, int], port: int = 0, http: bool = False) -> None:
        self.upstream = upstream
        self.http = http
        self.port = port
        self.counters = Counters()
        self._latency = 0.0
        self._reset_every = 0
        self._error_status = 0
        self._error_every = 0
        self._item_status = 0
        self._item_every = 0
        self._items_seen = 0
        self._blackhole = False
        self._resetting = False
        self._refusing = False
        self._seen = 0  # requests or connections since the last counting fault was set
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    # ------------------------------------------------------------ lifecycle
    def start(self) -> FaultProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            await self._unlisten()
            for w in list(self._writers):
                _abort(w)

        with contextlib.suppress(Exception):
            self._call(shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    # ------------------------------------------------------------ faults
    def refuse(self) -> None:
        self._refusing = True
        self._call(self._unlisten())

    def timeout(self) -> None:
        self._blackhole = True

    def reset_peer(self) -> None:
        self._resetting = True
        self._call(self._reset_all())

    def cut(self) -> None:
        """The service is gone: open connections reset, new ones refused."""
        self.refuse()
        self.reset_peer()

    def latency(self, seconds: float) -> None:
        self._latency = seconds

    def reset_every(self, n: int) -> None:
        self._reset_every, self._seen = n, 0

    def http_error(self, status: int, every: int = 1) -> None:
        if not self.http:
            raise ValueError("http_error needs a proxy in HTTP mode")
        self._error_status, self._error_every, self._seen = status, every, 0

    def bulk_item_error(self, status: int, every: int = 1) -> None:
        if not self.http:
            raise ValueError("bulk_item_error needs a proxy in HTTP mode")
        self._item_status, self._item_every, self._items_seen = status, every, 0

    def heal(self) -> None:
        self._latency = 0.0
        self._reset_every = self._error_every = self._error_status = 0
        self._item_status = self._item_every = 0
        self._blackhole = self._resetting = False
        if self._refusing:
            self._refusing = False
            self._call(self._listen())

    # ------------------------------------------------------------ internals
    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def _unlisten(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _reset_all(self) -> None:
        for w in list(self._writers):
            _abort(w)
            self.counters.resets += 1

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.counters.connections += 1
        if not self.http:
            self._seen += 1
        n = self._seen - 1
        if self._resetting or (not self.http and self._reset_every and n % self._reset_every == 0):
            self.counters.resets += 1
            _abort(writer)
            return
        self._writers.add(writer)
        up_writer: asyncio.StreamWriter | None = None
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            self._writers.add(up_writer)
            if self.http:
                await self._serve_http(reader, writer, up_reader, up_writer)
            else:
                await asyncio.gather(
                    self._pipe(reader, up_writer, upstream=True),
                    self._pipe(up_reader, writer, upstream=False),
                )
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            for w in (writer, up_writer):
                if w is not None:
                    self._writers.discard(w)
                    _abort(w)

    async def _hold_while_blackholed(self) -> None:
        while self._blackhole:
            await asyncio.sleep(0.05)

    async def _pipe(
        self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, upstream: bool
    ) -> None:
        while True:
            data = await src.read(65536)
            if not data:
                break
            await self._hold_while_blackholed()
            if upstream and self._latency:
                self.counters.delayed += 1
                await asyncio.sleep(self._latency)
            if upstream:
                self.counters.bytes_up += len(data)
            dst.write(data)
            await dst.drain()
        _abort(dst)

    async def _serve_http(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up_reader: asyncio.StreamReader,
        up_writer: asyncio.StreamWriter,
    ) -> None:
        while True:
            try:
                request, method = await _read_request(reader)
            except asyncio.IncompleteReadError:
                return
            self.counters.requests += 1
            self._seen += 1
            n = self._seen - 1
            await self._hold_while_blackholed()
            if self._latency:
                self.counters.delayed += 1
                await asyncio.sleep(self._latency)
            if self._resetting or (self._reset_every and n % self._reset_every == 0):
                self.counters.resets += 1
                return  # the finally in _accept resets both sides
            if self._error_every and n % self._error_every == 0:
                self.counters.errors += 1
                writer.write(_error_response(self._error_status))
                await writer.drain()
                continue
            if (
                self._item_every
                and method in ("POST", "PUT")
                and b"/_bulk" in request.split(b"\r\n", 1)[0]
            ):
                writer.write(await self._bulk_with_item_errors(request, up_reader, up_writer))
                await writer.drain()
                continue
            up_writer.write(request)
            await up_writer.drain()
            writer.write(await _read_response(up_reader, method))
            await writer.drain()
            self.counters.forwarded += 1

    async def _bulk_with_item_errors(
        self, request: bytes, up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter
    ) -> bytes:
        """Forward a ``_bulk`` without every n-th document; answer those as failed items."""
        head, _, body = request.partition(b"\r\n\r\n")
        headers = _headers(head)
        if "chunked" in headers.get("transfer-encoding", "") or headers.get("content-encoding"):
            raise ValueError("bulk_item_error needs a plain bulk body")  # the test fails loudly
        lines = [line for line in body.split(b"\n") if line.strip()]
        kept: list[bytes] = []
        failed: dict[int, dict[str, Any]] = {}  # item position -> its made-up answer
        i = 0
        position = 0
        while i < len(lines):
            action = json.loads(lines[i])
            op = next(iter(action))
            n = 1 if op == "delete" else 2
            n_seen = self._items_seen
            self._items_seen += 1
            if n_seen % self._item_every == 0:
                meta = action[op]
                kind = (
                    "es_rejected_execution_exception"
                    if self._item_status == 429
                    else ("fault_injected")
                )
                failed[position] = {
                    op: {
                        "_index": meta.get("_index"),
                        "_id": meta.get("_id"),
                        "status": self._item_status,
                        "error": {"type": kind, "reason": "fault proxy failed this item"},
                    }
                }
                self.counters.item_errors += 1
            else:
                kept.extend(lines[i : i + n])
            i += n
            position += 1
        answered: list[Any] = []
        out_head = (
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-elastic-product: Elasticsearch"
        )
        if kept:
            new_body = b"\n".join(kept) + b"\n"
            new_head = b"\r\n".join(
                line
                for line in head.split(b"\r\n")
                if not line.lower().startswith(b"content-length:")
            )
            up_writer.write(new_head + f"\r\ncontent-length: {len(new_body)}\r\n\r\n".encode())
            up_writer.write(new_body)
            await up_writer.drain()
            response = await _read_response(up_reader, "POST")
            self.counters.forwarded += 1
            r_head, _, r_body = response.partition(b"\r\n\r\n")
            r_headers = _headers(r_head)
            if "chunked" in r_headers.get("transfer-encoding", ""):
                r_body = _dechunk(r_body)
            if r_headers.get("content-encoding") or int(r_head.split(b" ", 2)[1]) != 200:
                return response  # not a bulk answer to rewrite: pass it on as it is
            answered = json.loads(r_body)["items"]
            out_head = b"\r\n".join(
                line
                for line in r_head.split(b"\r\n")
                if not line.lower().startswith((b"content-length:", b"transfer-encoding:"))
            )
        items = iter(answered)
        merged = [failed[p] if p in failed else next(items) for p in range(position)]
        out = json.dumps({"took": 0, "errors": True, "items": merged}).encode()
        return out_head + f"\r\ncontent-length: {len(out)}\r\n\r\n".encode() + out


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), as a peer that vanished would."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _headers(head: bytes) -> dict[str, str]:
    out = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        out[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return out


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        parts = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            parts.append(size_line)
            size = int(size_line.split(b";")[0].strip(), 16)
            if size == 0:
                while True:  # trailers, up to the empty line
                    line = await reader.readuntil(b"\r\n")
                    parts.append(line)
                    if line == b"\r\n":
                        return b"".join(parts)
            parts.append(await reader.readexactly(size + 2))
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""


async def _read_request(reader: asyncio.StreamReader) -> tuple[bytes, str]:
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > HEAD_LIMIT:
        raise ValueError("request head too large")
    method = head.split(b" ", 1)[0].decode("latin-1")
    return head + await _read_body(reader, _headers(head[:-4])), method


async def _read_response(reader: asyncio.StreamReader, method: str) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return head
    return head + await _read_body(reader, _headers(head[:-4]))


def _dechunk(body: bytes) -> bytes:
    out = []
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            break
        out.append(body[:size])
        body = body[size + 2 :]
    return b"".join(out)


def _error_response(status: int) -> bytes:
    reason = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    body = json.dumps(
        {
            "error": {"type": "fault_injected", "reason": f"fault proxy answered {status}"},
            "status": status,
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body
