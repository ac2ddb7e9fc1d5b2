"""Schema of the disposal knowledge base (validated on load and in tests).

Every user-facing text is bilingual: Korean (``ko``) is the default, English (``en``) is served
with ``Accept-Language: en``.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Category = Literal[
    "종이류",
    "종이팩",
    "무색페트병",
    "플라스틱류",
    "비닐류",
    "발포합성수지",
    "유리병",
    "금속류",
    "의류및원단",
    "전지",
    "조명제품",
    "전기전자제품",
    "음식물류폐기물",
    "일반종량제폐기물",
    "불연성종량제폐기물",
    "대형폐기물",
    "공사장생활폐기물",
    "생활계유해폐기물",
    "기타",
]

OFFICIAL_CATEGORIES: tuple[str, ...] = get_args(Category)
# Categories collected as recyclables on the district's recycling day.
RECYCLABLE_CATEGORIES: frozenset[str] = frozenset(OFFICIAL_CATEGORIES[:8])

# Condition tags the scanner can detect; an item lists the ones that matter for it.
ConditionTag = Literal["label_attached", "cap_on", "food_residue", "mixed_materials"]

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """One user-facing sentence or phrase in Korean and English."""

    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @field_validator("ko")
    @classmethod
    def _korean_has_hangul(cls, value: str) -> str:
        if not _HANGUL.search(value):
            raise ValueError("ko text must contain Hangul")
        return value

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko


class Part(_Strict):
    """A component made of another material, with where it goes (e.g. a PET bottle's label)."""

    part: Text
    category: Category
    disposal: Text


class Deposit(_Strict):
    """빈용기보증금 (container deposit refund)."""

    amount_krw: int = Field(gt=0)
    note: Text


class Variant(_Strict):
    """A stated condition that sends the item elsewhere (a grease-soaked pizza box is 종량제).

    ``cues`` are the words by which a query states the condition ("기름", "깨진"); search
    applies the variant when the query contains one of them.
    """

    when: Text  # the condition, as a clause: "기름이 배어 있으면" / "if soaked with grease"
    cues: list[str] = Field(min_length=1)
    cues_en: list[str] = Field(default_factory=list)
    category: Category
    disposal: Text
    why: Text

    @field_validator("cues")
    @classmethod
    def _cues_are_words(cls, value: list[str]) -> list[str]:
        if any(not cue.strip() or " " in cue.strip() for cue in value):
            raise ValueError("each cue is one word without spaces")
        return value


class Item(_Strict):
    id: str
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    aliases_en: list[str] = Field(default_factory=list)  # English names people use
    category: Category
    disposal: Text  # where it goes: which bin, bag, facility or pickup
    steps: list[Text] = Field(min_length=1)  # preparation, in order
    mistakes: list[Text] = Field(default_factory=list)
    why: Text
    hazards: list[Text] = Field(default_factory=list)
    parts: list[Part] = Field(default_factory=list)
    deposit: Deposit | None = None
    conditions: list[ConditionTag] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    tip: Text | None = None
    source: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_is_kebab(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError("id must be lowercase kebab-case ascii")
        return value

    @model_validator(mode="after")
    def _variants_change_the_category(self) -> Item:
        if any(variant.category == self.category for variant in self.variants):
            raise ValueError("a variant must send the item to another category")
        return self


class Principles(_Strict):
    """The four principles of 분리배출 made concrete for one category."""

    empty: Text  # 비우기
    rinse: Text  # 헹구기
    separate: Text  # 분리하기
    dont_mix: Text  # 섞지 않기


class CategoryInfo(_Strict):
    name: Category
    name_en: str
    method: Text  # the general disposal method
    principles: Principles
    examples: list[str] = Field(default_factory=list)
    not_included: list[Text] = Field(default_factory=list)
    source: str = Field(min_length=1)
