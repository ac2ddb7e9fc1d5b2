"""The default coach: friendly messages composed from the knowledge-base entry alone.

Deterministic for the same item, conditions and language; the wording varies between items
(chosen by a stable hash) so the coach does not sound like a form letter. Every fact comes
from the entry (category, where it goes, steps, parts, why), never from this module.
"""

from __future__ import annotations

import hashlib

from wastecoach.core.i18n import Lang
from wastecoach.recycling.coach.korean import direction, topic
from wastecoach.recycling.kb.schema import RECYCLABLE_CATEGORIES, Item, Part, Variant
from wastecoach.recycling.schemas import ChecklistStep, Coaching, ItemSummary, PartDisposal

ConditionStates = dict[str, str]

_OPENERS_KO = (
    "{topic} {direction} 버려요.",
    "{topic} {direction} 분리배출해요.",
    "이건 {category}예요. {topic} 이렇게 버려 주세요.",
)
_OPENERS_EN = (
    "{name} goes to {category}.",
    "Sort {name} as {category}.",
    "This is {category}. Here is how to put out {name}.",
)


def _pick(options: tuple[str, ...], key: str) -> str:
    return options[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(options)]


def _part_named(item: Item, *keywords: str) -> Part | None:
    for part in item.parts:
        text = f"{part.part.ko} {part.part.en}".lower()
        if any(keyword in text for keyword in keywords):
            return part
    return None


def _condition_steps(
    item: Item, conditions: ConditionStates, lang: Lang, category_label: str
) -> list[ChecklistStep]:
    en = lang == "en"
    steps: list[ChecklistStep] = []
    dont_mix_why = (
        "Other materials mixed in lower the quality of what is recycled."
        if en
        else "다른 재질이 섞이면 재활용품의 품질이 떨어져요."
    )
    state = conditions.get
    label = _part_named(item, "라벨", "label", "스티커", "sticker")
    if state("label_attached") == "detected":
        where = label.disposal.get(lang) if label else None
        if en:
            text = "The label is still on. Peel it off" + (
                f": {where}" if where else " and sort it separately."
            )
        else:
            text = "라벨이 붙어 있어요. 떼어서 " + (
                f"{direction(label.category)} 따로 내놓아 주세요."
                if label
                else "따로 분리해 주세요."
            )
        steps.append(ChecklistStep(text=text, why=dont_mix_why))
    cap = _part_named(item, "뚜껑", "cap", "lid", "마개")
    if state("cap_on") == "detected":
        if en:
            text = "The cap is on. Take it off" + (
                f" and sort it as {cap.category}." if cap else " and sort it separately."
            )
        else:
            text = "뚜껑이 닫혀 있어요. 열어서 " + (
                f"{direction(cap.category)} 따로 버려 주세요." if cap else "따로 분리해 주세요."
            )
        steps.append(ChecklistStep(text=text, why=dont_mix_why))
    if state("food_residue") == "detected" and item.category in RECYCLABLE_CATEGORIES:
        steps.append(
            ChecklistStep(
                text=(
                    "There is food or liquid left inside. "
                    "A 30-second rinse in lukewarm water cleans it."
                    if en
                    else "이물질이 남아 있어요. 미지근한 물에 30초 헹구면 깨끗해져요."
                ),
                why=(
                    "Dirty recyclables spoil the clean ones in the same bag."
                    if en
                    else "오염된 재활용품은 같이 모인 깨끗한 것까지 재활용을 어렵게 해요."
                ),
            )
        )
    if state("mixed_materials") == "detected":
        parts = ", ".join(p.part.get(lang) for p in item.parts) or (
            "each material" if en else "재질별로"
        )
        steps.append(
            ChecklistStep(
                text=(
                    f"Several materials are stuck together. Separate them: {parts}."
                    if en
                    else f"여러 재질이 붙어 있어요. 나눠서 버려 주세요: {parts}."
                ),
                why=dont_mix_why,
            )
        )
    return steps


def coach(
    item: Item,
    summary: ItemSummary,
    conditions: ConditionStates,
    lang: Lang,
    *,
    variant: Variant | None = None,
) -> Coaching:
    """Grounded coaching; under a stated variant ("기름이 배어 있으면") it follows that route."""
    if variant is not None:
        return _variant_coach(item, summary, variant, lang)
    en = lang == "en"
    category_label = summary.category_label
    opener_key = f"{item.id}:{lang}"
    if en:
        opener = _pick(_OPENERS_EN, opener_key).format(name=summary.name, category=category_label)
    else:
        opener = _pick(_OPENERS_KO, opener_key).format(
            topic=topic(item.name), direction=direction(category_label), category=category_label
        )
    fixes = _condition_steps(item, conditions, lang, category_label)
    routine = [ChecklistStep(text=step.get(lang)) for step in item.steps]
    if fixes:
        lead = fixes[0].text
        message = f"{opener} {lead}"
    else:
        message = f"{opener} {item.disposal.get(lang)}"
    unknown = [tag for tag in item.conditions if conditions.get(tag, "unknown") == "unknown"]
    if unknown and not fixes:
        message += (
            " Check the list below before you put it out."
            if en
            else " 내놓기 전에 아래 항목을 한 번 확인해 주세요."
        )
    return Coaching(
        provider="grounded",
        message=message,
        checklist=fixes + routine,
        why=item.why.get(lang),
        tip=item.tip.get(lang) if item.tip else None,
        parts=[
            PartDisposal(part=p.part.get(lang), category=p.category, disposal=p.disposal.get(lang))
            for p in item.parts
        ],
        cited_items=[item.id],
    )


def _variant_coach(item: Item, summary: ItemSummary, variant: Variant, lang: Lang) -> Coaching:
    en = lang == "en"
    when = variant.when.get(lang)
    if en:
        message = f"{summary.name}, {when}: {variant.disposal.get(lang)}"
    else:
        message = f"{topic(item.name)} {when} {variant.disposal.get(lang)}"
    return Coaching(
        provider="grounded",
        message=message,
        checklist=[ChecklistStep(text=variant.disposal.get(lang), why=variant.why.get(lang))],
        why=variant.why.get(lang),
        tip=None,
        parts=[],
        cited_items=[item.id],
    )
