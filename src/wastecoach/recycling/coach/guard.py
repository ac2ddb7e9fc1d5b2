"""Rejects LLM coaching that contradicts the knowledge base.

The model may rephrase, never re-rule: the category it names must be the entry's, and the
texts may only send things to the entry's own category or its parts' categories.
"""

from __future__ import annotations

from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES, Item

# Everyday names for categories, which a model may use instead of the official ones.
CATEGORY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "음식물류폐기물": ("음식물 쓰레기", "음식물쓰레기", "food waste"),
    "일반종량제폐기물": ("일반쓰레기", "일반 쓰레기", "종량제봉투", "종량제 봉투", "general waste"),
    "불연성종량제폐기물": ("불연성 마대", "불연성마대", "non-combustible"),
    "대형폐기물": ("대형 폐기물", "bulky waste"),
    "비닐류": ("비닐", "plastic film"),
    "종이류": ("paper bin",),
    "종이팩": ("carton bin",),
}


def allowed_categories(item: Item) -> set[str]:
    return {item.category, *(part.category for part in item.parts)}


def mentioned_categories(text: str) -> set[str]:
    lowered = text.lower()
    found = {category for category in OFFICIAL_CATEGORIES if category in text}
    for category, names in CATEGORY_SYNONYMS.items():
        if any(name.lower() in lowered for name in names):
            found.add(category)
    # "비닐류" contains "비닐"; "일반종량제폐기물" is not "종량제" of another: keep the longest.
    return found


def violations(item: Item, *, category: str, texts: list[str]) -> list[str]:
    problems = []
    if category != item.category:
        problems.append(f"category {category!r} is not the knowledge base's {item.category!r}")
    allowed = allowed_categories(item)
    for text in texts:
        for mentioned in mentioned_categories(text) - allowed:
            problems.append(f"sends something to {mentioned!r}: {text[:80]!r}")
    return problems
