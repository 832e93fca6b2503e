"""Rules, index and dedup together, with hot reload: what the stream calls per article.

Reload is all-or-nothing: when any rule file in the directory has a problem,
the problems are logged and the rules already active stay active, so a typo
saved in one file never silences the others.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.alerts.dedup import Alert, Deduper
from pipeline.alerts.matcher import RuleIndex
from pipeline.alerts.rules import RuleError, load_rules, rule_files
from pipeline.alerts.webhooks import WebhookPolicy
from pipeline.record import Article

log = logging.getLogger(__name__)


@dataclass
class Fired:
    alert: Alert
    webhooks: tuple[str, ...]


@dataclass
class AlertEngine:
    rules_dir: Path | None
    policy: WebhookPolicy
    store: MutableMapping[str, dict[str, Any]] = field(default_factory=dict)
    index: RuleIndex = field(init=False)
    deduper: Deduper = field(init=False)
    errors: list[RuleError] = field(default_factory=list)
    _stamp: tuple[tuple[str, float, int], ...] = ()

    def __post_init__(self) -> None:
        self.index = RuleIndex([])
        self.deduper = Deduper(self.store)
        self.reload(force=True)

    def _files_stamp(self) -> tuple[tuple[str, float, int], ...]:
        if self.rules_dir is None or not self.rules_dir.is_dir():
            return ()
        out = []
        for p in rule_files(self.rules_dir):
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((p.name, st.st_mtime, st.st_size))
        return tuple(out)

    def reload(self, force: bool = False) -> bool:
        """Re-read the rules when files changed; True when new rules became active."""
        if self.rules_dir is None:
            return False
        stamp = self._files_stamp()
        if not force and stamp == self._stamp:
            return False
        self._stamp = stamp
        rules, errors = load_rules(self.rules_dir, self.policy)
        self.errors = errors
        for w in (e for e in errors if e.warning):
            log.warning("rule loaded with a problem: %s", w)
        errors = [e for e in errors if not e.warning]
        if errors:
            for e in errors:
                log.error("rule refused: %s", e)
            if not force:
                log.error(
                    "rules not reloaded; the %d rules already active stay active",
                    len(self.index.rules),
                )
                return False
        self.index = RuleIndex(rules)
        log.info("%d alert rules active from %s", len(rules), self.rules_dir)
        return True

    def process(self, article: Article, now: datetime | None = None) -> list[Fired]:
        fired: list[Fired] = []
        for m in self.index.match(article):
            alert = self.deduper.process(m, now)
            if alert is not None:
                fired.append(Fired(alert, tuple(m.rule.webhooks)))
        return fired

    @property
    def rule_count(self) -> int:
        return len(self.index.rules)
