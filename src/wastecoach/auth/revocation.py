"""Revoked access-token ids, kept in the cache until the token would have expired anyway.

Access tokens live 15 minutes, so the cache (Redis in production) is the only store for
their revocation: an entry needs to outlast the token by nothing, and if the cache were
lost the exposure is bounded by the token's own lifetime. Refresh tokens, which live
14 days, are revoked in the database as well (see ``refresh_tokens``).

The check fails open while the cache is unreachable: every authenticated read would otherwise
fail with it. The trade-off is that, during a cache outage, a token revoked by a logout stays
usable until it expires (at most the 15-minute access lifetime); a warning is logged for each
such check. Revoking (logout) still needs the cache and fails with a 503 when it is down.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from wastecoach.core.cache import get_cache

logger = logging.getLogger(__name__)

_KEY = "auth:revoked:{jti}"


def revoke_token(token_id: str, *, expires_at: int) -> None:
    ttl = max(1, expires_at - int(time.time()))
    get_cache().set(_KEY.format(jti=token_id), "1", ttl_s=ttl)


def is_token_revoked(token_id: str) -> bool:
    try:
        return get_cache().get(_KEY.format(jti=token_id)) is not None
    except (RedisConnectionError, RedisTimeoutError) as exc:
        logger.warning("revocation check skipped, cache unavailable: %s", exc.__class__.__name__)
        return False
