"""Search quality must not slip below what was measured (bench/bench_search.py prints figures).

Floors sit a little under the figures measured on 2026-11-26 (docs/benchmarks.md), after each
set had been used to find faults; the held-out figures are in tests/data/README.md.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wastecoach.recycling.service import get_search_index, recycling

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("search_queries.tsv", 0.97),
        ("search_queries_blind_a.tsv", 0.97),
        ("search_queries_blind_b.tsv", 0.95),
        ("search_queries_blind_c.tsv", 0.95),
        ("search_queries_blind_d.tsv", 0.94),
        ("search_queries_blind_e.tsv", 0.96),
        ("search_queries_blind_f.tsv", 0.93),
        ("search_queries_blind_g.tsv", 0.95),
        ("search_queries_blind_h.tsv", 0.96),
        ("search_queries_blind_i.tsv", 0.93),
        ("search_queries_blind_j.tsv", 0.97),
        ("search_queries_blind_k.tsv", 0.93),
        ("search_queries_en.tsv", 0.97),
    ],
)
def test_top1_category_accuracy_stays_above_its_floor(name: str, floor: float) -> None:
    index = get_search_index()
    with (DATA / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    right = 0
    for row in rows:
        hits = index.search(row["query"], limit=1)
        right += bool(hits) and (
            hits[0].category(recycling.kb.items[hits[0].item_id]) == row["expected_category"]
        )
    assert right / len(rows) >= floor
