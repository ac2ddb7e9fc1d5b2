"""Korean particles that depend on the last syllable (은/는, 이/가, 을/를, 으로/로)."""

from __future__ import annotations

_BASE, _LAST = 0xAC00, 0xD7A3


def _final_consonant(word: str) -> int | None:
    """The tail index of the last Hangul syllable (0: none), or None when not Hangul."""
    for char in reversed(word.strip()):
        code = ord(char)
        if _BASE <= code <= _LAST:
            return (code - _BASE) % 28
        if char.isalnum():
            return None
    return None


def topic(word: str) -> str:
    tail = _final_consonant(word)
    return f"{word}{'은' if tail else '는'}" if tail is not None else f"{word}은(는)"


def subject(word: str) -> str:
    tail = _final_consonant(word)
    return f"{word}{'이' if tail else '가'}" if tail is not None else f"{word}이(가)"


def direction(word: str) -> str:
    """으로/로: 로 after a vowel or ㄹ (tail index 8)."""
    tail = _final_consonant(word)
    if tail is None:
        return f"{word}(으)로"
    return f"{word}{'로' if tail in (0, 8) else '으로'}"
