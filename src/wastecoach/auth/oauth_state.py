"""Pending browser logins: ``state`` kept server-side (single use) and bound to the browser.

The state, PKCE verifier and nonce live in the cache for ten minutes. Consuming a state
first claims a "used" marker with ``set_if_absent`` (atomic on Redis), so a replayed or
raced callback fails even before the entry is deleted. The browser holds an HttpOnly,
SameSite=Lax cookie carrying the state and an HMAC of it under the session secret; the
callback must present the same state in the query and in a correctly signed cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass

from wastecoach.core.cache import get_cache
from wastecoach.core.config import get_settings

_ENTRY = "auth:oauth_state:{digest}"
_USED = "auth:oauth_state_used:{digest}"


@dataclass(frozen=True)
class PendingLogin:
    provider: str
    client_redirect_uri: str
    provider_redirect_uri: str
    code_verifier: str | None
    nonce: str | None
    link_user_id: str | None = None
    link_token_id: str | None = None
    link_token_expires_at: int | None = None


def _digest(state: str) -> str:
    # Cache keys carry a hash, so whoever can list the cache cannot replay a live state.
    return hashlib.sha256(state.encode()).hexdigest()


def save(state: str, pending: PendingLogin, *, ttl_s: int) -> None:
    stored = get_cache().set_if_absent(
        _ENTRY.format(digest=_digest(state)), json.dumps(asdict(pending)), ttl_s
    )
    if not stored:  # 256 random bits collided: refuse rather than overwrite
        raise RuntimeError("oauth state collision")


def consume(state: str, *, ttl_s: int) -> PendingLogin | None:
    """The pending login for ``state``, once; None when unknown, expired or already used."""
    digest = _digest(state)
    cache = get_cache()
    if not cache.set_if_absent(_USED.format(digest=digest), "1", ttl_s):
        return None
    raw = cache.get(_ENTRY.format(digest=digest))
    cache.delete(_ENTRY.format(digest=digest))
    if raw is None:
        return None
    return PendingLogin(**json.loads(raw))


def _signature(state: str) -> str:
    secret = get_settings().session_secret.encode()
    return hmac.new(secret, f"oauth-state:{state}".encode(), hashlib.sha256).hexdigest()


def cookie_value(state: str) -> str:
    return f"{state}.{_signature(state)}"


def cookie_matches(cookie: str | None, state: str) -> bool:
    if not cookie:
        return False
    cookie_state, _, signature = cookie.rpartition(".")
    return (
        bool(cookie_state)
        and hmac.compare_digest(cookie_state, state)
        and hmac.compare_digest(signature, _signature(cookie_state))
    )
