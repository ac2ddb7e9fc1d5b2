"""Fixed-window rate limits kept in the shared cache (Redis in production)."""

from __future__ import annotations

import time

from wastecoach.core.cache import get_cache
from wastecoach.core.errors import TooManyRequests


def enforce_rate_limit(scope: str, subject: str, *, limit: int, window_s: int) -> None:
    """Allow ``limit`` calls per ``window_s`` for (scope, subject); 429 with Retry-After past it."""
    window = int(time.time()) // window_s
    count = get_cache().incr(f"ratelimit:{scope}:{subject}:{window}", ttl_s=window_s + 1)
    if count > limit:
        retry_after = window_s - int(time.time()) % window_s
        raise TooManyRequests(
            {"scope": scope, "limit": limit, "window_s": window_s},
            headers={"Retry-After": str(retry_after)},
        )
