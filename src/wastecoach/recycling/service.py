"""Logic of the recycling service: the knowledge base, item search and district schedules.

Other services use it through the ``recycling`` singleton (``recycling_service``) and the
schemas in ``schemas.py``; nothing outside this package touches its tables.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wastecoach.core.i18n import Lang
from wastecoach.core.security import Principal
from wastecoach.recycling.coach import grounded
from wastecoach.recycling.exceptions import (
    CategoryNotFound,
    DistrictRequired,
    EmptyQuery,
    ItemNotFound,
    ScheduleNotFound,
)
from wastecoach.recycling.kb.loader import KnowledgeBase, get_knowledge_base
from wastecoach.recycling.kb.schema import Item, Variant
from wastecoach.recycling.repository import SearchMissRepository
from wastecoach.recycling.schedules import service as schedules
from wastecoach.recycling.schemas import (
    AskIn,
    AskResponse,
    CategoryRead,
    CategorySummary,
    Coaching,
    DepositRead,
    ItemRead,
    ItemSummary,
    PartRead,
    PrinciplesRead,
    ScheduleResponse,
    SearchMissRead,
    SearchResponse,
    SearchResult,
    VariantRead,
)
from wastecoach.recycling.search.index import Hit, ItemSearchIndex
from wastecoach.recycling.search.text import compact
from wastecoach.recycling.search.variants import stated_variant

logger = logging.getLogger(__name__)

MATCH_THRESHOLD = 0.55  # below this best-alias similarity a search counts as a miss
AMBIGUITY_MARGIN = 0.06  # top two closer than this (and in different items) -> ask


_index_lock = threading.Lock()
_index: ItemSearchIndex | None = None


def get_search_index() -> ItemSearchIndex:
    """The process's search index, built once.

    Building takes seconds and ~300 MB (Kiwi's model); a cache alone would let every request
    thread that arrives before the first build finishes start a build of its own.
    """
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = ItemSearchIndex(get_knowledge_base().items.values())
    return _index


class RecyclingService:
    @property
    def kb(self) -> KnowledgeBase:
        return get_knowledge_base()

    # -- categories and items -----------------------------------------------------------------

    def category_label(self, category: str, lang: Lang) -> str:
        info = self.kb.categories.get(category)
        return info.name_en if (lang == "en" and info is not None) else category

    def get_item_model(self, item_id: str) -> Item:
        item = self.kb.items.get(item_id)
        if item is None:
            raise ItemNotFound({"id": item_id})
        return item

    def summarize(self, item: Item, lang: Lang, variant: Variant | None = None) -> ItemSummary:
        """The item in short; under a stated variant, with the variant's category."""
        category = variant.category if variant else item.category
        return ItemSummary(
            id=item.id,
            name=item.name_en if lang == "en" else item.name,
            category=category,
            category_label=self.category_label(category, lang),
        )

    def get_item(self, item_id: str, lang: Lang) -> ItemRead:
        item = self.get_item_model(item_id)
        return ItemRead(
            **self.summarize(item, lang).model_dump(),
            name_ko=item.name,
            name_en=item.name_en,
            aliases=list(item.aliases),
            disposal=item.disposal.get(lang),
            steps=[step.get(lang) for step in item.steps],
            mistakes=[mistake.get(lang) for mistake in item.mistakes],
            why=item.why.get(lang),
            hazards=[hazard.get(lang) for hazard in item.hazards],
            parts=[
                PartRead(part=p.part.get(lang), category=p.category, disposal=p.disposal.get(lang))
                for p in item.parts
            ],
            deposit=(
                DepositRead(amount_krw=item.deposit.amount_krw, note=item.deposit.note.get(lang))
                if item.deposit
                else None
            ),
            conditions=list(item.conditions),
            variants=[
                VariantRead(
                    when=v.when.get(lang),
                    category=v.category,
                    category_label=self.category_label(v.category, lang),
                    disposal=v.disposal.get(lang),
                    why=v.why.get(lang),
                )
                for v in item.variants
            ],
            tip=item.tip.get(lang) if item.tip else None,
            source=item.source,
        )

    def list_categories(self, lang: Lang) -> list[CategorySummary]:
        return [
            CategorySummary(
                name=name,
                label=self.category_label(name, lang),
                method=info.method.get(lang),
                item_count=len(self.kb.items_in(name)),
            )
            for name, info in self.kb.categories.items()
        ]

    def get_category(self, name: str, lang: Lang) -> CategoryRead:
        info = self.kb.categories.get(name)
        if info is None:
            by_english = {i.name_en.lower(): i for i in self.kb.categories.values()}
            info = by_english.get(name.lower())
        if info is None:
            raise CategoryNotFound({"name": name})
        items = sorted(self.kb.items_in(info.name), key=lambda item: item.name)
        return CategoryRead(
            name=info.name,
            label=self.category_label(info.name, lang),
            method=info.method.get(lang),
            item_count=len(items),
            principles=PrinciplesRead(
                empty=info.principles.empty.get(lang),
                rinse=info.principles.rinse.get(lang),
                separate=info.principles.separate.get(lang),
                dont_mix=info.principles.dont_mix.get(lang),
            ),
            examples=list(info.examples),
            not_included=[text.get(lang) for text in info.not_included],
            items=[self.summarize(item, lang) for item in items],
            source=info.source,
        )

    # -- search -------------------------------------------------------------------------------

    def search_hits(self, query: str, *, limit: int = 5) -> list[Hit]:
        return get_search_index().search(query, limit=limit)

    def search(
        self, session: Session | None, query: str, *, lang: Lang, limit: int = 5
    ) -> SearchResponse:
        query = query.strip()
        if not compact(query):
            raise EmptyQuery()
        hits = self.search_hits(query, limit=limit)
        results = [self.search_result(hit, lang) for hit in hits]
        matched = bool(hits) and hits[0].score >= MATCH_THRESHOLD
        ambiguous = matched and _too_close(hits)
        clarification = None
        if ambiguous:
            first, second = (results[0].name, results[1].name)
            clarification = (
                f"Is it {first} or {second}?" if lang == "en" else f"{first}인가요, {second}인가요?"
            )
        if not matched and session is not None:
            self._record_miss(session, query, hits[0] if hits else None)
        return SearchResponse(
            query=query,
            results=results,
            matched=matched,
            ambiguous=ambiguous,
            clarification=clarification,
        )

    def search_result(self, hit: Hit, lang: Lang) -> SearchResult:
        item = self.kb.items[hit.item_id]
        variant = hit.applied_variant(item)
        return SearchResult(
            **self.summarize(item, lang, variant).model_dump(),
            score=hit.score,
            disposal=(variant or item).disposal.get(lang),
            condition=variant.when.get(lang) if variant else None,
        )

    def _record_miss(self, session: Session, query: str, best: Hit | None) -> None:
        try:
            SearchMissRepository(session).record(
                key=compact(query)[:200],
                query=query,
                best_item_id=best.item_id if best else None,
                best_score=best.score if best else None,
            )
        except SQLAlchemyError:
            # Curator bookkeeping must never break a search.
            logger.warning("could not record a search miss", exc_info=True)

    def list_misses(self, session: Session, *, limit: int, offset: int) -> list[SearchMissRead]:
        rows = SearchMissRepository(session).most_frequent(limit=limit, offset=offset)
        return [SearchMissRead.model_validate(row, from_attributes=True) for row in rows]

    # -- coaching and schedules ----------------------------------------------------------------

    def stated_variant(self, item_id: str, text: str | None) -> int | None:
        """Which of the item's variants a resident's own words state ("기름 묻었어요"), if any."""
        if not text:
            return None
        return stated_variant(self.get_item_model(item_id), text)

    def variant_of(self, item_id: str, variant: int | None) -> Variant | None:
        item = self.get_item_model(item_id)
        if variant is None or not 0 <= variant < len(item.variants):
            return None
        return item.variants[variant]

    def category_of(self, item_id: str, variant: int | None = None) -> str:
        """Where the item goes, under the stated condition when there is one."""
        chosen = self.variant_of(item_id, variant)
        return chosen.category if chosen else self.get_item_model(item_id).category

    def coach(
        self, item_id: str, conditions: dict[str, str], lang: Lang, variant: int | None = None
    ) -> Coaching:
        """What to do now, step by step, and why, for this item in this condition."""
        item = self.get_item_model(item_id)
        chosen = self.variant_of(item_id, variant)
        summary = self.summarize(item, lang, chosen)
        return grounded.coach(item, summary, conditions, lang, variant=chosen)

    def coach_with_llm(
        self, item_id: str, conditions: dict[str, str], lang: Lang, *, user_id: str
    ) -> Coaching | None:
        """LLM coaching when configured and within the user's limits; None means "keep grounded"."""
        from wastecoach.recycling.coach import budget
        from wastecoach.recycling.coach.llm import LlmCoach, LlmCoachError
        from wastecoach.recycling.config import get_coach_settings

        settings = get_coach_settings()
        if not settings.enabled or not budget.allow(user_id, settings):
            return None
        item = self.get_item_model(item_id)
        context = [self.kb.items[h.item_id] for h in self.search_hits(item.name, limit=3)]
        try:
            coaching, tokens = LlmCoach(settings).coach(
                item, conditions, lang, context=[c for c in context if c.id != item.id][:2]
            )
        except LlmCoachError as exc:
            logger.warning("LLM coach fell back to grounded: %s", exc)
            return None
        budget.spend(user_id, tokens)
        return coaching

    def get_schedule(
        self, session: Session, *, sido: str, sigungu: str, lang: Lang, resolved_from: str = "query"
    ) -> ScheduleResponse:
        return schedules.get_schedule(
            session, sido=sido, sigungu=sigungu, lang=lang, resolved_from=resolved_from
        )

    def schedule_for_request(
        self,
        session: Session,
        *,
        sido: str | None,
        sigungu: str | None,
        lat: float | None,
        lon: float | None,
        lang: Lang,
    ) -> ScheduleResponse:
        if sigungu:
            return self.get_schedule(session, sido=sido or "", sigungu=sigungu, lang=lang)
        if lat is None or lon is None:
            raise DistrictRequired()
        from wastecoach.locations.service import locations as locations_service

        district = locations_service.resolve_district(session, lat=lat, lon=lon)
        if district is None:
            raise ScheduleNotFound({"lat": lat, "lon": lon})
        return self.get_schedule(
            session, sido=district[0], sigungu=district[1], lang=lang, resolved_from="coordinates"
        )

    def ask(
        self, session: Session, payload: AskIn, *, lang: Lang, user: Principal | None
    ) -> AskResponse:
        context_item = None
        if payload.scan_id and user is not None:
            from wastecoach.waste.service import waste as waste_service

            context_item = waste_service.item_of_scan(
                session, scan_id=payload.scan_id, owner_id=user.user_id
            )
        from wastecoach.recycling.ask import answer_with_llm, grounded_answer

        grounded = grounded_answer(self, payload.question, lang=lang, context_item_id=context_item)
        if user is None:
            return grounded
        return answer_with_llm(self, grounded, lang=lang, user_id=user.user_id)

    def collection_days_for(
        self, session: Session, *, sido: str, sigungu: str, category: str
    ) -> dict[str, Any] | None:
        return schedules.collection_days_for(session, sido=sido, sigungu=sigungu, category=category)


def _too_close(hits: list[Hit]) -> bool:
    if len(hits) < 2:
        return False
    first, second = hits[0], hits[1]
    return first.score < 1.0 and first.score - second.score < AMBIGUITY_MARGIN


recycling = RecyclingService()
