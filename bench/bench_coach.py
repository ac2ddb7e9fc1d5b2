"""Grounded coach: latency per item and condition set (target ≤ 10 ms), over the whole KB.

python -m bench.bench_coach [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time

from bench.common import latency_summary, machine

STATES = ("detected", "not_detected", "unknown")
TAGS = ("label_attached", "cap_on", "food_residue", "mixed_materials")


def run() -> dict[str, object]:
    from wastecoach.recycling.service import recycling

    condition_sets = [
        dict(zip(TAGS, combo, strict=True)) for combo in itertools.product(STATES, repeat=4)
    ]
    samples: list[float] = []
    for item_id in recycling.kb.items:
        for lang in ("ko", "en"):
            for conditions in condition_sets[::9]:  # 9 of the 81 combinations per item
                started = time.perf_counter()
                recycling.coach(item_id, conditions, lang)
                samples.append((time.perf_counter() - started) * 1000)
    return {
        "machine": machine(),
        "items": len(recycling.kb.items),
        "latency": latency_summary(samples),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(), ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
