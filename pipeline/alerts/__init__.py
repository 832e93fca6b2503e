"""Alert rules: fire the moment a tracked entity or term shows up in the stream.

The worker's path, all pure logic (no broker needed):

1. ``rules.load_rules(dir, policy)`` -> good rules and a ``RuleError`` list to log;
2. ``matcher.RuleIndex(rules).match(article)`` -> a ``Match`` per rule that fires;
3. ``dedup.Deduper(store).process(match)`` -> an ``Alert`` to publish, or None;
4. ``webhooks.WebhookDispatcher.dispatch(alert, rule.webhooks)`` -> queued, never waits.

``terms`` holds what the loader and the matcher share (folded words, the condition
tree, covers), below both. ``pipeline rules check DIR`` is the rule checker. The
format is in docs/alerts.md.
"""
