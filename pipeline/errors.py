"""The error taxonomy every stage follows.

* ``PermanentError``: the input itself is bad. Retrying cannot help; the article
  goes to the dead-letter topic at once with the reason.
* ``TransientError``: the world is briefly unwell (broker or search down, 429).
  Retry with bounded backoff; while retrying, consumption pauses.
* ``FatalError``: the configuration or the environment is wrong. Stop loudly.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class PermanentError(PipelineError):
    """Bad input: dead-letter it with ``reason``; never retry."""

    def __init__(self, reason: str, *, code: str = "invalid") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class TransientError(PipelineError):
    """A dependency is briefly unavailable: retry with backoff."""


class FatalError(PipelineError):
    """Misconfiguration or an unusable environment: stop the process."""
