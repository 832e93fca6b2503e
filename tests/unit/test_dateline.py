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
    assert masked.startswith("Istanbul.\n ") and "Meridian" not in masked
    assert masked.endswith("Delegations met.")
    assert mask_dateline("No dateline here.") == "No dateline here."


@pytest.mark.parametrize(
    ("body", "start"),
    [
        # the place ends a sentence of its own, so the model cannot read it and the
        # story's first words as one name ("Lisbon Portugal", "London Oil")
        ("LISBON, May 19 (Harbour Press) - Portugal and Spain issued warnings.", "Lisbon.\n "),
        ("LONDON (Meridian News) - Oil fell on Monday.", "London.\n "),
        # a region keeps its comma
        ("TROMSO, Norway, May 22 (Baltic Ledger) - A team said...", "Tromso, Norway.\n "),
        ("BERGEN, Norway: A ferry ran aground.", "Bergen, Norway.\n"),
        # a place that ends with a full stop gets only the line break
        ("WASHINGTON, D.C. — Officials said...", "Washington, D.C.\n "),
    ],
)
def test_mask_closes_the_place_as_a_sentence(body: str, start: str) -> None:
    from pipeline.enrich.dateline import mask_dateline

    masked = mask_dateline(body)
    assert len(masked) == len(body)
    assert masked.startswith(start)
    offset = parse_dateline(body)[1]
    assert masked[offset:] == body[offset:]
    assert masked[len(start) : offset].strip() == ""
