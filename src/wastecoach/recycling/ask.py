"""Follow-up questions answered from the knowledge base (offline), citing the items used."""

from __future__ import annotations

import json
import logging

from pydantic import BaseModel, Field, ValidationError

from wastecoach.core.i18n import Lang
from wastecoach.recycling.coach import budget
from wastecoach.recycling.coach.guard import violations
from wastecoach.recycling.coach.korean import direction, topic
from wastecoach.recycling.coach.llm import LlmCoach, LlmCoachError, entry_facts
from wastecoach.recycling.config import get_coach_settings
from wastecoach.recycling.schemas import AskResponse, Citation
from wastecoach.recycling.service import MATCH_THRESHOLD, RecyclingService


def grounded_answer(
    service: RecyclingService, question: str, *, lang: Lang, context_item_id: str | None = None
) -> AskResponse:
    """Search the question; answer with the best item's category, route, steps and why.

    When the question names nothing we know but a scan gave context, the scan's item is used.
    """
    hits = service.search_hits(question, limit=3)
    best = hits[0] if hits and hits[0].score >= MATCH_THRESHOLD else None
    item_id = best.item_id if best else context_item_id
    if item_id is None:
        text = (
            "I could not find that item. Try another name for it, or scan it."
            if lang == "en"
            else "그 물건은 아직 찾지 못했어요. 다른 이름으로 물어보거나 사진으로 스캔해 주세요."
        )
        return AskResponse(
            question=question, answer=text, provider="grounded", citations=[], matched=False
        )
    item = service.get_item_model(item_id)
    summary = service.summarize(item, lang)
    steps = " ".join(step.get(lang) for step in item.steps[:3])
    if lang == "en":
        answer = (
            f"{summary.name} goes to {summary.category_label}. {item.disposal.en} {steps} "
            f"Why: {item.why.en}"
        )
    else:
        answer = (
            f"{topic(item.name)} {direction(item.category)} 버려요. {item.disposal.ko} {steps} "
            f"이유: {item.why.ko}"
        )
    if item.parts:
        parts = "; ".join(f"{p.part.get(lang)} → {p.category}" for p in item.parts)
        answer += f" ({'Parts' if lang == 'en' else '부속'}: {parts})"
    citations = [Citation(item_id=item.id, name=summary.name, category=item.category)]
    for hit in hits[1:]:
        if hit.score >= MATCH_THRESHOLD and hit.item_id != item.id:
            other = service.get_item_model(hit.item_id)
            citations.append(
                Citation(
                    item_id=other.id,
                    name=service.summarize(other, lang).name,
                    category=other.category,
                )
            )
    return AskResponse(
        question=question, answer=answer, provider="grounded", citations=citations, matched=True
    )


logger = logging.getLogger(__name__)

ASK_PROMPT = (
    "Answer a question about Korean waste sorting (분리배출) using ONLY the knowledge-base "
    "entries given as JSON. Never add rules or change a category. Reply with JSON only: "
    '{"item_id": "<the entry the answer is about>", "category": "<its category, verbatim>", '
    '"answer": "<two or three short sentences>"}. Write in the requested language.'
)


class _AskAnswer(BaseModel):
    item_id: str
    category: str
    answer: str = Field(min_length=1, max_length=800)


def answer_with_llm(
    service: RecyclingService, grounded: AskResponse, *, lang: Lang, user_id: str
) -> AskResponse:
    """Rephrase a grounded answer with the LLM; the grounded one stands on any problem."""
    settings = get_coach_settings()
    if not grounded.matched or not settings.enabled or not budget.allow(user_id, settings):
        return grounded
    cited = {c.item_id: service.get_item_model(c.item_id) for c in grounded.citations}
    payload = json.dumps(
        {
            "language": lang,
            "question": grounded.question,
            "entries": [entry_facts(item) for item in cited.values()],
        },
        ensure_ascii=False,
    )
    try:
        coach = LlmCoach(settings)
        content, tokens = coach.complete(payload, system=ASK_PROMPT)
        answer = _AskAnswer.model_validate(json.loads(content))
        item = cited.get(answer.item_id)
        if item is None:
            raise LlmCoachError("answer cites an entry it was not given")
        problems = violations(item, category=answer.category, texts=[answer.answer])
        if problems:
            raise LlmCoachError("; ".join(problems))
    except (LlmCoachError, json.JSONDecodeError, ValidationError) as exc:
        logger.warning("LLM answer fell back to grounded: %s", exc)
        return grounded
    budget.spend(user_id, tokens)
    return grounded.model_copy(update={"answer": answer.answer, "provider": "llm"})
