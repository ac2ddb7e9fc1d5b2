from __future__ import annotations

import pytest

from wastecoach.recycling.service import recycling

ALL_UNKNOWN = dict.fromkeys(
    ("label_attached", "cap_on", "food_residue", "mixed_materials"), "unknown"
)


def conditions(**states: str) -> dict[str, str]:
    return {**ALL_UNKNOWN, **states}


def test_label_on_a_clear_bottle_says_peel_it_off_to_vinyl() -> None:
    coaching = recycling.coach("pet-bottle-clear", conditions(label_attached="detected"), "ko")
    assert coaching.provider == "grounded"
    assert "무색페트병" in coaching.message
    assert coaching.checklist[0].text == "라벨이 붙어 있어요. 떼어서 비닐류로 따로 내놓아 주세요."
    assert coaching.checklist[0].why
    assert coaching.cited_items == ["pet-bottle-clear"]


def test_residue_on_a_recyclable_says_rinse_30_seconds() -> None:
    coaching = recycling.coach("yogurt-cup", conditions(food_residue="detected"), "ko")
    assert any("30초 헹구면" in step.text for step in coaching.checklist)


def test_residue_is_not_coached_for_food_waste() -> None:
    coaching = recycling.coach("food-scraps", conditions(food_residue="detected"), "ko")
    assert not any("헹구" in step.text for step in coaching.checklist[:1])


def test_nothing_detected_gives_the_routine_steps_and_disposal() -> None:
    item = recycling.get_item_model("milk-carton")
    coaching = recycling.coach("milk-carton", ALL_UNKNOWN, "ko")
    assert [step.text for step in coaching.checklist] == [step.ko for step in item.steps]
    assert item.disposal.ko in coaching.message
    assert coaching.why == item.why.ko


def test_english_coaching_uses_english_facts() -> None:
    coaching = recycling.coach("pet-bottle-clear", conditions(cap_on="detected"), "en")
    assert coaching.checklist[0].text.startswith("The cap is on.")
    assert coaching.why == recycling.get_item_model("pet-bottle-clear").why.en


@pytest.mark.parametrize("item_id", ["pet-bottle-clear", "receipt", "sofa", "power-bank"])
def test_coaching_is_deterministic(item_id: str) -> None:
    first = recycling.coach(item_id, conditions(label_attached="detected"), "ko")
    again = recycling.coach(item_id, conditions(label_attached="detected"), "ko")
    assert first == again


def test_every_part_is_listed_with_where_it_goes() -> None:
    coaching = recycling.coach("pet-bottle-clear", ALL_UNKNOWN, "ko")
    item = recycling.get_item_model("pet-bottle-clear")
    assert [p.category for p in coaching.parts] == [p.category for p in item.parts]


def test_a_stated_variant_coaches_its_own_route() -> None:
    greasy = recycling.stated_variant("pizza-box", "기름이 잔뜩 묻었어요")
    assert greasy is not None
    ko = recycling.coach("pizza-box", {}, "ko", greasy)
    en = recycling.coach("pizza-box", {}, "en", greasy)
    variant = recycling.kb.items["pizza-box"].variants[greasy]
    assert ko.message.startswith("피자 상자는 ") and variant.disposal.ko in ko.message
    assert en.checklist[0].text == variant.disposal.en
    assert ko.why == variant.why.ko and ko.cited_items == ["pizza-box"]
    assert recycling.category_of("pizza-box", greasy) == "일반종량제폐기물"
    assert recycling.stated_variant("pizza-box", "깨끗한 피자박스") is None
