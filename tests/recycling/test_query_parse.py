"""Telling the thing asked about from the other words of a question (pure, on Kiwi's tokens)."""

from __future__ import annotations

import pytest

from wastecoach.recycling.search.query import Token, parse
from wastecoach.recycling.search.text import FILLER_WORDS

# Tokens as kiwipiepy 0.24 gives them for these questions (kept literal so the rules are tested
# on their own; tests/recycling/test_search.py runs the same questions through Kiwi).
CHICKEN_BONE_FOOD_WASTE: list[Token] = [
    ("치킨뼈", "NNG"), ("음쓰", "NNG"), ("아니", "VCN"), ("에요", "EF"), ("?", "SF"),
]  # fmt: skip
SHELL_FOOD_WASTE: list[Token] = [
    ("조개", "NNG"), ("껍데기", "NNG"), ("음식물", "NNG"), ("쓰레기", "NNG"), ("이", "VCP"),
    ("ᆫ가요", "EF"),
]  # fmt: skip
BOX_TAPE_OFF: list[Token] = [
    ("택배", "NNG"), ("박스", "NNG"), ("테이프", "NNG"), ("떼", "VV"), ("고", "EC"),
    ("버리", "VX"), ("면", "EC"), ("되", "VV"), ("죠", "EF"), ("?", "SF"),
]  # fmt: skip
LABEL_REMOVED: list[Token] = [("투명", "NNG"), ("페트병", "NNG"), ("라벨", "NNG"), ("제거", "NNG")]
DESK_STICKER: list[Token] = [
    ("책상", "NNG"), ("버리", "VV"), ("려면", "EC"), ("스티커", "NNG"), ("?", "SF"),
]  # fmt: skip
PAPER_AS_ANSWER: list[Token] = [
    ("코팅", "NNG"), ("전단지", "NNG"), ("종이", "NNG"), ("로", "JKB"), ("내", "VV"),
    ("어도", "EC"), ("되", "VV"), ("어", "EF"), ("?", "SF"),
]  # fmt: skip
TAPE_STILL_ON: list[Token] = [
    ("골판지", "NNG"), ("박스", "NNG"), ("테이프", "NNG"), ("붙", "VV"), ("은", "ETM"),
    ("거", "NNB"),
]  # fmt: skip
BATTERY_TAKEN_OUT: list[Token] = [
    ("휴대폰", "NNG"), ("배터리", "NNG"), ("빼", "VV"), ("어", "EC"), ("놓", "VX"), ("은", "ETM"),
    ("거", "NNB"),
]  # fmt: skip
LITTER_IN_THE_TOILET: list[Token] = [
    ("고양이모래", "NNP"), ("변기", "NNP"), ("에", "JKB"), ("버리", "VV"), ("어도", "EC"),
    ("되", "VV"), ("어요", "EF"), ("?", "SF"),
]  # fmt: skip
LABEL_LEFT_ON: list[Token] = [
    ("삼다수", "NNP"), ("병", "NNG"), ("라벨", "NNG"), ("안", "MAG"), ("떼", "VV"), ("고", "EC"),
]  # fmt: skip
COLA_PET: list[Token] = [("콜라", "NNG"), ("페트병", "NNG")]
FOOD_WASTE_ALONE: list[Token] = [("음식물", "NNG"), ("쓰레기", "NNG")]
LABEL_ALONE: list[Token] = [("라벨", "NNG"), ("제거", "NNG")]


@pytest.mark.parametrize(
    ("tokens", "content", "subject"),
    [
        (CHICKEN_BONE_FOOD_WASTE, ["치킨뼈"], ["치킨뼈"]),  # the bin they guess is set aside
        (SHELL_FOOD_WASTE, ["조개", "껍데기"], ["조개", "껍데기"]),
        (BOX_TAPE_OFF, ["택배", "박스"], ["택배", "박스"]),  # the part already taken off
        (LABEL_REMOVED, ["투명", "페트병"], ["투명", "페트병"]),
        (TAPE_STILL_ON, ["골판지", "박스"], ["골판지", "박스"]),  # a part still attached
        (BATTERY_TAKEN_OUT, ["휴대폰", "배터리"], ["휴대폰", "배터리"]),  # "the one taken out"
        (LITTER_IN_THE_TOILET, ["고양이모래"], ["고양이모래"]),  # where it would go is aside
        (DESK_STICKER, ["책상", "스티커"], ["책상"]),  # what comes before 버리다 is the thing
        (PAPER_AS_ANSWER, ["코팅", "전단지"], ["코팅", "전단지"]),
    ],
)
def test_the_thing_is_kept_and_the_rest_set_aside(
    tokens: list[Token], content: list[str], subject: list[str]
) -> None:
    parsed = parse(tokens, FILLER_WORDS)
    assert parsed.content == content
    assert parsed.subject == subject


@pytest.mark.parametrize(
    ("tokens", "content"),
    [
        (COLA_PET, ["콜라", "페트병"]),  # a material ending a name is the name's head
        (FOOD_WASTE_ALONE, ["음식물", "쓰레기"]),  # nothing else to search for
        (LABEL_ALONE, ["라벨"]),
    ],
)
def test_words_are_not_set_aside_when_they_are_all_there_is(
    tokens: list[Token], content: list[str]
) -> None:
    assert parse(tokens, FILLER_WORDS).content == content


def test_an_adverb_between_a_part_and_its_verb_still_sets_the_part_aside() -> None:
    parsed = parse(LABEL_LEFT_ON, FILLER_WORDS)  # "삼다수병 라벨 안 떼고"
    assert "라벨" not in parsed.content
    assert parsed.content[:2] == ["삼다수", "병"]
