"""Item search: top-1/top-3 category accuracy on our held-out colloquial queries, latency, memory.

python -m bench.bench_search [--json] [--show-misses]
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from bench.common import current_rss_mb, latency_summary, machine, peak_rss_mb

QUERY_FILES = {
    "ko": Path(__file__).parent.parent / "tests" / "data" / "search_queries.tsv",
    "en": Path(__file__).parent.parent / "tests" / "data" / "search_queries_en.tsv",
}


def load_queries(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def run(show_misses: bool) -> dict[str, object]:
    rss_before = current_rss_mb()
    started = time.perf_counter()
    from wastecoach.recycling.service import get_search_index, recycling

    index = get_search_index()
    build_s = time.perf_counter() - started
    report: dict[str, object] = {
        "machine": machine(),
        "items": len(recycling.kb.items),
        "index_build_s": round(build_s, 2),
    }
    for lang, path in QUERY_FILES.items():
        rows = load_queries(path)
        for row in rows[:20]:  # warm caches so the figures describe steady state
            index.search(row["query"])
        samples: list[float] = []
        groups = {"clear": [0, 0, 0], "ambiguous": [0, 0, 0]}  # n, top1, top3
        misses = []
        for row in rows:
            t0 = time.perf_counter()
            hits = index.search(row["query"], limit=3)
            samples.append((time.perf_counter() - t0) * 1000)
            categories = [recycling.kb.items[h.item_id].category for h in hits]
            group = groups["ambiguous" if row["note"].startswith("ambiguous") else "clear"]
            group[0] += 1
            top1 = bool(categories) and categories[0] == row["expected_category"]
            group[1] += top1
            group[2] += row["expected_category"] in categories
            if not top1:
                misses.append(
                    (
                        row["query"],
                        row["expected_category"],
                        hits[0].item_id if hits else None,
                        categories[:1],
                    )
                )
        report[lang] = {
            name: {
                "queries": n,
                "top1": round(top1 / n, 4) if n else None,
                "top3": round(top3 / n, 4) if n else None,
            }
            for name, (n, top1, top3) in groups.items()
        } | {"latency": latency_summary(samples)}
        if show_misses:
            for miss in misses:
                print(lang, "MISS", *miss)
    report["rss_mb_after"] = current_rss_mb()
    report["rss_mb_index"] = round(current_rss_mb() - rss_before, 1)
    report["peak_rss_mb"] = peak_rss_mb()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    report = run(args.show_misses)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
