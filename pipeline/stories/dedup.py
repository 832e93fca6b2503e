"""Near-duplicate detection for wire copies: MinHash signatures and a compact LSH index.

A wire story republished by another outlet keeps most of its sentences and
gains a new headline, a trimmed last paragraph or a corrected figure. Word
shingles see that: two copies share most of their k-word runs, two reports of
the same event by different reporters share few. The Jaccard similarity of the
shingle sets is estimated from MinHash signatures (datasketch, ``affine32``
scheme, one shared set of permutations so signatures from different processes
and restarts compare).

Why not :class:`datasketch.MinHashLSH`: it keeps a Python ``set`` and a
``bytes`` key per band per entry, about 3 kB per document; at 100,000
documents in the window that is ~300 MB. The index here stores each band key
as one ``uint64`` in a sorted NumPy array (with a small dict of recent inserts
merged in batches, LSM-style) and each signature as 256 bytes: about 0.5 kB
per document. Candidates from the bands are verified against the full
signature, so a band collision never marks a duplicate by itself.
"""

from __future__ import annotations

import base64
import bisect
import heapq
import logging
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

log = logging.getLogger(__name__)

__all__ = ["DuplicateMatch", "MinHasher", "NearDuplicateIndex", "Signature"]

Signature = npt.NDArray[np.uint32]

_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)
_SEED = 1
# Odd 64-bit multipliers for folding a band's rows into one key.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip


def shingles(text: str, k: int) -> set[bytes]:
    """The set of k-word shingles of ``text``: case-folded words, punctuation ignored."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


class MinHasher:
    """MinHash signatures of word shingles, all made with one set of permutations."""

    def __init__(self, num_perm: int = 64, shingle: int = 4, min_shingles: int = 8) -> None:
        self.num_perm = num_perm
        self.shingle = shingle
        self.min_shingles = min_shingles
        self._template = MinHash(num_perm=num_perm, seed=_SEED, scheme="affine32")

    def signature(self, text: str) -> Signature | None:
        """The signature of ``text``, or ``None`` when it is too short to call a copy."""
        grams = shingles(text, self.shingle)
        if len(grams) < self.min_shingles:
            return None
        m = MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            permutations=self._template.permutations,
            scheme="affine32",
        )
        m.update_batch(sorted(grams))
        return np.asarray(m.hashvalues, dtype=np.uint32)


def estimate_jaccard(a: Signature, b: Signature) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def encode_signature(sig: Signature) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode_signature(text: str) -> Signature:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)


@dataclass(frozen=True)
class DuplicateMatch:
    """The copy a new text repeats: its original (the earliest-published copy), with
    that original's publication time, the story, and the estimated Jaccard."""

    article_id: str
    original_id: str
    story_id: str
    similarity: float
    original_time: float


@dataclass(slots=True)
class _Entry:
    article_id: str
    original_id: str
    story_id: str
    time: float  # publication time: what the match window is measured in
    signature: Signature
    original_time: float
    arrival: float  # stream clock when indexed: what retention is measured in


