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
* A file is claimed before it is read: renamed into ``processing/``, so a
  writer that replaces it under the same name meanwhile makes a new file (read
  on a later scan) and never changes what is being published. It is opened
  without following links and checked with ``fstat`` before a byte is read:
  anything over ``max_file_bytes`` (``WATCH_MAX_FILE_BYTES``), a symbolic link,
  a directory, a pipe or an unreadable file goes to ``rejected/`` with its
  ``.reason`` (or, if it cannot even be moved, keeps a ``.reason`` beside it).
  No exception from one file stops the scan of the others.
* After the broker acknowledged everything, the file is moved to ``done/``
  (or to ``rejected/`` when no article in it was usable), with a
  ``NAME.reason`` file beside it that says why, whenever something was refused.
* A file whose content (SHA-256) was published before, under any name, is not
  published again: it goes to ``rejected/`` with a reason naming the first
  file. The hashes are kept durably in sqlite under STATE_DIR.
* When the broker does not acknowledge, the file stays in ``processing/`` and is
  tried again on a later scan (also after a restart); the order is publish, remember the hash, move, so a
  crash can at worst publish a file twice with the same ids and versions
  (idempotent in the index), never lose one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kafka.errors import KafkaError

from pipeline.feeds.producer import Publisher
from pipeline.feeds.readers import Item, Parsed, Rejected, check_format, read_bytes
from pipeline.retry import backoff, is_transient

log = logging.getLogger(__name__)

DONE = "done"
REJECTED = "rejected"
PROCESSING = "processing"
MAX_FILE_BYTES = 64 * 1024 * 1024
RETRY_CAP = 300.0  # seconds: the longest a claimed file waits for its next try
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


