"""Conditions stated in a query that change where an item goes ("기름 묻은 피자박스")."""

from __future__ import annotations

import re

from wastecoach.recycling.kb.schema import Item
from wastecoach.recycling.search.text import compact, english_terms

# A cue is denied when the words right after it say so ("기름 안 묻은", "기름기 없는", "기름
# 묻지 않은") or a 안 comes right before it ("안 깨진"). "얼룩이 안 지워져요" states the stain,
# so 안 before a verb of removing does not deny.
_DENIED_AFTER = re.compile(
    r"^기?(이|가|은|는|도|까지)?"
    r"(없|않|아니|아닌|안(?!지워|빠|없어|닦|씻겨|벗겨|떨어)|\w{1,2}지않|\w{1,2}지도않)"
)
_ENGLISH_NEGATIONS = frozenset({"no", "not", "without", "non", "un"})


# "기름이 조금 묻었는데": a little of it is what the item's own steps handle (cut that part
# off, rinse), not the condition that sends the whole item elsewhere.
_ONLY_A_LITTLE = re.compile(r"조금|약간|살짝|쪼금|쬐끔")
_NEAR = 4  # characters either side of a cue in which a denial or "a little" counts


def _stated(query: str, cue: str) -> bool:
    start = query.find(cue)
    while start != -1:
        after = query[start + len(cue) :]
        near = query[max(0, start - _NEAR) : start] + after[:_NEAR]
        if (
            not _DENIED_AFTER.match(after)
            and not query[:start].endswith("안")
            and not _ONLY_A_LITTLE.search(near)
        ):
            return True
        start = query.find(cue, start + 1)
    return False


def stated_variant(item: Item, query: str) -> int | None:
    """Index of the first variant of ``item`` whose condition the query states, if any."""
    if not item.variants:
        return None
    korean = compact(query)
    words = english_terms(query)
    for position, variant in enumerate(item.variants):
        if any(_stated(korean, compact(cue)) for cue in variant.cues):
            return position
        for cue in variant.cues_en:
            if cue.lower() in words and not _english_denied(words, cue.lower()):
                return position
    return None


def _english_denied(words: list[str], cue: str) -> bool:
    position = words.index(cue)
    return position > 0 and words[position - 1] in _ENGLISH_NEGATIONS
