"""Logic of the waste service: taking photos in, rendering results, the owner's history.

Other services use it through the ``waste`` singleton (``waste_service``): list_scans,
owner_stats, erase_owner and reassign_owner serve the users service.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wastecoach.core.i18n import Lang
from wastecoach.core.security import Principal
from wastecoach.core.storage import get_storage
from wastecoach.core.tasks import enqueue
from wastecoach.core.timeutil import utcnow
from wastecoach.recycling.schemas import Coaching
from wastecoach.recycling.service import recycling as recycling_service
from wastecoach.waste.exceptions import (
    InvalidAnswer,
    InvalidCoordinates,
    ScanNotFinished,
    ScanNotFound,
)
from wastecoach.waste.flows import pipeline_task_name, refresh_after_answers
from wastecoach.waste.images import sanitize
from wastecoach.waste.matching import OTHER_OPTION
from wastecoach.waste.models import Scan, ScanFeedback
from wastecoach.waste.repository import ScanRepository
from wastecoach.waste.schemas import (
    AnswersIn,
    Candidate,
    ConditionRead,
    FeedbackIn,
    FeedbackRead,
    OwnerStats,
    Question,
    QuestionOption,
    ScanError,
    ScanPage,
    ScanRead,
    ScanResult,
    ScanSummary,
)

CONDITION_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    # tag: {"question": (ko, en), "detected": (ko, en), ...}
    "label_attached": {
        "question": ("라벨이나 스티커가 붙어 있나요?", "Is there a label or sticker on it?"),
        "detected": ("라벨이 붙어 있어요", "Label attached"),
        "not_detected": ("라벨 없음", "No label"),
        "unknown": ("라벨: 확인 필요", "Label: check"),
    },
    "cap_on": {
        "question": ("뚜껑이 닫혀 있나요?", "Is the cap or lid on?"),
        "detected": ("뚜껑이 닫혀 있어요", "Cap on"),
        "not_detected": ("뚜껑 없음", "No cap"),
        "unknown": ("뚜껑: 확인 필요", "Cap: check"),
    },
    "food_residue": {
        "question": ("안에 음식물이나 음료가 남아 있나요?", "Is any food or drink left inside?"),
        "detected": ("이물질이 남아 있어요", "Residue inside"),
        "not_detected": ("깨끗해요", "Clean"),
        "unknown": ("이물질: 확인 필요", "Residue: check"),
    },
    "mixed_materials": {
        "question": ("다른 재질이 붙어 있나요?", "Are other materials attached to it?"),
        "detected": ("다른 재질이 섞여 있어요", "Mixed materials"),
        "not_detected": ("단일 재질", "Single material"),
        "unknown": ("재질: 확인 필요", "Materials: check"),
    },
}
_YES_NO = {"yes": ("네", "Yes"), "no": ("아니요", "No")}
_ERRORS = {"pipeline_failed": ("사진을 분석하지 못했어요.", "The photo could not be analysed.")}


def _valid_coordinates(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise InvalidCoordinates({"lat": lat, "lon": lon})
    if lat is None or lon is None:
        return
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidCoordinates({"lat": lat, "lon": lon})


class WasteService:
    # -- intake -------------------------------------------------------------------------------

    def submit_scan(
        self,
        session: Session,
        *,
        owner: Principal,
        image: bytes,
        lat: float | None = None,
        lon: float | None = None,
        hint: str | None = None,
        idempotency_key: str | None = None,
        lang: Lang = "ko",
        enqueue_pipeline: bool = True,
    ) -> Scan:
        repository = ScanRepository(session)
        if idempotency_key:
            existing = repository.by_idempotency_key(owner.user_id, idempotency_key)
            if existing is not None:
                return existing
        _valid_coordinates(lat, lon)
        clean = sanitize(image)
        now = utcnow()
        key = f"scans/{now:%Y/%m}/{uuid.uuid4().hex}.jpg"
        get_storage().put(key, clean.jpeg, "image/jpeg")
        scan = Scan(
            owner_id=owner.user_id,
            idempotency_key=idempotency_key,
            lang=lang,
            image_key=key,
            image_sha256=clean.sha256,
            image_width=clean.width,
            image_height=clean.height,
            source_format=clean.source_format,
            lat=lat,
            lon=lon,
            hint=(hint or "").strip()[:200] or None,
            stages={},
            answers={},
        )
        try:
            with session.begin_nested():
                session.add(scan)
        except IntegrityError:
            # The same Idempotency-Key raced in twice: the first one wins.
            get_storage().delete(key)
            assert idempotency_key is not None
            winner = repository.by_idempotency_key(owner.user_id, idempotency_key)
            if winner is None:
                raise
            return winner
        if enqueue_pipeline:
            enqueue(pipeline_task_name(), scan.id, session=session)
        return scan

    # -- reading ------------------------------------------------------------------------------

    def get_owned(self, session: Session, scan_id: str, owner: Principal) -> Scan:
        scan = ScanRepository(session).get_owned(scan_id, owner.user_id)
        if scan is None:
            raise ScanNotFound({"id": scan_id})
        return scan

    def render(self, scan: Scan, lang: Lang) -> ScanRead:
        index = 1 if lang == "en" else 0
        error = None
        if scan.error_code:
            text = _ERRORS.get(scan.error_code, _ERRORS["pipeline_failed"])[index]
            error = ScanError(code=scan.error_code, message=text)
        return ScanRead(
            id=scan.id,
            status=scan.status,
            stage=scan.stage,
            progress=scan.progress,
            created_at=scan.created_at,
            finished_at=scan.finished_at,
            lat=scan.lat,
            lon=scan.lon,
            hint=scan.hint,
            error=error,
            result=self._result(scan, lang) if "match" in scan.stages else None,
        )

    def _result(self, scan: Scan, lang: Lang) -> ScanResult:
        index = 1 if lang == "en" else 0
        classify: dict[str, Any] = scan.stages.get("classify", {})
        matched: dict[str, Any] = scan.stages["match"]
        kb = recycling_service.kb
        candidates = []
        for entry in matched.get("candidates", []):
            summary = recycling_service.summarize(kb.items[entry["item_id"]], lang)
            candidates.append(
                Candidate(
                    **summary.model_dump(exclude={"id"}),
                    item_id=summary.id,
                    confidence=entry["confidence"],
                )
            )
        item = kb.items.get(matched.get("item_id") or "")
        variant = recycling_service.variant_of(item.id, matched.get("variant")) if item else None
        item_summary = recycling_service.summarize(item, lang, variant) if item else None
        conditions = [
            ConditionRead(tag=tag, state=state, label=CONDITION_TEXT[tag][state][index])
            for tag, state in matched.get("conditions", {}).items()
            if tag in CONDITION_TEXT
        ]
        coach_stage: dict[str, Any] = scan.stages.get("coach") or {}
        coaching = Coaching.model_validate(coach_stage[lang]) if lang in coach_stage else None
        nearby_stage: dict[str, Any] = scan.stages.get("nearby") or {}
        points = (nearby_stage.get("points") or {}).get(lang)
        district = None
        if nearby_stage.get("district"):
            district = {**nearby_stage["district"], "collection": nearby_stage.get("schedule")}
        return ScanResult(
            item_id=item.id if item else None,
            item_name=item_summary.name if item_summary else None,
            category=item_summary.category if item_summary else None,
            category_label=item_summary.category_label if item_summary else None,
            condition=variant.when.get(lang) if variant else None,
            confidence=matched.get("confidence", 0.0),
            uncertain=matched.get("uncertain", True),
            candidates=candidates,
            material=classify.get("material"),
            shape=classify.get("shape"),
            conditions=conditions,
            questions=[self._question(q, lang) for q in matched.get("questions", [])],
            disposal=(variant or item).disposal.get(lang) if item else None,
            hazards=[hazard.get(lang) for hazard in item.hazards] if item else [],
            deposit_krw=item.deposit.amount_krw if item and item.deposit else None,
            coaching=coaching,
            nearby=points,
            district=district,
            provider=classify.get("provider"),
        )

    def _question(self, question: dict[str, Any], lang: Lang) -> Question:
        index = 1 if lang == "en" else 0
        qid: str = question["id"]
        if qid == "identity":
            names = []
            options = []
            for option in question["options"]:
                if option == OTHER_OPTION:
                    label = "Something else" if lang == "en" else "다른 물건이에요"
                else:
                    label = recycling_service.summarize(
                        recycling_service.kb.items[option], lang
                    ).name
                    names.append(label)
                options.append(QuestionOption(id=option, label=label))
            if names:
                text = (
                    "Which is it: " + ", ".join(names) + "?"
                    if lang == "en"
                    else ", ".join(f"{name}인가요" for name in names) + "?"
                )
            else:
                text = "What is it?" if lang == "en" else "어떤 물건인지 알려 주세요."
            return Question(id=qid, text=text, options=options)
        tag = qid.split(":", 1)[1]
        return Question(
            id=qid,
            text=CONDITION_TEXT[tag]["question"][index],
            options=[QuestionOption(id=o, label=_YES_NO[o][index]) for o in question["options"]],
        )

    # -- refining -----------------------------------------------------------------------------

    def answer(self, session: Session, scan: Scan, payload: AnswersIn) -> Scan:
        if scan.status != "done":
            raise ScanNotFinished({"status": scan.status})
        open_questions = {q["id"]: q["options"] for q in scan.stages["match"].get("questions", [])}
        answers = dict(scan.answers)
        for question_id, option in payload.answers.items():
            allowed = open_questions.get(question_id)
            if allowed is None or option not in allowed:
                raise InvalidAnswer({"question": question_id, "option": option})
            if option == OTHER_OPTION:
                if not payload.text:
                    raise InvalidAnswer({"question": question_id, "needs": "text"})
                hits = recycling_service.search_hits(payload.text, limit=1)
                if not hits or hits[0].score < 0.5:
                    raise InvalidAnswer({"question": question_id, "text": payload.text})
                option = hits[0].item_id
            answers[question_id] = option
        scan.answers = answers
        refresh_after_answers(session, scan)
        return scan

    def add_feedback(self, session: Session, scan: Scan, payload: FeedbackIn) -> FeedbackRead:
        if payload.actual_item_id is not None:
            recycling_service.get_item_model(payload.actual_item_id)  # 404 for unknown ids
        feedback = ScanRepository(session).add_feedback(
            ScanFeedback(
                scan_id=scan.id,
                owner_id=scan.owner_id,
                item_correct=payload.item_correct,
                actual_item_id=payload.actual_item_id,
                advice_useful=payload.advice_useful,
                comment=payload.comment,
                predicted_item_id=(scan.stages.get("match") or {}).get("item_id"),
            )
        )
        return FeedbackRead(id=feedback.id, scan_id=scan.id, created_at=feedback.created_at)

    # -- public interface for the users service ----------------------------------------------

    def list_scans(self, session: Session, *, owner_id: str, limit: int, offset: int) -> ScanPage:
        rows, total = ScanRepository(session).page(owner_id, limit=limit, offset=offset)
        items = []
        for scan in rows:
            matched = scan.stages.get("match") or {}
            item = recycling_service.kb.items.get(matched.get("item_id") or "")
            items.append(
                ScanSummary(
                    id=scan.id,
                    status=scan.status,
                    created_at=scan.created_at,
                    item_id=item.id if item else None,
                    item_name=item.name if item else None,
                    category=(
                        recycling_service.category_of(item.id, matched.get("variant"))
                        if item
                        else None
                    ),
                )
            )
        return ScanPage(items=items, total=total, limit=limit, offset=offset)

    def owner_stats(self, session: Session, *, owner_id: str) -> OwnerStats:
        scans = ScanRepository(session).all_of(owner_id)
        by_category: Counter[str] = Counter()
        answered = prepared = 0
        for scan in scans:
            matched = scan.stages.get("match") or {}
            item = recycling_service.kb.items.get(matched.get("item_id") or "")
            if item is not None:
                by_category[recycling_service.category_of(item.id, matched.get("variant"))] += 1
            states = [
                state
                for tag, state in (matched.get("conditions") or {}).items()
                if item is not None and tag in item.conditions
            ]
            if states and "unknown" not in states:
                answered += 1
                prepared += all(state == "not_detected" for state in states)
        return OwnerStats(
            total_scans=len(scans),
            by_category=dict(by_category),
            prepared_right_share=round(prepared / answered, 4) if answered else None,
        )

    def item_of_scan(self, session: Session, *, scan_id: str, owner_id: str) -> str | None:
        """The identified item of the owner's scan (None if unknown, not theirs, or unfinished)."""
        scan = ScanRepository(session).get_owned(scan_id, owner_id)
        if scan is None:
            raise ScanNotFound({"id": scan_id})
        item_id = (scan.stages.get("match") or {}).get("item_id")
        return str(item_id) if item_id else None

    def erase_owner(self, session: Session, *, owner_id: str) -> int:
        repository = ScanRepository(session)
        keys = [scan.image_key for scan in repository.all_of(owner_id)]
        count = repository.delete_of(owner_id)
        storage = get_storage()
        for key in keys:
            storage.delete(key)
        return count

    def reassign_owner(self, session: Session, *, from_owner_id: str, to_owner_id: str) -> int:
        return ScanRepository(session).reassign(from_owner_id, to_owner_id)


waste = WasteService()