def _kind(mode: int) -> str | None:
    """What a non-regular directory entry is, in words (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link (links are never followed)"
    if stat.S_ISDIR(mode):
        return "a directory (only files directly in the folder are read)"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "a device or other special file, not a regular file"


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
        max_file_bytes: int = MAX_FILE_BYTES,
    ) -> None:
        self.root = root.resolve()
        self.publisher = publisher
        self.store = store
        self.max_article_bytes = max_article_bytes
        self.max_file_bytes = max_file_bytes
        self.settle = settle
        self.fmt = check_format(fmt)
        self.done_dir = self.root / DONE
        self.rejected_dir = self.root / REJECTED
        self.processing_dir = self.root / PROCESSING
        for d in (self.root, self.done_dir, self.rejected_dir, self.processing_dir):
            d.mkdir(parents=True, exist_ok=True)
        self._own = {DONE, REJECTED, PROCESSING}
        # path -> (size, mtime_ns, monotonic time that stat was first seen)
        self._stats: dict[Path, tuple[int, int, float]] = {}
        # path -> (monotonic time of the next attempt, failed attempts) after a broker failure
        self._retry: dict[Path, tuple[float, int]] = {}
        # entries that could not even be moved: reason written beside them, not retried
        self._stuck: dict[Path, str] = {}

    # -------------------------------------------------------------- scanning
    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            log.error("drop folder: cannot list %s: %s", folder, exc)
            return []

    def ready_files(self) -> list[Path]:
        """Entries whose size and mtime did not change for ``settle`` s: files in the
        folder (and anything that is not a regular file, to be set aside), and
        files claimed before (``processing/``) whose turn has come."""
        now = time.monotonic()
        ready: list[Path] = []
        present: set[Path] = set()
        candidates = [
            e
            for e in self._entries(self.root)
            if e.name not in self._own and not is_temporary(e.name)
        ]
        candidates += [e for e in self._entries(self.processing_dir) if not is_temporary(e.name)]
        for entry in candidates:
            path = Path(entry.path)
            if path in self._stuck:
                continue
            present.add(path)
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished meanwhile
            if not stat.S_ISREG(st.st_mode):
                ready.append(path)  # nothing to wait for: set it aside with a reason
                continue
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
        """One pass: publish every file that is ready; returns what happened to each.

        Nothing one entry does (raise, vanish, refuse to be read) stops the scan
        of the others.
        """
        outcomes = []
        for path in self.ready_files():
            try:
                outcome = self.process(path)
            except Exception as exc:  # a bug or an unforeseen error: this file only
                log.exception("drop folder: %s failed", path.name)
                outcome = self._set_aside(path, f"internal error: {type(exc).__name__}: {exc}")
            if outcome is None:
                self._stats.pop(path, None)
                continue
            if outcome.outcome == "retry":
                # A schedule, not a retry loop: the scan goes on with the other
                # files and this one's turn is put off by the policy's spacing
                # (pipeline.retry.backoff: 2 s, 4 s ... up to 5 min), never waited for.
                claimed = outcome.moved_to or path
                attempts = self._retry.get(claimed, (0.0, 0))[1] + 1
                wait = backoff(attempts + 1, first=1.0, cap=RETRY_CAP)
                self._retry[claimed] = (time.monotonic() + wait, attempts)
                st = claimed.stat() if claimed.exists() else None
                if st is not None:  # claimed: already settled, no need to wait again
                    self._stats[claimed] = (st.st_size, st.st_mtime_ns, 0.0)
            else:
                self._retry.pop(path, None)
            self._stats.pop(path, None)
            outcomes.append(outcome)
        return outcomes

    # ------------------------------------------------------------ one file
    def _claim(self, path: Path) -> Path | None:
        """Move a file of the folder into ``processing/`` before reading it, so a
        writer replacing it under the same name meanwhile makes a new file, never
        changes the one being published. None when it vanished."""
        if path.parent == self.processing_dir:
            return path
        target = _free_name(self.processing_dir, path.name)
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None
        return target

    def process(self, path: Path) -> DropOutcome | None:
        """Claim, check and publish one entry; None when it vanished before the claim."""
        name = path.name
        try:
            kind = _kind(os.lstat(path).st_mode)
        except FileNotFoundError:
            return None
        if kind is not None:
            return self._set_aside(path, f"not read: {kind}")
        claimed = self._claim(path)
        if claimed is None:
            return None
        try:
            return self._process_claimed(claimed, name)
        except Exception as exc:  # a bug or an unforeseen error: set this file aside
            log.exception("drop folder: %s failed", name)
            return self._set_aside(claimed, f"internal error: {type(exc).__name__}: {exc}", name)

    def _process_claimed(self, claimed: Path, name: str) -> DropOutcome:
        shown = str(self.root / name)  # where the publisher put it: the name in letters
        try:
            raw = self._read(claimed)
        except _Refused as exc:
            return self._set_aside(claimed, exc.reason, name)
        except _Changing:
            log.info("drop folder: %s changed while read; read again later", name)
            return DropOutcome(name, "retry", reason="changed while read", moved_to=claimed)
        digest = hashlib.sha256(raw).hexdigest()
        folder = str(self.root)
        known = self.store.find(folder, digest)
        if known is not None:
            first_name, published, moved, at = known
            if not moved and first_name == name:
                # published before a crash stopped the move: finish the move only
                outcome = DropOutcome(name, "done", published)
                return self._finish(claimed, outcome, digest)
            if published:
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
                reason = (
                    f"duplicate: the same content (sha256 {digest[:16]}...) was already "
                    f"published from {first_name!r} at {when}; not published again"
                )
                return self._move(claimed, DropOutcome(name, "duplicate", reason=reason))
        try:
            items: list[Item] = list(read_bytes(shown, raw, self.max_article_bytes, self.fmt))
        except Exception as exc:  # noqa: BLE001 - a reader bug rejects this file only
            return self._set_aside(claimed, f"unreadable: {type(exc).__name__}: {exc}"[:1000], name)
        try:
            report = self.publisher.publish(items)
        except KafkaError as exc:
            # The one classification (pipeline/retry.py): only what can never pass
            # (a record too large) sets the file aside; the rest waits for a retry.
            if is_transient(exc):
                reason = f"broker error: {type(exc).__name__}: {exc}"
                log.warning("drop folder: %s stays for a retry: %s", name, reason)
                return DropOutcome(name, "retry", reason=reason, moved_to=claimed)
            return self._set_aside(
                claimed,
                f"refused by the broker ({type(exc).__name__}: {exc}); articles before "
                "it in the file may have been published",
                name,
            )
        if report.failed:
            reason = f"{len(report.failed)} sends not acknowledged: {report.failed[0][1]}"
            log.warning("drop folder: %s stays for a retry: %s", name, reason)
            return DropOutcome(name, "retry", reason=reason, moved_to=claimed)
        parsed = sum(isinstance(i, Parsed) for i in items)
        outcome = DropOutcome(
            name,
            "done" if parsed else "rejected",
            published=report.published,
            rejected=list(report.rejected),
        )
        if report.rejected:
            outcome.reason = _format_reasons(report.rejected)
        if parsed:
            self.store.remember(folder, digest, name, report.published)
        return self._finish(claimed, outcome, digest if parsed else None)

    def _read(self, path: Path) -> bytes:
        """The claimed file's bytes: never a link, a pipe or more than the limit."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _Refused("not read: a symbolic link (links are never followed)") from None
            raise _Refused(f"cannot read: {exc.strerror or exc}") from None
        with os.fdopen(fd, "rb") as f:
            before = os.fstat(fd)
            kind = _kind(before.st_mode)
            if kind is not None:
                raise _Refused(f"not read: {kind}")
            if before.st_size > self.max_file_bytes:
                raise _Refused(
                    f"too large: {before.st_size} bytes, over WATCH_MAX_FILE_BYTES "
                    f"({self.max_file_bytes}); not read"
                )
            try:
                raw = f.read(self.max_file_bytes + 1)
            except OSError as exc:
                raise _Refused(f"cannot read: {exc.strerror or exc}") from None
            if len(raw) > self.max_file_bytes:
                raise _Refused(f"too large: over WATCH_MAX_FILE_BYTES ({self.max_file_bytes})")
            after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
            raise _Changing()
        return raw

    def _set_aside(self, path: Path, reason: str, name: str | None = None) -> DropOutcome:
        """Move an entry to ``rejected/`` with its reason; if even that fails, leave it
        with a ``.reason`` beside it and stop looking at it."""
        outcome = DropOutcome(name or path.name, "rejected", reason=reason)
        try:
            return self._move(path, outcome)
        except OSError as exc:
            note = f"{reason}\n(could not be moved to {REJECTED}/: {exc.strerror or exc})"
            log.error("drop folder: %s: %s", path.name, note)
            with contextlib.suppress(OSError):
                path.with_name(path.name + ".reason").write_text(note + "\n")
            self._stuck[path] = note
            outcome.moved_to = path
            return outcome

    def _finish(self, path: Path, outcome: DropOutcome, digest: str | None) -> DropOutcome:
        self._move(path, outcome)
        if digest:
            self.store.moved(str(self.root), digest)
        log.info(
            "drop folder: %s -> %s (%d published, %d rejected)",
            outcome.name,
            outcome.moved_to,
            outcome.published,
            len(outcome.rejected),
        )
        return outcome

    def _move(self, path: Path, outcome: DropOutcome) -> DropOutcome:
        folder = self.done_dir if outcome.outcome == "done" else self.rejected_dir
        target = _free_name(folder, outcome.name)
        if outcome.reason:
            target.with_name(target.name + ".reason").write_text(outcome.reason + "\n")
        os.replace(path, target)
        outcome.moved_to = target
        if outcome.outcome == "duplicate":
            log.info("drop folder: %s", outcome.reason)
        elif outcome.outcome == "rejected" and not outcome.rejected:
            log.warning("drop folder: %s -> %s: %s", outcome.name, target, outcome.reason)
        return outcome

    # ------------------------------------------------------------- the loop
    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        """Scan every ``interval`` seconds until ``stop`` is set."""
        while not stop.is_set():
            try:
                self.scan()
            except Exception:  # the loop outlives any one scan
                log.exception("drop folder: scan failed")
            stop.wait(interval)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Changing(Exception):
    """The file changed while it was read: a writer still has it open."""
