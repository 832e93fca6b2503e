"""A real worker whose ledger misses one finished record once, as a consumer that
passes a record over would (``python -m tests.passover worker``).

``PASSOVER_OFFSET`` names the raw topic's partition 0 offset to leave out the
first time a batch holding it is reported finished. Everything else is the
production worker; the fault lives here, in the test harness, not in the
package.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from pipeline import cli
from pipeline.ledger import OffsetLedger

_finish_events = OffsetLedger.finish_events
_left_out: list[int] = []


def _passing_over(self: OffsetLedger, events: Iterable[Any], now: float) -> None:
    offset = int(os.environ["PASSOVER_OFFSET"])
    events = list(events)
    hit = [
        e
        for e in events
        if e.message.topic.endswith("articles.raw")
        and e.message.partition == 0
        and e.message.offset == offset
    ]
    if hit and not _left_out:
        _left_out.append(offset)
        events = [e for e in events if e not in hit]
    _finish_events(self, events, now)


if __name__ == "__main__":
    OffsetLedger.finish_events = _passing_over  # type: ignore[method-assign]
    cli.main()