class NearDuplicateIndex:
    """Banded MinHash LSH over the copies that arrived in the last ``window`` seconds.

    Two windows, kept apart so that arrival order never decides: a copy is
    *retained* for ``window`` seconds of arrival (the caller's stream clock)
    and at most ``max_entries`` copies, but a text *matches* only copies
    published within ``window`` of its own publication time. A backfill of
    old news therefore still finds its copies, and a live article never
    matches an old one.

    ``bands`` x ``rows`` must not exceed the signature length. With 16 bands of
    4 rows a pair at Jaccard 0.5 becomes a candidate with probability 0.64, at
    0.6 with 0.89 and at 0.7 with 0.99; every candidate is then checked on the
    whole signature against ``threshold``.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        bands: int = 16,
        rows: int = 4,
        window: float = 3 * 86400.0,
        merge_every: int = 2048,
        max_entries: int = 500_000,
    ) -> None:
        if rows > len(_MIX):
            raise ValueError(f"at most {len(_MIX)} rows per band")
        self.threshold = threshold
        self.bands = bands
        self.rows = rows
        self.window = window
        self.merge_every = merge_every
        self.max_entries = max_entries
        self._entries: dict[int, _Entry] = {}
        self._by_article: dict[str, int] = {}
        self._next_slot = 0
        # Band keys: a sorted array (with the slot of each key) plus recent inserts.
        self._keys: npt.NDArray[np.uint64] = np.empty(0, dtype=np.uint64)
        self._slots: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._recent: dict[int, list[int]] = {}
        self._recent_count = 0
        self._expiry: list[tuple[float, int]] = []
        # Copies added or changed, and copies forgotten, since the last drain
        # (article ids): what the route stage writes to its table, one record each.
        self._changed: set[str] = set()
        self._gone: set[str] = set()

    def __len__(self) -> int:
        return len(self._entries)

    def band_keys(self, sig: Signature) -> npt.NDArray[np.uint64]:
        """One 64-bit key per band: its rows folded by odd multipliers, the band number mixed in."""
        used = sig[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        with np.errstate(over="ignore"):
            keys: npt.NDArray[np.uint64] = (used * _MIX[: self.rows]).sum(axis=1, dtype=np.uint64)
            keys ^= np.arange(self.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        return keys

    def query(self, sig: Signature, time: float | None = None) -> DuplicateMatch | None:
        """The most similar copy at or above ``threshold`` (the earliest indexed on a tie),
        among those published within ``window`` of ``time`` (all of them if ``None``)."""
        keys = self.band_keys(sig)
        slots: set[int] = set()
        if len(self._keys):
            lo = np.searchsorted(self._keys, keys, side="left")
            hi = np.searchsorted(self._keys, keys, side="right")
            for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
                if b > a:
                    slots.update(self._slots[a:b].tolist())
        for k in keys.tolist():
            slots.update(self._recent.get(k, ()))
        best: tuple[float, int] | None = None
        for slot in sorted(slots):
            entry = self._entries.get(slot)
            if entry is None or (time is not None and abs(entry.time - time) > self.window):
                continue
            sim = estimate_jaccard(sig, entry.signature)
            if sim >= self.threshold and (best is None or sim > best[0]):
                best = (sim, slot)
        if best is None:
            return None
        hit = self._entries[best[1]]
        return DuplicateMatch(
            hit.article_id, hit.original_id, hit.story_id, best[0], hit.original_time
        )

    def add(
        self,
        article_id: str,
        sig: Signature,
        time: float,
        story_id: str,
        original_id: str | None = None,
        original_time: float | None = None,
        arrival: float | None = None,
    ) -> None:
        """Index a copy; a duplicate is indexed too, pointing at its original.

        ``arrival`` is the stream clock now (retention); it defaults to ``time``.
        """
        if article_id in self._by_article:
            return
        slot = self._next_slot
        self._next_slot += 1
        arrived = time if arrival is None else arrival
        self._entries[slot] = _Entry(
            article_id,
            original_id or article_id,
            story_id,
            time,
            sig,
            time if original_time is None else original_time,
            arrived,
        )
        self._by_article[article_id] = slot
        self._changed.add(article_id)
        self._gone.discard(article_id)
        for k in self.band_keys(sig).tolist():
            self._recent.setdefault(k, []).append(slot)
        self._recent_count += 1
        heapq.heappush(self._expiry, (arrived, slot))
        if len(self._entries) > self.max_entries:
            self._evict_oldest()
        if self._recent_count >= self.merge_every:
            self._merge()

    def redirect(self, article_ids: Iterable[str], original_id: str, original_time: float) -> None:
        """Point the copies ``article_ids`` at a new original (an older copy arrived late)."""
        for article_id in article_ids:
            slot = self._by_article.get(article_id)
            if slot is not None:
                entry = self._entries[slot]
                entry.original_id, entry.original_time = original_id, original_time
                self._changed.add(article_id)

    def move(self, article_ids: Iterable[str], story_id: str) -> None:
        """Record that these copies' article now belongs to another story (settling)."""
        for article_id in article_ids:
            slot = self._by_article.get(article_id)
            if slot is not None:
                self._entries[slot].story_id = story_id
                self._changed.add(article_id)

    def original_of(self, article_id: str) -> tuple[str, float] | None:
        """The original an indexed copy points at, with its publication time."""
        slot = self._by_article.get(article_id)
        if slot is None:
            return None
        entry = self._entries[slot]
        return entry.original_id, entry.original_time

    def expire(self, before: float) -> int:
        """Forget copies that arrived before ``before``; returns how many."""
        n = 0
        while self._expiry and self._expiry[0][0] < before:
            n += self._pop_oldest()
        return n

    def _evict_oldest(self) -> None:
        while len(self._entries) > self.max_entries and self._expiry:
            self._pop_oldest()

    def _pop_oldest(self) -> int:
        _, slot = heapq.heappop(self._expiry)
        entry = self._entries.pop(slot, None)
        if entry is None:
            return 0
        self._by_article.pop(entry.article_id, None)
        self._forget(entry.article_id)
        return 1

    def _forget(self, article_id: str) -> None:
        self._changed.discard(article_id)
        self._gone.add(article_id)

    def discard_story(self, story_id: str, article_ids: Iterable[str]) -> None:
        """Forget the copies of a story that has aged out."""
        for article_id in article_ids:
            slot = self._by_article.get(article_id)
            if slot is not None and self._entries[slot].story_id == story_id:
                del self._entries[slot]
                del self._by_article[article_id]
                self._forget(article_id)

    def _merge(self) -> None:
        """Fold recent inserts into the sorted arrays, dropping keys of forgotten slots."""
        new_keys = [k for k, slots in self._recent.items() for _ in slots]
        new_slots = [s for slots in self._recent.values() for s in slots]
        keys = np.concatenate([self._keys, np.array(new_keys, dtype=np.uint64)])
        slots = np.concatenate([self._slots, np.array(new_slots, dtype=np.int64)])
        if len(slots):
            live = np.fromiter(self._entries.keys(), dtype=np.int64, count=len(self._entries))
            keep = np.isin(slots, live)
            keys, slots = keys[keep], slots[keep]
        order = np.argsort(keys, kind="stable")
        self._keys, self._slots = keys[order], slots[order]
        self._recent = {}
        self._recent_count = 0

    # --- persistence ---------------------------------------------------------------

    def entries_of(self, article_ids: Iterable[str]) -> Iterator[dict[str, Any]]:
        """JSON-ready records of the indexed copies among ``article_ids``."""
        for article_id in article_ids:
            slot = self._by_article.get(article_id)
            if slot is None:
                continue
            e = self._entries[slot]
            yield {
                "article_id": e.article_id,
                "original_id": e.original_id,
                "original_time": e.original_time,
                "story_id": e.story_id,
                "time": e.time,
                "arrival": e.arrival,
                "slot": slot,
                "signature": encode_signature(e.signature),
            }

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every indexed copy's record, in slot (arrival) order."""
        slots = sorted(self._entries)
        return self.entries_of(self._entries[s].article_id for s in slots)

    def drain_changes(self) -> tuple[list[dict[str, Any]], set[str]]:
        """Records of the copies added or changed since the last call, and the ids of
        the copies forgotten since then (aged out, or their story gone)."""
        changed = list(self.entries_of(sorted(self._changed)))
        gone = self._gone
        self._changed, self._gone = set(), set()
        return changed, gone

    def restore_copies(self, records: Iterable[dict[str, Any]], live: Container[str]) -> int:
        """Re-index copy records written one per copy (:meth:`drain_changes`); those of a
        story not in ``live`` (its removal was cut short) are forgotten, and
        reported gone at the next drain. Returns how many were re-indexed."""
        keep: list[dict[str, Any]] = []
        for rec in records:
            if not self._readable(rec):
                # a record this code cannot read (damaged, or a layout to come):
                # that copy is forgotten rather than the worker stopping at start
                log.warning("copy record unreadable, skipped: %.200r", rec)
                continue
            if str(rec["story_id"]) in live:
                keep.append(rec)
            elif str(rec["article_id"]) not in self._by_article:  # (an older record has it)
                self._forget(str(rec["article_id"]))
        self.restore_entries(None, keep)
        return len(keep)

    def _readable(self, rec: Any) -> bool:
        try:
            int(rec["slot"]), float(rec["time"]), str(rec["article_id"]), str(rec["story_id"])
            str(rec["original_id"])
            float(rec.get("original_time", 0.0)), float(rec.get("arrival", 0.0))
            sig = decode_signature(str(rec["signature"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return False
        return len(sig) >= self.bands * self.rows

    def restore_entries(
        self, story_id: str | None, records: Iterable[dict[str, Any]], *, changed: bool = False
    ) -> None:
        """Re-index copies from :meth:`entries_of`, keeping their arrival order (slots).

        ``story_id`` overrides the story a record names (records written inside
        their story's own record name none); ``changed`` counts them as changed,
        to be written again at the next drain.
        """
        for rec in records:
            slot = int(rec["slot"])
            if rec["article_id"] in self._by_article or slot in self._entries:
                continue
            sig = decode_signature(str(rec["signature"]))
            t = float(rec["time"])
            # Records written before arrival times were kept: publication time stands in.
            entry = _Entry(
                str(rec["article_id"]),
                str(rec["original_id"]),
                str(rec["story_id"]) if story_id is None else story_id,
                t,
                sig,
                float(rec.get("original_time", t)),
                float(rec.get("arrival", t)),
            )
            self._entries[slot] = entry
            self._by_article[entry.article_id] = slot
            if changed:
                self._changed.add(entry.article_id)
            self._next_slot = max(self._next_slot, slot + 1)
            for k in self.band_keys(sig).tolist():
                bisect.insort(self._recent.setdefault(k, []), slot)
            self._recent_count += 1
            heapq.heappush(self._expiry, (entry.arrival, slot))
        if self._recent_count >= self.merge_every:
            self._merge()
