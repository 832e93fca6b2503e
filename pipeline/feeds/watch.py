"""A drop folder: ``pipeline feeds watch DIR`` publishes each file dropped into DIR once.

* Only regular files directly in DIR count. Names of files still being made
  are ignored (dotfiles, ``*.part``, ``*.tmp``, ``*.partial``, ``*.crdownload``,
  ``*.filepart``, ``*.swp``, ``~`` backups, ``#...#`` editor files): the safe way to
  drop a file is to write it under such a name and rename it when complete.
  For writers that cannot rename, a file is taken only once its size and
  modification time have stayed the same for ``settle`` seconds over two scans.
* The format is detected from the content (or forced with ``fmt``), exactly as
  ``pipeline produce`` reads files. Rejected articles go to the dead-letter
  topic with the file name and line, like ``produce``.
* After the broker acknowledged everything, the file is moved to ``done/``
  (or to ``rejected/`` when no article in it was usable), with a
  ``NAME.reason`` file beside it that says why, whenever something was refused.
* A file whose content (SHA-256) was published before, under any name, is not
  published again: it goes to ``rejected/`` with a reason naming the first
  file. The hashes are kept durably in sqlite under STATE_DIR.
* When the broker does not acknowledge, the file stays where it is and is tried
  again on a later scan; the order is publish, remember the hash, move, so a
  crash can at worst publish a file twice with the same ids and versions
  (idempotent in the index), never lose one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Item, Parsed, Rejected, check_format, read_bytes

log = logging.getLogger(__name__)

DONE = "done"
REJECTED = "rejected"
TEMP_SUFFIXES = (
    ".part",
    ".partial",
    ".tmp",
    ".temp",
    ".crdownload",
    ".download",
    ".filepart",
    ".swp",
    ".swx",
    ".lock",
    ".reason",
)


def is_temporary(name: str) -> bool:
    """Names that belong to files still being written (or to our own bookkeeping)."""
    lower = name.lower()
    return name.startswith((".", "~", "#")) or name.endswith("~") or lower.endswith(TEMP_SUFFIXES)


@dataclass
class DropOutcome:
    name: str
    outcome: Literal["done", "rejected", "duplicate", "retry"]
    published: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    reason: str | None = None
    moved_to: Path | None = None


class DropStore:
    """Durable content hashes of files already published from a drop folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, timeout=30)
        with self.db:
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS files (folder TEXT NOT NULL, sha256 TEXT NOT NULL, "
                "name TEXT NOT NULL, published INTEGER NOT NULL, moved INTEGER NOT NULL, "
                "at REAL NOT NULL, PRIMARY KEY (folder, sha256))"
            )

    def find(self, folder: str, digest: str) -> tuple[str, int, bool, float] | None:
        row = self.db.execute(
            "SELECT name, published, moved, at FROM files WHERE folder = ? AND sha256 = ?",
            (folder, digest),
        ).fetchone()
        return (row[0], row[1], bool(row[2]), row[3]) if row else None

    def remember(self, folder: str, digest: str, name: str, published: int) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO files (folder, sha256, name, published, moved, at) "
                "VALUES (?, ?, ?, ?, 0, ?)",
                (folder, digest, name, published, time.time()),
            )

    def moved(self, folder: str, digest: str) -> None:
        with self.db:
            self.db.execute(
                "UPDATE files SET moved = 1 WHERE folder = ? AND sha256 = ?", (folder, digest)
            )

    def close(self) -> None:
        self.db.close()


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name`` with ``.1``, ``.2``... before the suffix if taken."""
    target = folder / name
    stem, dot, suffix = name.partition(".")
    n = 1
    while target.exists() or target.with_name(target.name + ".reason").exists():
        target = folder / f"{stem}.{n}{dot}{suffix}" if dot else folder / f"{name}.{n}"
        n += 1
    return target


def _format_reasons(rejected: list[Rejected]) -> str:
    lines = []
    for r in rejected:
        where = f"line/item {r.line}" if r.line else "file"
        lines.append(f"{where}: [{r.code}] {r.reason}")
    return "\n".join(lines)


class DropFolder:
    """Scan a folder and publish finished files; ``scan()`` once, or ``run()`` until stopped."""

    def __init__(
        self,
        root: Path,
        publisher: Publisher,
        store: DropStore,
        *,
        max_article_bytes: int,
        settle: float = 2.0,
        fmt: str = "auto",
    ) -> None:
        self.root = root.resolve()
        self.publisher = publisher
        self.store = store
        self.max_article_bytes = max_article_bytes
        self.settle = settle
        self.fmt = check_format(fmt)
        self.done_dir = self.root / DONE
        self.rejected_dir = self.root / REJECTED
        for d in (self.root, self.done_dir, self.rejected_dir):
            d.mkdir(parents=True, exist_ok=True)
        # path -> (size, mtime_ns, monotonic time that stat was first seen)
        self._stats: dict[Path, tuple[int, int, float]] = {}
        # path -> (monotonic time of the next attempt, failed attempts) after a broker failure
        self._retry: dict[Path, tuple[float, int]] = {}

    # -------------------------------------------------------------- scanning
    def ready_files(self) -> list[Path]:
        """Files whose size and mtime did not change since the last scan, for ``settle`` s."""
        now = time.monotonic()
        ready: list[Path] = []
        present: set[Path] = set()
        for entry in sorted(os.scandir(self.root), key=lambda e: e.name):
            if not entry.is_file(follow_symlinks=False) or is_temporary(entry.name):
                continue
            path = Path(entry.path)
            present.add(path)
            st = entry.stat(follow_symlinks=False)
            prev = self._stats.get(path)
            if prev is None or prev[:2] != (st.st_size, st.st_mtime_ns):
                self._stats[path] = (st.st_size, st.st_mtime_ns, now)
                continue  # new or still changing: look again next scan
            retry_at = self._retry.get(path, (0.0, 0))[0]
            if now - prev[2] >= self.settle and now >= retry_at:
                ready.append(path)
        for gone in set(self._stats) - present:
            del self._stats[gone]
            self._retry.pop(gone, None)
        return ready

    def scan(self) -> list[DropOutcome]:
        """One pass: publish every file that is ready; returns what happened to each."""
        outcomes = []
        for path in self.ready_files():
            try:
                outcome = self.process(path)
            except OSError as exc:  # vanished or unreadable meanwhile: look again later
                log.warning("drop folder: %s: %s", path.name, exc)
                self._stats.pop(path, None)
                continue
            if outcome.outcome == "retry":
                attempts = self._retry.get(path, (0.0, 0))[1] + 1
                backoff = min(2.0**attempts, 300.0)
                self._retry[path] = (time.monotonic() + backoff, attempts)
            else:
                self._stats.pop(path, None)
                self._retry.pop(path, None)
            outcomes.append(outcome)
        return outcomes

    # ------------------------------------------------------------ one file
    def process(self, path: Path) -> DropOutcome:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        folder = str(self.root)
        known = self.store.find(folder, digest)
        if known is not None:
            first_name, published, moved, at = known
            if not moved and first_name == path.name:
                # published before a crash stopped the move: finish the move only
                return self._finish(path, DropOutcome(path.name, "done", published), digest)
            if published:
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
                reason = (
                    f"duplicate: the same content (sha256 {digest[:16]}...) was already "
                    f"published from {first_name!r} at {when}; not published again"
                )
                return self._move(path, DropOutcome(path.name, "duplicate", reason=reason))
        items: list[Item] = list(read_bytes(str(path), raw, self.max_article_bytes, self.fmt))
        report = self.publisher.publish(items)
        if report.failed:
            reason = f"{len(report.failed)} sends not acknowledged: {report.failed[0][1]}"
            log.warning("drop folder: %s stays for a retry: %s", path.name, reason)
            return DropOutcome(path.name, "retry", reason=reason)
        parsed = sum(isinstance(i, Parsed) for i in items)
        outcome = DropOutcome(
            path.name,
            "done" if parsed else "rejected",
            published=report.published,
            rejected=list(report.rejected),
        )
        if report.rejected:
            outcome.reason = _format_reasons(report.rejected)
        if parsed:
            self.store.remember(folder, digest, path.name, report.published)
        return self._finish(path, outcome, digest if parsed else None)

    def _finish(self, path: Path, outcome: DropOutcome, digest: str | None) -> DropOutcome:
        self._move(path, outcome)
        if digest:
            self.store.moved(str(self.root), digest)
        log.info(
            "drop folder: %s -> %s (%d published, %d rejected)",
            path.name,
            outcome.moved_to,
            outcome.published,
            len(outcome.rejected),
        )
        return outcome

    def _move(self, path: Path, outcome: DropOutcome) -> DropOutcome:
        folder = self.done_dir if outcome.outcome == "done" else self.rejected_dir
        target = _free_name(folder, path.name)
        if outcome.reason:
            target.with_name(target.name + ".reason").write_text(outcome.reason + "\n")
        os.replace(path, target)
        outcome.moved_to = target
        if outcome.outcome == "duplicate":
            log.info("drop folder: %s", outcome.reason)
        return outcome

    # ------------------------------------------------------------- the loop
    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        """Scan every ``interval`` seconds until ``stop`` is set."""
        while not stop.is_set():
            self.scan()
            stop.wait(interval)
