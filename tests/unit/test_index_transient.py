"""Which refusals of the search cluster the index stage waits out, and which it does not."""

from __future__ import annotations

import pytest

from pipeline.index.writer import error_types, transient_reason

BLOCK_403 = {
    "type": "cluster_block_exception",
    "reason": "index [x] blocked by: [FORBIDDEN/8/index write (api)];",
}
BLOCK_429 = {
    "type": "cluster_block_exception",
    "reason": "index [x] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage "
    "watermark, index has read-only-allow-delete block];",
}


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (403, BLOCK_403, "cluster_block"),  # index.blocks.write: an operator will lift it
        (429, BLOCK_429, "cluster_block"),  # a full disk: space will be freed
        (429, {"type": "es_rejected_execution_exception"}, "status_429"),
        (500, {"type": "fault_injected"}, "status_5xx"),
        (503, "Service Unavailable", "status_5xx"),
        (408, "Request Timeout", "status_5xx"),
        (0, None, "connection"),
        (400, {"type": "document_parsing_exception"}, None),  # the document itself
        (403, {"type": "security_exception"}, None),  # credentials: not transient
        (404, {"type": "index_not_found_exception"}, None),
    ],
)
def test_transient_reason(status: int, error: object, expected: str | None) -> None:
    assert transient_reason(status, error) == expected


def test_a_whole_request_refusal_is_read_from_its_structure() -> None:
    """A whole bulk refused with a block names it in ``error.type`` or a root cause;
    the text of an unrelated reason that merely mentions the word does not count."""
    whole = {"error": {"type": "x", "root_cause": [BLOCK_403]}, "status": 403}
    assert error_types(whole) == {"x", "cluster_block_exception"}
    assert transient_reason(403, whole) == "cluster_block"
    mention = {"error": {"type": "security_exception", "reason": "cluster_block_exception?"}}
    assert transient_reason(403, mention) is None
    assert "resource_already_exists_exception" in error_types(
        {"error": {"type": "resource_already_exists_exception", "reason": "index [x] exists"}}
    )
