"""Ranked item search over the knowledge base.

Three signals, fused by score (a weighted sum, so how well something matches counts, not only
its rank):
- exact: the query (fillers and endings removed) is a name or alias;
- n-gram: jamo 2/3-grams, how much of an alias the query contains (spacing, typos);
- morphemes: BM25 over kiwipiepy content morphemes (particles and endings dropped), with the
  query's subject (before 은/는/이/가) weighted up, so that
  "치킨뼈는 음식물 쓰레기인가요" is about 치킨뼈.
The reported score is the best alias similarity (1.0 for an exact match), so clients can tell
a confident match from a guess.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from wastecoach.recycling.kb.schema import Item, Variant
from wastecoach.recycling.search.text import (
    Morphology,
    cached_ngrams,
    char_ngrams,
    clean,
    compact,
    decompose,
    english_terms,
    has_hangul,
    strip_fillers,
)
from wastecoach.recycling.search.variants import stated_variant

SUBJECT_WEIGHT = 2.0
SIMILARITY_WEIGHT = 0.75  # share of the alias similarity in the fused score (rest: BM25)
CONTENT_DISCOUNT = 0.85
# Korean noun phrases are head-final ("맥주 병뚜껑" is a cap): an alias holding the subject's last
# noun breaks near-ties in its favour.
HEAD_BONUS = 0.1
MIN_SIMILARITY = 0.15  # below this an alias shares too little with the query to count
MAX_CANDIDATES = 40  # items kept from the n-gram pass; the fused top 5 never reach below it
_BM25_K1, _BM25_B = 1.2, 0.75


@dataclass(frozen=True)
class Hit:
    item_id: str
    score: float  # 0..1: how well the best alias matches
    rank_score: float  # fused score used for ordering
    matched: str  # the alias or name that matched best
    variant: int | None = None  # index into the item's variants when the query states one

    def applied_variant(self, item: Item) -> Variant | None:
        return item.variants[self.variant] if self.variant is not None else None

    def category(self, item: Item) -> str:
        """Where the item goes as the query describes it."""
        variant = self.applied_variant(item)
        return variant.category if variant else item.category


@dataclass(frozen=True)
class _Surface:
    item_id: str
    text: str  # compact (no spaces)


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
        self.exact_en: dict[str, str] = {}
        for item in self.items.values():
            for text in (item.name_en, *item.aliases_en):
                self.exact_en.setdefault(" ".join(english_terms(text)), item.id)
            for text in (item.name, *item.aliases):
                key = compact(text)
                if not key:
                    continue
                self.exact.setdefault(decompose(key), item.id)
                # One syllable ("요", "캔") sits inside too many words to match as a part.
                if len(key) > 1:
                    surfaces.append(_Surface(item.id, key))
        self.surfaces = surfaces
        # The grams themselves are not kept: only which surfaces hold each, and how many each has.
        inverted: dict[str, list[int]] = defaultdict(list)
        gram_counts = []
        for position, surface in enumerate(surfaces):
            grams = char_ngrams(surface.text)
            gram_counts.append(len(grams))
            for gram in grams:
                inverted[gram].append(position)
        self.inverted = {gram: np.array(ids, dtype=np.int32) for gram, ids in inverted.items()}
        self.gram_counts = np.array(gram_counts, dtype=np.float64)
        self.item_order = list(dict.fromkeys(s.item_id for s in surfaces))
        first_surface: dict[str, int] = {}
        for position, surface in enumerate(surfaces):
            first_surface.setdefault(surface.item_id, position)
        self.item_starts = np.array([first_surface[i] for i in self.item_order], dtype=np.intp)

        self.morphology = Morphology(s.text for s in surfaces if len(s.text) <= 12)
        korean_docs: dict[str, list[str]] = {}
        english_docs: dict[str, list[str]] = {}
        for item in self.items.values():
            terms: list[str] = []
            for text in (item.name, *item.aliases):
                terms.extend(self.morphology.terms(clean(text)))
            korean_docs[item.id] = terms
            english_docs[item.id] = (
                english_terms(item.name_en) * 2
                + [term for alias in item.aliases_en for term in english_terms(alias)]
                + english_terms(item.id)
            )
        self.korean_bm25 = _BM25(korean_docs)
        self.english_bm25 = _BM25(english_docs)

    # -- rankers ------------------------------------------------------------------------------

    def _ngram_scores(self, query: str) -> dict[str, tuple[float, str]]:
        grams = cached_ngrams(query)
        postings = [self.inverted[gram] for gram in grams if gram in self.inverted]
        if not postings:
            return {}
        overlap = np.bincount(np.concatenate(postings), minlength=len(self.surfaces))
        similarity = 0.65 * overlap / self.gram_counts + 0.35 * overlap / len(grams)
        # Surfaces are stored grouped by item: the best alias of each item in one pass.
        best = np.maximum.reduceat(similarity, self.item_starts)
        hits = np.flatnonzero(best > MIN_SIMILARITY)
        if len(hits) > MAX_CANDIDATES:
            hits = hits[np.argpartition(-best[hits], MAX_CANDIDATES)[:MAX_CANDIDATES]]
        result: dict[str, tuple[float, str]] = {}
        for index in hits:
            start = self.item_starts[index]
            stop = self.item_starts[index + 1] if index + 1 < len(self.item_starts) else None
            surface = start + int(np.argmax(similarity[start:stop]))
            result[self.item_order[index]] = (float(best[index]), self.surfaces[surface].text)
        return result

    def search(self, query: str, *, limit: int = 5) -> list[Hit]:
        cleaned = clean(query)
        if not cleaned:
            return []
        core = compact(strip_fillers(cleaned))
        exact_id = self.exact.get(decompose(core))
        if not has_hangul(cleaned):
            terms = english_terms(cleaned)
            english = self.english_bm25.score(dict.fromkeys(terms, 1.0))
            if english and exact_id is None:
                return self._english_hits(
                    cleaned, english, limit, self.exact_en.get(" ".join(terms))
                )
        parsed = self.morphology.analyse(cleaned)
        content, subject = parsed.content, parsed.subject
        subject_text = "".join(subject) or core
        content_text = "".join(content) or core
        exact_id = exact_id or self.exact.get(decompose(subject_text))

        similarity = self._ngram_scores(subject_text)
        for item_id, (value, text) in self._ngram_scores(content_text).items():
            discounted = CONTENT_DISCOUNT * value
            if item_id not in similarity or discounted > similarity[item_id][0]:
                similarity[item_id] = (discounted, text)
        if exact_id is not None:
            similarity[exact_id] = (1.0, core)

        weights: dict[str, float] = defaultdict(float)
        for term in content:
            weights[term] += 1.0
        for term in subject:
            weights[term] += SUBJECT_WEIGHT - 1.0
        bm25 = self.korean_bm25.score(weights)
        top_bm25 = max(bm25.values(), default=0.0) or 1.0

        head = decompose(subject[-1]) if subject else ""
        fused = {
            item_id: SIMILARITY_WEIGHT * similarity.get(item_id, (0.0, ""))[0]
            + (1 - SIMILARITY_WEIGHT) * bm25.get(item_id, 0.0) / top_bm25
            + (HEAD_BONUS if head and head in decompose(similarity.get(item_id, (0, ""))[1]) else 0)
            for item_id in similarity.keys() | bm25.keys()
        }
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [
            Hit(
                item_id,
                round(min(similarity.get(item_id, (0.0, ""))[0], 1.0), 4),
                round(rank_score, 6),
                similarity.get(item_id, (0.0, ""))[1],
                stated_variant(self.items[item_id], cleaned),
            )
            for item_id, rank_score in ranked
        ]

    def _english_hits(
        self, query: str, scores: dict[str, float], limit: int, exact_id: str | None
    ) -> list[Hit]:
        top = max(scores.values())
        if exact_id is not None:  # the query is an English name or alias: it comes first
            scores = scores | {exact_id: top * 1.01}
            top = top * 1.01
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:limit]
        return [
            Hit(
                item_id,
                round(min(1.0, score / top) * 0.9, 4),
                score,
                self.items[item_id].name_en,
                stated_variant(self.items[item_id], query),
            )
            for item_id, score in ranked
        ]
