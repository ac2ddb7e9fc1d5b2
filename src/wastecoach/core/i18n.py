"""Language negotiation: Korean by default, English when the client asks for it."""

from __future__ import annotations

from typing import Literal

Lang = Literal["ko", "en"]


def negotiate_language(accept_language: str | None) -> Lang:
    """Pick ``en`` only when English outranks Korean in ``Accept-Language``."""
    if not accept_language:
        return "ko"
    best: tuple[float, Lang] = (0.0, "ko")
    for raw in accept_language.split(","):
        tag, _, params = raw.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("ko", "en") and quality > best[0]:
            best = (quality, "en" if primary == "en" else "ko")
    return best[1]
