"""Free-text accepted items -> official categories (the single mapping table for all importers).

Matching runs on the item text with spaces removed and Latin letters lower-cased. Rules are
tried in order and each match *consumes* its span, so specific names win over the generic
words they contain (투명페트병 is 무색페트병 and does not also count as 페트병; 매트리스스프링
is metal, not furniture; 종이팩 is not 종이류). A category name must be spelled exactly as in
``wastecoach.recycling.kb.schema.OFFICIAL_CATEGORIES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES

_L = r"(?<![a-z])"  # Latin word start
_R = r"(?![a-z])"  # Latin word end

# (pattern, category); order matters, see module docstring.
ITEM_RULES: tuple[tuple[str, str], ...] = (
    (r"아이스팩|커피박|커피찌꺼기|장난감|완구", "기타"),
    (r"(투명|무색)(페트|패트|pet)(병|명)?|생수병", "무색페트병"),
    (r"(페트|패트|" + _L + r"pet" + _R + r")(음료)?(병|명)?", "플라스틱류"),
    (r"병뚜껑|플라스틱병|요구르트병|(즉석밥|햇반)용기", "플라스틱류"),
    (r"종이팩|우유팩|우유갑|멸균팩|두유팩|멸균|살균", "종이팩"),
    (r"폴리염화비닐|pvc", "플라스틱류"),
    (r"비닐|필름", "비닐류"),
    (
        r"스티로폼|스치로폼|스티로품|발포합성수지|발포|" + _L + r"eps" + _R + r"|[인잉]고트|잉코트",
        "발포합성수지",
    ),
    (r"건전지|배터리|(알카라인|망간|리튬|니켈-?카드뮴)?전지(류)?", "전지"),
    (r"형광등|형광램프|" + _L + r"led" + _R + r"|조명|램프", "조명제품"),
    (r"매트리스스프링|스프링", "금속류"),
    (
        r"가전|전자제품|전제품|냉장고|세탁기|" + _L + r"tv" + _R + r"|텔레비전|에어컨|냉난방기"
        r"|전자레인지|전기오븐|전기그릴|공기청정기|온풍기|컴퓨터|휴대폰|핸드폰|스마트폰",
        "전기전자제품",
    ),
    (r"가구|소파|[매메]트리스|대형폐기물|사무집기", "대형폐기물"),
    (
        r"유리병|유리|소주병|맥주병|공병|빈병|잡병|파병|녹색병|갈색병|백색병|청색병|병류|병(?!원)",
        "유리병",
    ),
    (r"캔|고철|철|알[루류]?미늄|양은|스[텐덴]|스테인리스|신주|비철|금속|잡선", "금속류"),
    (r"종이|신문|폐지|파지|고지|골판지|박스|서적|도서|잡지|책(?![장상])", "종이류"),
    (
        r"플라스틱|프라스틱|플락스틱|플리스틱|합성수지|빨대|" + _L + r"(pp|pe|ps|others?)" + _R,
        "플라스틱류",
    ),
    (r"의류|헌옷|옷|섬유|신발|가방|원단|이불", "의류및원단"),
    (r"의약품|약품|페인트|농약|수은", "생활계유해폐기물"),
    (r"음식물", "음식물류폐기물"),
    (r"생활쓰레기|일반쓰레기", "일반종량제폐기물"),
)

_COMPILED = tuple((re.compile(pattern), category) for pattern, category in ITEM_RULES)

# OpenStreetMap recycling:<material>=yes keys (https://wiki.openstreetmap.org/wiki/Key:recycling).
OSM_MATERIALS: dict[str, str] = {
    "clothes": "의류및원단",
    "shoes": "의류및원단",
    "textiles": "의류및원단",
    "bags": "의류및원단",
    "batteries": "전지",
    "car_batteries": "전지",
    "glass_bottles": "유리병",
    "glass": "유리병",
    "plastic_bottles": "플라스틱류",
    "pet_drink_bottles": "플라스틱류",
    "plastic": "플라스틱류",
    "plastic_packaging": "플라스틱류",
    "plastic_bags": "비닐류",
    "plastic_film": "비닐류",
    "polystyrene_foam": "발포합성수지",
    "styrofoam": "발포합성수지",
    "cans": "금속류",
    "aluminium": "금속류",
    "scrap_metal": "금속류",
    "metal": "금속류",
    "paper": "종이류",
    "cardboard": "종이류",
    "newspaper": "종이류",
    "magazines": "종이류",
    "books": "종이류",
    "paper_packaging": "종이류",
    "beverage_cartons": "종이팩",
    "cartons": "종이팩",
    "small_appliances": "전기전자제품",
    "electrical_appliances": "전기전자제품",
    "electrical_items": "전기전자제품",
    "computers": "전기전자제품",
    "mobile_phones": "전기전자제품",
    "printer_cartridges": "전기전자제품",
    "fridge_and_freezer": "전기전자제품",
    "white_goods": "전기전자제품",
    "light_bulbs": "조명제품",
    "low_energy_bulbs": "조명제품",
    "fluorescent_tubes": "조명제품",
    "medicine": "생활계유해폐기물",
    "paint": "생활계유해폐기물",
    "hazardous_waste": "생활계유해폐기물",
    "furniture": "대형폐기물",
    "food_waste": "음식물류폐기물",
    "organic": "음식물류폐기물",
    "waste": "일반종량제폐기물",
}

_ITEM_SPLIT = re.compile(r"[+\n,;/·|]")
# "가구 등", "고철 외", "종이류외 9종": only after a space or as an "외 N종" tail, so that words
# ending in 등 (형광등) survive.
_TRAILERS = re.compile(r"(\s+(등|둥|외)\s*)+$|\s*외\s*\d+\s*(개\s*)?(품목|종)$")
_SECTION = re.compile(r"^\((?P<name>.+)\)$")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def categories_for(text: str) -> tuple[str, ...]:
    """Official categories named in ``text``, in OFFICIAL_CATEGORIES order."""
    remaining = _key(text)
    found: set[str] = set()
    for pattern, category in _COMPILED:
        if pattern.search(remaining):
            found.add(category)
            remaining = pattern.sub(" ", remaining)
    return ordered(found)


def ordered(categories: Iterable[str]) -> tuple[str, ...]:
    wanted = set(categories)
    unknown = wanted - set(OFFICIAL_CATEGORIES)
    if unknown:
        raise ValueError(f"not official categories: {sorted(unknown)}")
    return tuple(c for c in OFFICIAL_CATEGORIES if c in wanted)


def clean_item(text: str) -> str:
    item = re.sub(r"\s+", " ", text).strip(" ()[]{}.-:")
    item = _TRAILERS.sub("", item).strip(" ()[]{}.-:")
    if item.count("(") > item.count(")"):
        item = item + ")" * (item.count("(") - item.count(")"))
    elif item.count(")") > item.count("("):
        item = item.replace(")", "", item.count(")") - item.count("("))
    return item


def _split_outside_parentheses(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if (depth == 0 or char in "+\n") and _ITEM_SPLIT.fullmatch(char):
            parts.append("".join(current))
            current = []
            depth = 0
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def split_items(text: str) -> tuple[str, ...]:
    """Split an item list on + , newline / · ; (commas inside parentheses kept) and clean."""
    items: list[str] = []
    for part in _split_outside_parentheses(text):
        item = clean_item(part)
        if item and item not in items:
            items.append(item)
    return tuple(items)


def normalise_items(text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(accepts, accepts_items)`` for a free-text list such as "형광등+건전지"."""
    if not text:
        return (), ()
    items = split_items(text)
    categories: set[str] = set()
    for item in items:
        categories.update(categories_for(item))
    return ordered(categories), items


