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
