"""Conditions stated in a query send an item to another category (a greasy pizza box)."""

from __future__ import annotations

import pytest

from wastecoach.recycling.kb.schema import Item, Text, Variant
from wastecoach.recycling.search.variants import stated_variant


def _text(ko: str, en: str) -> Text:
    return Text(ko=ko, en=en)


BOX = Item(
    id="test-pizza-box",
    name="피자 상자",
    name_en="Pizza box",
    category="종이류",
    disposal=_text("펼쳐서 종이류로 내요.", "Flatten it and put it out with paper."),
    steps=[_text("남은 음식을 털어내요.", "Shake out leftovers.")],
    why=_text("깨끗한 골판지는 재활용돼요.", "Clean cardboard is recycled."),
    variants=[
        Variant(
            when=_text("기름이 배어 있으면", "if soaked with grease"),
            cues=["기름", "얼룩"],
            cues_en=["greasy"],
            category="일반종량제폐기물",
            disposal=_text("종량제봉투에 버려요.", "Put it in a volume-rate bag."),
            why=_text("기름 밴 종이는 재활용되지 않아요.", "Greasy paper cannot be recycled."),
        )
    ],
    source="test",
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("기름 묻은 피자박스", 0),
        ("기름묻은피자박스어떻게버려요", 0),
        ("greasy pizza box", 0),
        ("피자박스", None),
        ("기름 안 묻은 피자박스", None),  # denied after the cue
        ("기름 없는 피자 상자", None),
        ("기름기 없는 피자박스", None),
        ("기름 묻지 않은 피자박스", None),
        ("얼룩이 안 지워지는 피자박스", 0),  # the stain stays: stated, not denied
        ("피자박스 기름 조금 묻었는데", None),  # a little: the item's own steps cover it
        ("기름이 약간 묻은 피자 상자", None),
        ("얼룩은 없는 피자박스", None),
        ("not greasy pizza box", None),
    ],
)
def test_a_stated_condition_picks_the_variant(query: str, expected: int | None) -> None:
    assert stated_variant(BOX, query) == expected


def test_a_variant_must_change_the_category() -> None:
    with pytest.raises(ValueError, match="another category"):
        Item.model_validate(
            BOX.model_dump() | {"variants": [BOX.variants[0].model_dump() | {"category": "종이류"}]}
        )


def test_cues_are_single_words() -> None:
    with pytest.raises(ValueError, match="one word"):
        Variant.model_validate(BOX.variants[0].model_dump() | {"cues": ["기름 묻은"]})
