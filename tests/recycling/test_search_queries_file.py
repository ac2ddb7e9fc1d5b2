"""Shape checks for the held-out search test sets in tests/data (not the search quality itself)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
HEADER = ["query", "expected_category", "note"]

KOREAN_FILES = ["search_queries.tsv"] + [
    f"search_queries_blind_{letter}.tsv" for letter in "abcdefghijk"
]
QUERY_FILES = [
    *(pytest.param(name, 200, id=name.removesuffix(".tsv")) for name in KOREAN_FILES),
    pytest.param("search_queries_en.tsv", 40, id="en"),
]


def _read_rows(name: str) -> list[list[str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize(("name", "minimum"), QUERY_FILES)
def test_file_has_header_and_enough_rows(name: str, minimum: int) -> None:
    rows = _read_rows(name)
    assert rows[0] == HEADER
    assert len(rows) - 1 >= minimum


@pytest.mark.parametrize(("name", "minimum"), QUERY_FILES)
def test_every_row_has_three_filled_columns(name: str, minimum: int) -> None:
    bad = [
        (line, row)
        for line, row in enumerate(_read_rows(name)[1:], start=2)
        if len(row) != len(HEADER) or not all(cell.strip() for cell in row)
    ]
    assert bad == []


@pytest.mark.parametrize(("name", "minimum"), QUERY_FILES)
def test_queries_are_unique(name: str, minimum: int) -> None:
    queries = [row[0] for row in _read_rows(name)[1:]]
    duplicates = sorted({query for query in queries if queries.count(query) > 1})
    assert duplicates == []


@pytest.mark.parametrize(("name", "minimum"), QUERY_FILES)
def test_expected_categories_are_official(name: str, minimum: int) -> None:
    unknown = sorted({row[1] for row in _read_rows(name)[1:]} - set(OFFICIAL_CATEGORIES))
    assert unknown == []


@pytest.mark.parametrize("name", KOREAN_FILES)
def test_korean_sets_cover_every_official_category(name: str) -> None:
    covered = {row[1] for row in _read_rows(name)[1:]}
    assert set(OFFICIAL_CATEGORIES) <= covered
