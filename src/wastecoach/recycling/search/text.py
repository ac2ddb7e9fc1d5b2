"""Korean text normalisation for search: jamo decomposition, morphemes, filler words."""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Kiwi allocates through the mimalloc built into its extension, which by default holds freed
# pages back for a while; about 30 MB of the analyser's start-up scratch then stays resident.
# Returning them at once keeps the search under its memory budget and costs ~0.2 ms per query
# (bench/bench_search.py measures both). mimalloc reads this when the extension loads.
os.environ.setdefault("MIMALLOC_PURGE_DELAY", "0")

from kiwipiepy import Kiwi

from wastecoach.recycling.search.query import CONTENT_TAGS, ParsedQuery, Token, parse

_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3
_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
# Vowels people confuse when typing (ㅐ/ㅔ, ㅒ/ㅖ, ㅙ/ㅚ/ㅞ) fold to one letter for matching.
_VOWEL_FOLD = str.maketrans({"ㅔ": "ㅐ", "ㅖ": "ㅒ", "ㅚ": "ㅙ", "ㅞ": "ㅙ"})

_NON_WORD = re.compile(r"[^0-9a-z\uac00-\ud7a3\u3131-\u318e]+")

# Words that say "how do I throw this away" rather than what the thing is.
FILLER_WORDS: frozenset[str] = frozenset(
    """
    어떻게 어떡해 어떻 어디 어디다 어디로 어디에 어디에다 뭐 무엇 무슨 언제 왜 좀 요 버리
    버리다 버려 버려요 버림 버린 버릴 버리는 버리기 버리면 버려도 버려야 버리나요 내놓 내놓다
    배출 배출법 배출방법 방법 법 분리 분리수거 분리배출 수거 처리 처리법 처분 폐기 하다 해요
    되다 되나요 되 돼 돼요 인가요 이에요 예요 알려주 알려 주다 주세요 궁금 문의 질문 해야
    하나요 가능 괜찮 맞 맞나요 내 내다 거 것 건가요 건지 경우 때 이거 이것 저거 그거 쓰레기통
    """.split()  # noqa: SIM905
)
# Which adult owned the thing and what the resident is doing name neither the thing nor its state
# ("돌아가신 어머니가 드시던 약", "아버지 양복 정리해야 하는데요").
_CONTEXT_WORDS: frozenset[str] = frozenset(
    """
    아버지 어머니 아빠 엄마 할아버지 할머니 남편 아내 와이프 부모님 돌아가 드시 정리 정리중 청소
    이사 이삿짐 한가득 잔뜩 많이 여러 가져가 있 중 고장
    """.split()  # noqa: SIM905
)
FILLER_WORDS = FILLER_WORDS | _CONTEXT_WORDS
_ENGLISH_FILLER: frozenset[str] = frozenset(
    """
    how do i to the a an of throw away dispose disposal get rid where what which should can
    is are it this that my in into recycle recycling bin put out with for please
    """.split()  # noqa: SIM905
)


def decompose(text: str) -> str:
    """Hangul syllables to jamo (with the common vowel confusions folded)."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if _HANGUL_BASE <= code <= _HANGUL_LAST:
            offset = code - _HANGUL_BASE
            lead, rest = divmod(offset, 21 * 28)
            vowel, tail = divmod(rest, 28)
            out.append(_LEADS[lead] + _VOWELS[vowel] + (_TAILS[tail] if tail else ""))
        else:
            out.append(char)
    return "".join(out).translate(_VOWEL_FOLD)


def clean(text: str) -> str:
    """NFKC, lower case, punctuation to spaces, runs of spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_NON_WORD.sub(" ", text).split())


def compact(text: str) -> str:
    return clean(text).replace(" ", "")


def char_ngrams(text: str, sizes: Iterable[int] = (2, 3)) -> set[str]:
    """Jamo n-grams of a space-free string (short strings keep themselves as one gram)."""
    jamo = decompose(text)
    grams = {jamo} if len(jamo) <= 2 else set()
    for size in sizes:
        grams.update(jamo[i : i + size] for i in range(len(jamo) - size + 1))
    return grams


class Morphology:
    """A shared Kiwi instance, with item names as user words so compounds stay whole."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        # Typos are handled by jamo n-grams, so Kiwi's typo and multi-word dictionaries (about
        # 190 MB resident together) are not loaded.
        self._kiwi = Kiwi(num_workers=-1, load_typo_dict=False, load_multi_dict=False)
        for word in sorted(set(user_words)):
            if 2 <= len(word) <= 20 and " " not in word:
                self._kiwi.add_user_word(word, "NNP", 0.0)
        self._lock = threading.Lock()

    def tokens(self, text: str) -> list[Token]:
        with self._lock:  # Kiwi is not documented as thread-safe for concurrent calls
            return [(token.form, str(token.tag)) for token in self._kiwi.tokenize(text)]

    def terms(self, text: str) -> list[str]:
        """Content morphemes of a name or alias (for the index)."""
        return [
            form.lower()
            for form, tag in self.tokens(text)
            if tag.startswith(CONTENT_TAGS) and form not in FILLER_WORDS
        ]

    def analyse(self, query: str) -> ParsedQuery:
        """The words of a question that name the thing, and those of its subject."""
        return parse(self.tokens(query), FILLER_WORDS)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e" for char in text)


def english_terms(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_singular(word) for word in words if word not in _ENGLISH_FILLER]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def strip_fillers(text: str) -> str:
    """Drop filler words and question endings from a cleaned query (for alias matching)."""
    words = [w for w in clean(text).split() if w not in FILLER_WORDS]
    stripped = " ".join(words)
    return _ENDINGS.sub("", stripped).strip() or clean(text)


_ENDINGS = re.compile(
    r"(어떻게\s*버려(야\s*)?(요|하나요|돼요|되나요)?|버리는\s*(법|방법)|어디에?\s*버려요?|"
    r"(은|는|이|가)?\s*(어떻게|어디에?)?\s*(버려도|버리면)\s*(되나요|돼요|될까요)?|"
    r"(인가요|이에요|예요|는요|은요|요)\s*$)"
)


@lru_cache(maxsize=4096)
def cached_ngrams(text: str) -> frozenset[str]:
    return frozenset(char_ngrams(text))
