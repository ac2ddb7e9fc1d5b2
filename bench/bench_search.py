"""Item search: top-1/top-3 category accuracy on our colloquial queries, latency, memory.

python -m bench.bench_search [--json] [--show-misses] [--sets dev,blind_a,...]

The process loads only what search needs (the knowledge base, the index and Kiwi), so its RSS
is the search's memory. Query sets and their role:
- dev: written with the search in view and used to tune it; its figures are optimistic;
- blind_a ... blind_k: written by people who never ran the search (tests/data/README.md);
  each was scored untouched first; a to i were then used to find faults, j and k are held out;
- en: English queries.
Accuracy is reported over all rows and over the rows not marked ambiguous.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from bench.common import current_rss_mb, latency_summary, machine, peak_rss_mb

DATA = Path(__file__).parent.parent / "tests" / "data"
QUERY_SETS = {
    "dev": DATA / "search_queries.tsv",
    **{f"blind_{letter}": DATA / f"search_queries_blind_{letter}.tsv" for letter in "abcdefghijk"},
    "en": DATA / "search_queries_en.tsv",
}


def load_queries(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def run(sets: list[str], show_misses: bool) -> dict[str, object]:
    rss_before = current_rss_mb()
    started = time.perf_counter()
    from wastecoach.recycling.kb.loader import get_knowledge_base
    from wastecoach.recycling.search.index import ItemSearchIndex

    kb = get_knowledge_base()
    index = ItemSearchIndex(kb.items.values())
    report: dict[str, object] = {
        "machine": machine(),
        "items": len(kb.items),
        "index_build_s": round(time.perf_counter() - started, 2),
    }
    for name in sets:
        rows = load_queries(QUERY_SETS[name])
        for row in rows[:20]:  # warm caches so the figures describe steady state
            index.search(row["query"])
        samples: list[float] = []
        counts = {"all": [0, 0, 0], "clear": [0, 0, 0]}  # n, top1, top3
        for row in rows:
            t0 = time.perf_counter()
            hits = index.search(row["query"], limit=3)
            samples.append((time.perf_counter() - t0) * 1000)
            categories = [hit.category(kb.items[hit.item_id]) for hit in hits]
            expected = row["expected_category"]
            top1 = bool(categories) and categories[0] == expected
            top3 = expected in categories
            groups = ["all"] if row["note"].startswith("ambiguous") else ["all", "clear"]
            for group in groups:
                counts[group][0] += 1
                counts[group][1] += top1
                counts[group][2] += top3
            if show_misses and not top1:
                found = f"{hits[0].item_id} ({categories[0]})" if hits else "nothing"
                print(f"{name}\tMISS\t{row['query']}\texpected {expected}\tgot {found}")
        report[name] = {
            group: {"queries": n, "top1": _share(top1, n), "top3": _share(top3, n)}
            for group, (n, top1, top3) in counts.items()
        } | {"latency": latency_summary(samples)}
    report["rss_mb_after"] = current_rss_mb()
    report["rss_mb_index"] = round(current_rss_mb() - rss_before, 1)
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--sets", default=",".join(QUERY_SETS), help="comma-separated: " + ", ".join(QUERY_SETS)
    )
    args = parser.parse_args()
    sets = [name for name in args.sets.split(",") if name]
    unknown = [name for name in sets if name not in QUERY_SETS]
    if unknown:
        parser.error(f"unknown query sets: {', '.join(unknown)}")
    report = run(sets, args.show_misses)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