def normalise_sectioned_items(text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Like ``normalise_items`` for lists with "(플라스틱류)" style section lines (KECO data).

    An item that maps to nothing on its own ("other", "빨대") inherits its section's categories;
    section lines themselves are not listed as items.
    """
    if not text:
        return (), ()
    categories: set[str] = set()
    items: list[str] = []
    section: tuple[str, ...] = ()
    for line in text.splitlines():
        line = line.strip()
        match = _SECTION.match(line)
        if match:
            section = categories_for(match["name"])
            continue
        for item in split_items(line):
            own = categories_for(item)
            categories.update(own or section)
            if item not in items:
                items.append(item)
    return ordered(categories), tuple(items)


def osm_materials(tags: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(accepts, materials)`` from ``recycling:<material>=yes`` tags."""
    materials = tuple(
        sorted(
            key.removeprefix("recycling:")
            for key, value in tags.items()
            if key.startswith("recycling:") and value.strip().lower() in {"yes", "only"}
        )
    )
    return ordered(OSM_MATERIALS[m] for m in materials if m in OSM_MATERIALS), materials


# Zero-waste shops: phrases saying the shop takes something back (수거/회수/반납...).
_TAKE_BACK = re.compile(r"수거|회수|가져오면|자원순환거점|반납")
# Not a recyclables take-back: the Seoul reusable delivery-container scheme.
_NOT_TAKE_BACK = re.compile(r"다회용(기|컵)[^,|/]*?(배달)?\s*/?\s*(수거|반납)")
_TAKE_BACK_TERMS = re.compile(
    r"아이스팩|커피박|투명\s?페트병|생수병|페트병\s?뚜껑|플라스틱\s?병뚜껑|병뚜껑|PET\s?음료병|"
    r"페트병|우유팩|우유갑|종이팩|멸균팩|두유팩|투명비닐|비닐|종이쇼핑백|폐?휴대폰|폐?건전지|"
    r"PP/PE\s?플라스틱|플라스틱|캔|유리병|의류|헌옷",
    re.IGNORECASE,
)


def take_back_items(*texts: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a shop takes back, when its description says so (else empty)."""
    items: list[str] = []
    for text in texts:
        if not text:
            continue
        scrubbed = _NOT_TAKE_BACK.sub(" ", text)
        if not _TAKE_BACK.search(scrubbed):
            continue
        for match in _TAKE_BACK_TERMS.finditer(scrubbed):
            item = re.sub(r"\s+", "", match.group(0))
            if item not in items:
                items.append(item)
    categories: set[str] = set()
    for item in items:
        categories.update(categories_for(item))
    return ordered(categories), tuple(items)
