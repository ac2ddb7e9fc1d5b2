"""Revoked access-token ids, kept in the cache until the token would have expired anyway."""

from __future__ import annotations

import time

from wastecoach.core.cache import get_cache

_KEY = "auth:revoked:{jti}"


def revoke_token(token_id: str, *, expires_at: int) -> None:
    ttl = max(1, expires_at - int(time.time()))
    get_cache().set(_KEY.format(jti=token_id), "1", ttl_s=ttl)


def is_token_revoked(token_id: str) -> bool:
    return get_cache().get(_KEY.format(jti=token_id)) is not None
