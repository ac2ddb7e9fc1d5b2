from __future__ import annotations

from collections import Counter

from wastecoach.recycling.kb.loader import load
from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES
from wastecoach.waste.providers.label_map import LABEL_ITEMS

kb = load()


def test_the_knowledge_base_loads_and_is_large_enough() -> None:
    assert len(kb.items) >= 400
    assert list(kb.categories) == list(OFFICIAL_CATEGORIES)


def test_every_official_category_has_items_and_principles() -> None:
    counts = Counter(item.category for item in kb.items.values())
    for category in OFFICIAL_CATEGORIES:
        assert counts[category] > 0, category
        principles = kb.categories[category].principles
        assert principles.empty.ko and principles.rinse.ko and principles.dont_mix.en


def test_items_name_a_source_and_concrete_steps() -> None:
    for item in kb.items.values():
        assert item.source.strip()
        assert item.steps and all(step.ko and step.en for step in item.steps)
        assert item.why.ko and item.why.en


def test_pet_bottle_parts_go_where_the_guideline_says() -> None:
    bottle = kb.items["pet-bottle-clear"]
    assert bottle.category == "무색페트병"
    part_categories = {part.category for part in bottle.parts}
    assert "비닐류" in part_categories  # the label


def test_the_tricky_cases_are_covered() -> None:
    expected = {
        "receipt": "일반종량제폐기물",
        "chicken-bones": "일반종량제폐기물",
        "egg-shells": "일반종량제폐기물",
        "tea-bag": "일반종량제폐기물",
        "drinking-glass": "불연성종량제폐기물",
        "milk-carton": "종이팩",
        "medicine-pills": "생활계유해폐기물",
        "fluorescent-lamp": "조명제품",
        "power-bank": "전지",
        "sofa": "대형폐기물",
    }
    for item_id, category in expected.items():
        assert kb.items[item_id].category == category, item_id


def test_deposit_refunds_are_on_refillable_bottles_only() -> None:
    with_deposit = {item.id for item in kb.items.values() if item.deposit}
    assert {"glass-bottle-soju", "glass-bottle-beer"} <= with_deposit
    assert all(kb.items[i].category == "유리병" for i in with_deposit)


def test_every_classifier_label_points_at_real_items() -> None:
    for label, info in LABEL_ITEMS.items():
        for item_id in info.items:
            assert item_id in kb.items, (label, item_id)


def test_conditions_that_change_the_bin_are_written_down() -> None:
    items = kb.items
    glass_bottles = [i for i in items.values() if i.category == "유리병"]
    assert glass_bottles
    for bottle in glass_bottles:  # a broken bottle is never collected as a glass bottle
        assert any(v.category == "불연성종량제폐기물" and "깨진" in v.cues for v in bottle.variants)
    assert items["pizza-box"].variants[0].category == "일반종량제폐기물"
    assert any(v.category == "플라스틱류" for v in items["pet-bottle-clear"].variants)
