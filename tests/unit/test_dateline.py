from __future__ import annotations

import pytest

from pipeline.enrich.dateline import parse_dateline


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("KYIV, May 19 (Northwind Wire) - Ukraine said...", "Kyiv"),
        ("MOSCOW: The Kremlin said...", "Moscow"),
        ("NEW YORK (Harbour Press) -- Stocks rose...", "New York"),
        ("WASHINGTON, D.C. — Officials said...", "Washington, D.C."),
        ("The talks resumed on Monday in Istanbul.", None),
        ("NATO said: allies will meet", None),
    ],
)
def test_dateline(body: str, place: str | None) -> None:
    got, offset = parse_dateline(body)
    assert got == place
    if place:
        assert body[offset:][0].isupper()


def test_mask_keeps_offsets_and_title_cases_place() -> None:
    from pipeline.enrich.dateline import mask_dateline

    body = "ISTANBUL, May 21 (Meridian News) - Delegations met."
    masked = mask_dateline(body)
    assert len(masked) == len(body)
    assert masked.startswith("Istanbul ") and "Meridian" not in masked
    assert masked.endswith("Delegations met.")
    assert mask_dateline("No dateline here.") == "No dateline here."
