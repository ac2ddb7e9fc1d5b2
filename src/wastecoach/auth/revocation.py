"""Revoked access-token ids, kept in the cache until the token would have expired anyway.

Access tokens live 15 minutes, so the cache (Redis in production) is the only store for
their revocation: an entry needs to outlast the token by nothing, and if the cache were
lost the exposure is bounded by the token's own lifetime. Refresh tokens, which live
14 days, are revoked in the database as well (see ``refresh_tokens``).
"""

from __future__ import annotations

import time

from wastecoach.core.cache import get_cache

_KEY = "auth:revoked:{jti}"


def revoke_token(token_id: str, *, expires_at: int) -> None:
    ttl = max(1, expires_at - int(time.time()))
    get_cache().set(_KEY.format(jti=token_id), "1", ttl_s=ttl)


def is_token_revoked(token_id: str) -> bool:
    return get_cache().get(_KEY.format(jti=token_id)) is not None
