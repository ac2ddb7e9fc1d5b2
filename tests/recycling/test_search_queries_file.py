"""Shape checks for the held-out search test sets in tests/data (not the search quality itself)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
HEADER = ["query", "expected_category", "note"]

QUERY_FILES = [
    pytest.param("search_queries.tsv", 260, id="ko"),
    pytest.param("search_queries_blind_a.tsv", 200, id="blind_a"),
    pytest.param("search_queries_blind_b.tsv", 200, id="blind_b"),
    pytest.param("search_queries_blind_c.tsv", 200, id="blind_c"),
    pytest.param("search_queries_blind_d.tsv", 200, id="blind_d"),
    pytest.param("search_queries_blind_e.tsv", 200, id="blind_e"),
    pytest.param("search_queries_blind_f.tsv", 200, id="blind_f"),
    pytest.param("search_queries_blind_g.tsv", 200, id="blind_g"),
    pytest.param("search_queries_blind_h.tsv", 200, id="blind_h"),
    pytest.param("search_queries_blind_i.tsv", 200, id="blind_i"),
    pytest.param("search_queries_blind_j.tsv", 200, id="blind_j"),
    pytest.param("search_queries_blind_k.tsv", 200, id="blind_k"),
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


@pytest.mark.parametrize(
    "name",
    [
        "search_queries.tsv",
        "search_queries_blind_a.tsv",
        "search_queries_blind_b.tsv",
        "search_queries_blind_c.tsv",
        "search_queries_blind_d.tsv",
        "search_queries_blind_e.tsv",
        "search_queries_blind_f.tsv",
        "search_queries_blind_g.tsv",
        "search_queries_blind_h.tsv",
        "search_queries_blind_i.tsv",
        "search_queries_blind_j.tsv",
        "search_queries_blind_k.tsv",
    ],
)
def test_korean_sets_cover_every_official_category(name: str) -> None:
    covered = {row[1] for row in _read_rows(name)[1:]}
    assert set(OFFICIAL_CATEGORIES) <= covered
