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

from pipeline.agentkit import die
from pipeline.alerts.dedup import Alert
from pipeline.alerts.engine import AlertEngine
from pipeline.alerts.webhooks import WebhookDispatcher, WebhookFailure, WebhookPolicy
from pipeline.errors import FatalError
from pipeline.index.writer import SearchSink
from pipeline.metrics import WEBHOOK_FAILURES
from pipeline.settings import Settings

log = logging.getLogger(__name__)
ALERTS_WITHIN = 0.1


def register(app: Any, topics: Any, settings: Settings) -> None:
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
        # Which webhooks a rule has is looked up from the same rules directory.
        policy = WebhookPolicy.for_webhooks(settings)
        engine = AlertEngine(settings.rules_dir, policy)
        # The configured policy (allow and deny lists) guards each delivery too.
        dispatcher = WebhookDispatcher(policy=policy, on_failure=on_failure)
        await dispatcher.start()
        try:
            async for events in stream.take_events(200, ALERTS_WITHIN):
                engine.reload()
                batch: dict[str, tuple[int, dict[str, Any], Alert]] = {}
                for ev in events:
                    try:
                        alert = Alert.model_validate_json(ev.message.value)
                    except ValueError as exc:
                        log.error("unreadable alert skipped: %s", exc)
                        continue
                    batch[alert.id] = (
                        alert.version,
                        alert.model_dump(mode="json", exclude_none=True),
                        alert,
                    )
                try:
                    res = await sink.write_docs(
                        settings.alerts_index, batch, version_type="external"
                    )
                except FatalError as exc:
                    die(str(exc))
                for alert_id in res.indexed:
                    alert = batch[alert_id][2]
                    rule = next((r for r in engine.index.rules if r.name == alert.rule), None)
                    if rule is not None and rule.webhooks:
                        dispatcher.dispatch(alert, rule.webhooks)
                if res.stale:
                    log.info(
                        "alerts already indexed at this version, not sent again: %s",
                        ", ".join(res.stale[:20]),
                    )
                for _, reason in res.rejected:
                    log.error("alert refused by the index: %s", reason)
        finally:
            await dispatcher.close()
            await sink.close()
