"""Ranked item search over the knowledge base.

Three rankers, fused by reciprocal rank:
- exact: the query (fillers and endings removed) is an item's name or alias;
- n-gram: jamo 2/3-grams, how much of an alias the query contains (spacing, typos);
- morphemes: BM25 over kiwipiepy content morphemes (particles and endings dropped), with the
  query's subject (before 은/는/이/가) weighted up, so "치킨뼈는 음식물 쓰레기인가요" is about 치킨뼈.
The reported score is the best alias similarity (1.0 for an exact match), so clients can tell
a confident match from a guess.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wastecoach.recycling.kb.schema import Item
from wastecoach.recycling.search.text import (
    Morphology,
    cached_ngrams,
    clean,
    compact,
    english_terms,
    strip_fillers,
)

RRF_K = 20
SUBJECT_WEIGHT = 2.0
_BM25_K1, _BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class Hit:
    item_id: str
    score: float  # 0..1: how well the best alias matches
    rank_score: float  # fused reciprocal-rank score used for ordering
    matched: str  # the alias or name that matched best


@dataclass(frozen=True)
class _Surface:
    item_id: str
    text: str  # compact (no spaces)
    grams: frozenset[str]


class _BM25:
    def __init__(self, documents: dict[str, list[str]]) -> None:
        self.doc_terms = {doc: Counter(terms) for doc, terms in documents.items()}
        self.doc_len = {doc: sum(counts.values()) for doc, counts in self.doc_terms.items()}
        self.avg_len = (sum(self.doc_len.values()) / len(self.doc_len)) if self.doc_len else 1.0
        postings: dict[str, list[str]] = defaultdict(list)
        for doc, counts in self.doc_terms.items():
            for term in counts:
                postings[term].append(doc)
        self.postings = dict(postings)
        n = max(len(documents), 1)
        self.idf = {
            term: math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in self.postings.items()
        }

    def score(self, weighted_terms: dict[str, float]) -> dict[str, float]:
        scores: dict[str, float] = defaultdict(float)
        for term, weight in weighted_terms.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            for doc in self.postings[term]:
                tf = self.doc_terms[doc][term]
                norm = tf + _BM25_K1 * (1 - _BM25_B + _BM25_B * self.doc_len[doc] / self.avg_len)
                scores[doc] += weight * idf * tf * (_BM25_K1 + 1) / norm
        return scores


class ItemSearchIndex:
    def __init__(self, items: Iterable[Item]) -> None:
        self.items = {item.id: item for item in items}
        surfaces: list[_Surface] = []
        self.exact: dict[str, str] = {}
        for item in self.items.values():
            for text in (item.name, *item.aliases):
                key = compact(text)
                if not key:
                    continue
                self.exact.setdefault(key, item.id)
                surfaces.append(_Surface(item.id, key, cached_ngrams(key)))
        self.surfaces = surfaces
        inverted: dict[str, list[int]] = defaultdict(list)
        for position, surface in enumerate(surfaces):
            for gram in surface.grams:
                inverted[gram].append(position)
        self.inverted = dict(inverted)

        self.morphology = Morphology(key for key in self.exact if len(key) <= 12)
        korean_docs: dict[str, list[str]] = {}
        english_docs: dict[str, list[str]] = {}
        for item in self.items.values():
            terms: list[str] = []
            for text in (item.name, *item.aliases):
                content, _ = self.morphology.analyse(clean(text))
                terms.extend(content)
            korean_docs[item.id] = terms
            english_docs[item.id] = english_terms(item.name_en) * 2 + english_terms(item.id)
        self.korean_bm25 = _BM25(korean_docs)
        self.english_bm25 = _BM25(english_docs)

    # -- rankers ------------------------------------------------------------------------------

    def _ngram_scores(self, query: str) -> dict[str, tuple[float, str]]:
        grams = cached_ngrams(query)
        if not grams:
            return {}
        overlap: Counter[int] = Counter()
        for gram in grams:
            for position in self.inverted.get(gram, ()):
                overlap[position] += 1
        best: dict[str, tuple[float, str]] = {}
        for position, shared in overlap.items():
            surface = self.surfaces[position]
            containment = shared / len(surface.grams)
            coverage = shared / len(grams)
            similarity = 0.65 * containment + 0.35 * coverage
            current = best.get(surface.item_id)
            if current is None or similarity > current[0]:
                best[surface.item_id] = (similarity, surface.text)
        return best

    def search(self, query: str, *, limit: int = 5) -> list[Hit]:
        cleaned = clean(query)
        if not cleaned:
            return []
        core = compact(strip_fillers(cleaned))
        content, subject = self.morphology.analyse(cleaned)
        subject_text = "".join(subject) or core
        content_text = "".join(content) or core

        exact_id = self.exact.get(core) or self.exact.get(subject_text)
        ngram = self._ngram_scores(subject_text)
        for item_id, (similarity, text) in self._ngram_scores(content_text).items():
            discounted = 0.85 * similarity
            if item_id not in ngram or discounted > ngram[item_id][0]:
                ngram[item_id] = (discounted, text)
        weights: dict[str, float] = defaultdict(float)
        for term in content:
            weights[term] += 1.0
        for term in subject:
            weights[term] += SUBJECT_WEIGHT - 1.0
        bm25 = self.korean_bm25.score(weights)
        english = self.english_bm25.score(dict.fromkeys(english_terms(cleaned), 1.0))

        rankings: list[tuple[float, list[str]]] = [
            (2.0, [exact_id] if exact_id else []),
            (1.0, _ranked({item_id: value[0] for item_id, value in ngram.items()})),
            (0.6, _ranked(bm25)),
            (0.8, _ranked(english)),
        ]
        fused: dict[str, float] = defaultdict(float)
        for weight, ranking in rankings:
            for rank, item_id in enumerate(ranking[:50]):
                fused[item_id] += weight / (RRF_K + rank + 1)

        top_english = max(english.values(), default=0.0)
        hits = []
        for item_id, rank_score in sorted(fused.items(), key=lambda kv: -kv[1])[:limit]:
            similarity, matched = ngram.get(item_id, (0.0, ""))
            if item_id == exact_id:
                similarity, matched = 1.0, core
            elif top_english and item_id in english:
                similarity = max(similarity, min(1.0, english[item_id] / top_english) * 0.9)
                matched = matched or self.items[item_id].name_en
            hits.append(Hit(item_id, round(min(similarity, 1.0), 4), rank_score, matched))
        return hits


def _ranked(scores: dict[str, float]) -> list[str]:
    return [item_id for item_id, _ in sorted(scores.items(), key=lambda kv: -kv[1])]
