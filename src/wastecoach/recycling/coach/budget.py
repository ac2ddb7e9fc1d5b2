"""Per-user limits on LLM use: requests per minute and tokens per day (in the shared cache)."""

from __future__ import annotations

import time

from wastecoach.core.cache import get_cache
from wastecoach.core.timeutil import now_kst
from wastecoach.recycling.config import CoachSettings

_DAY_S = 24 * 3600


def _tokens_key(user_id: str) -> str:
    return f"llm:tokens:{user_id}:{now_kst():%Y%m%d}"


def allow(user_id: str, settings: CoachSettings) -> bool:
    cache = get_cache()
    minute = int(time.time()) // 60
    requests = cache.incr(f"llm:requests:{user_id}:{minute}", ttl_s=61)
    if requests > settings.requests_per_minute_per_user:
        return False
    spent = int(cache.get(_tokens_key(user_id)) or 0)
    return spent < settings.daily_tokens_per_user


def spend(user_id: str, tokens: int) -> None:
    if tokens > 0:
        get_cache().incr(_tokens_key(user_id), ttl_s=_DAY_S, amount=tokens)
