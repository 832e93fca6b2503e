"""Faust agent: alerts -> the ``news-alerts`` index, and webhooks.

Webhooks are dispatched without waiting (a slow or failing receiver never
holds the stream); failures are logged, counted and kept by the dispatcher.

An alert's id is a hash of its rule and story, and each (id, version) is
written once (external versioning, not external_gte): the same alert sent
twice, by a re-delivery or by a route-stage worker that was frozen and woke
up after its successor took over, is refused by the index with a 409 and its
webhooks are not sent a second time. Only an alert the index took sends
webhooks; a worker killed between the two loses that delivery, so receivers
that must not miss one should also read the alerts index. Receivers should
still dedup on (alert id, version).
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from pipeline.agentkit import Send, batches, dead_letter, die, send_confirmed
from pipeline.alerts.webhooks import WebhookDispatcher, WebhookFailure, WebhookPolicy
from pipeline.errors import FatalError
from pipeline.index.writer import SearchSink
from pipeline.metrics import WEBHOOK_FAILURES
from pipeline.route.stage import AlertMessage
from pipeline.settings import Settings
from pipeline.topics import Topics

log = logging.getLogger(__name__)


def register(app: Any, topics: Topics, settings: Settings) -> None:
    def on_failure(failure: WebhookFailure) -> None:
        WEBHOOK_FAILURES.inc()
        log.warning("webhook failed: %s", failure)

    @app.agent(topics.alerts, name=f"{settings.app_id}.alerts")
    async def alerts(stream: Any) -> None:
        sink = SearchSink(settings)
        try:
            await sink.setup_alerts()
        except FatalError as exc:
            die(str(exc))
        # Each alert names its own targets (the route stage matched with them); the
        # configured policy (allow and deny lists) guards each delivery.
        dispatcher = WebhookDispatcher(
            policy=WebhookPolicy.for_webhooks(settings), on_failure=on_failure
        )
        await dispatcher.start()
        try:
            async for events in batches(app, stream, settings.bulk_chunk, settings.stage_within):
                await handle(events, sink, dispatcher)
        finally:
            await dispatcher.close()
            await sink.close()

    async def handle(events: list[Any], sink: SearchSink, dispatcher: WebhookDispatcher) -> None:
        letters: list[Send] = []
        batch: dict[str, tuple[int, dict[str, Any], Any]] = {}
        messages: dict[str, AlertMessage] = {}
        for ev in events:
            try:
                msg = AlertMessage.model_validate_json(ev.message.value or b"")
            except ValidationError as exc:
                reason = f"unreadable alert: {exc.errors()[0]['msg'] if exc.errors() else exc}"
                letters.append(dead_letter(topics.dlq, ev, reason[:500], "bad_alert", "alerts"))
                continue
            alert = msg.alert
            batch[alert.id] = (alert.version, alert.model_dump(mode="json", exclude_none=True), ev)
            messages[alert.id] = msg
        try:
            res = await sink.write_docs(settings.alerts_index, batch, version_type="external")
        except FatalError as exc:
            die(str(exc))
            return
        for alert_id in res.indexed:
            msg = messages[alert_id]
            if msg.webhooks:
                dispatcher.dispatch(msg.alert, msg.webhooks)
        if res.stale:
            log.info(
                "alerts already indexed at this version, not sent again: %s",
                ", ".join(res.stale[:20]),
            )
        for ev, reason in res.rejected:
            letters.append(dead_letter(topics.dlq, ev, reason[:500], "alert_refused", "alerts"))
        if letters:
            await send_confirmed(letters, "alert dead letters")
