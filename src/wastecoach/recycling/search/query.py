"""What a question is about: the thing to throw away, told apart from the rest of the sentence.

Residents ask about one thing but name others on the way: the bin they think it belongs in
("치킨뼈 음쓰 아니에요?"), a part they have already taken off ("택배박스 테이프 떼고 버리면 되죠?"),
or what they will need after ("책상 버리려면 스티커?"). This module works on Kiwi's morphemes
(form, tag) and keeps the words that name the thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Token = tuple[str, str]  # (form, tag) as Kiwi gives them

CONTENT_TAGS = ("NNG", "NNP", "NR", "NP", "SL", "SN", "XR", "SH", "MAG", "VA", "VV", "XSN")
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")
_SUBJECT_PARTICLES = ("JX", "JKS")
_DISPOSAL_VERBS = frozenset({"버리", "내놓", "내", "배출", "처리", "분리수거"})
# A part taken off ("라벨 떼고") or still on ("테이프 붙은 박스", "뚜껑 달린") is not the thing.
_REMOVAL_VERBS = frozenset({"떼", "제거", "벗기", "뜯", "빼", "떼어내"})
_PART_VERBS = _REMOVAL_VERBS | {"붙", "붙이", "달리"}
# "라벨 안 떼고", "테이프 다 떼야": an adverb may sit between the part and the verb.
_VERB_ADVERBS = frozenset({"안", "못", "다", "좀", "잘", "꼭"})

# Streams a resident may name as the answer they expect, written without spaces. These are
# never the thing itself, so a question may simply end on one ("대게 껍데기 음식물?").
_STREAMS = frozenset(
    """
    음식물 음쓰 음식물쓰레기 음식쓰레기 음식물류 일반쓰레기 일쓰 종량제 종량제봉투 재활용 재활용품
    분리수거 헌옷수거함 의류수거함 불연성 일반 음식물쓰래기 음식쓰래기 일반쓰래기
    """.split()  # noqa: SIM905
)
# Materials are also the head of many names ("콜라 페트병"), so they count as a named
# destination only before 로/에, 이다, 아니다 or 맞다 ("종이로 내도 돼?").
_MATERIALS = frozenset(
    """
    플라스틱 플라스틱류 종이 종이류 비닐 비닐류 캔 캔류 고철 고철류 유리 유리병 유리류 페트 페트병
    투명페트병 무색페트병 스티로폼 스티로폼류
    """.split()  # noqa: SIM905
)
_ANSWER_TAGS = ("JKB", "VCP", "VCN")
_PUTTING_VERBS = frozenset({"버리", "넣", "내놓", "내", "흘리", "붓", "부"})
# Parts people take off before throwing the thing away.
_PARTS = frozenset(
    "라벨 스티커 테이프 뚜껑 은박 비닐 운송장 송장 포장지 필름 캡 마개 빨대 손잡이".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class ParsedQuery:
    content: list[str]  # content morphemes that name the thing (lower-cased)
    subject: list[str]  # those of the phrase the question is about (defaults to content)


def _noun_runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for position, (form, tag) in enumerate(tokens):
        if tag.startswith(_NOUN_TAGS) and form not in _PART_VERBS:
            if start is None:
                start = position
        elif start is not None:
            runs.append((start, position))
            start = None
    if start is not None:
        runs.append((start, len(tokens)))
    return runs


def _answer_follows(tokens: Sequence[Token], stop: int) -> bool:
    if stop == len(tokens):
        return False
    form, tag = tokens[stop]
    return tag.startswith(_ANSWER_TAGS) or form == "맞"


def _destination_suffix(tokens: Sequence[Token], start: int, stop: int) -> range:
    """The longest tail of a noun run that names the bin the resident has in mind."""
    answer = _answer_follows(tokens, stop)
    ends = answer or stop == len(tokens) or tokens[stop][1].startswith("SF")
    for first in range(start, stop):
        words = "".join(form for form, _ in tokens[first:stop])
        if (words in _STREAMS and ends) or (words in _MATERIALS and answer):
            return range(first, stop)
    return range(0)


def _removed_part(tokens: Sequence[Token], start: int, stop: int) -> range:
    """The noun just before 떼다/제거/붙다/달리다..., with any part words before it.

    Unless the question is about that part: "배터리 빼놓은 거" asks about the battery.
    """
    verb = stop + 1 if stop < len(tokens) and tokens[stop][0] in _VERB_ADVERBS else stop
    if verb >= len(tokens) or tokens[verb][0] not in _PART_VERBS:
        return range(0)
    if tokens[verb][0] in _REMOVAL_VERBS and _is_the_thing_asked(tokens, verb + 1):
        return range(0)
    first = stop - 1
    while first > start and tokens[first - 1][0] in _PARTS:
        first -= 1
    return range(first, stop)


def _is_the_thing_asked(tokens: Sequence[Token], start: int) -> bool:
    """A verb ending in a clause on 거/것 ("빼놓은 거", "뗀 것") makes its object the thing."""
    for position in range(start, min(start + 4, len(tokens) - 1)):
        if tokens[position][1] == "ETM":
            return tokens[position + 1][0] in ("거", "것")
    return False


def _place_to_put_it(tokens: Sequence[Token], start: int, stop: int) -> range:
    """Where the resident means to put it: "변기에 버려도", "음식물통에 넣어도"."""
    if stop + 1 < len(tokens) and tokens[stop] == ("에", "JKB"):
        verb = tokens[stop + 1]
        if verb[1].startswith("VV") and verb[0] in _PUTTING_VERBS:
            return range(stop - 1, stop)  # the last noun: "고양이모래 변기에" keeps the litter
    return range(0)


def side_words(tokens: Sequence[Token]) -> set[int]:
    """Positions of nouns that are not the thing: a named destination or a removed part.

    Nouns are only set aside when another noun remains, so "음식물" alone, or "라벨" alone, is
    still searched for.
    """
    nouns = {p for start, stop in _noun_runs(tokens) for p in range(start, stop)}
    aside: set[int] = set()
    for start, stop in _noun_runs(tokens):
        aside.update(_destination_suffix(tokens, start, stop))
        aside.update(_removed_part(tokens, start, stop))
        aside.update(_place_to_put_it(tokens, start, stop))
    return aside if nouns - aside else set()


def parse(tokens: Sequence[Token], fillers: frozenset[str]) -> ParsedQuery:
    aside = side_words(tokens)
    content: list[str] = []
    subject: list[str] | None = None
    for position, (form, tag) in enumerate(tokens):
        # "X는 ..." marks X as the topic; "X 버리려면 Y" asks about X.
        if (
            subject is None
            and content
            and (
                tag.startswith(_SUBJECT_PARTICLES)
                or (
                    tag == "VV"
                    and form in _DISPOSAL_VERBS
                    and _content_follows(tokens, position + 1, aside, fillers)
                )
            )
        ):
            subject = list(content)
        if position in aside or form in _PART_VERBS:
            continue
        if tag.startswith(CONTENT_TAGS) and form not in fillers:
            content.append(form.lower())
    return ParsedQuery(content, subject if subject is not None else content)


def _content_follows(
    tokens: Sequence[Token], start: int, aside: set[int], fillers: frozenset[str]
) -> bool:
    return any(
        tag.startswith(_NOUN_TAGS) and form not in fillers and position not in aside
        for position, (form, tag) in enumerate(tokens[start:], start=start)
    )
