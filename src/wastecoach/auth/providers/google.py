"""Google (OpenID Connect): endpoints from the discovery document, PKCE S256, a nonce, and an
ID token verified against the discovery document's JWKS (signature, iss, aud, exp, nonce).

From a mobile app an ID token is preferred (its ``aud`` is checked offline). An access token is
first looked up at the tokeninfo endpoint, whose ``aud``/``azp`` name the client it was issued
to; Google describes tokeninfo as a debugging aid that may be throttled, hence the preference.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import httpx2
import jwt

from wastecoach.auth.exceptions import (
    IdTokenInvalid,
    ProviderRejected,
    ProviderTokenForeign,
    ProviderUnavailable,
)
from wastecoach.auth.providers.base import ClientCredentials, OAuthProvider, ProviderProfile

# Asymmetric algorithms only: "none" and HMAC (which would accept the public key as a
# secret) are never acceptable for a token signed by someone else.
SAFE_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"})
GOOGLE_ISSUER = "https://accounts.google.com"

_discovery_lock = threading.Lock()
_discovery_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def fetch_discovery(url: str, *, timeout_s: float, ttl_s: int) -> dict[str, Any]:
    now = time.monotonic()
    with _discovery_lock:
        cached = _discovery_cache.get(url)
        if cached is not None and cached[0] > now:
            return cached[1]
    try:
        response = httpx2.get(url, timeout=timeout_s)
        response.raise_for_status()
        document = response.json()
    except (httpx2.HTTPError, ValueError) as exc:
        raise ProviderUnavailable({"provider": "google", "what": "discovery"}) from exc
    required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or any(key not in document for key in required):
        raise ProviderUnavailable({"provider": "google", "what": "discovery"})
    with _discovery_lock:
        _discovery_cache[url] = (now + ttl_s, document)
    return document


@lru_cache(maxsize=8)
def _jwks_client(jwks_uri: str, cooldown_s: float) -> jwt.PyJWKClient:
    # Keys are cached; an unknown kid (Google rotated) refetches, at most once per cooldown.
    return jwt.PyJWKClient(
        jwks_uri, cache_keys=True, lifespan=3600, timeout=10, cooldown_duration=cooldown_s
    )


class GoogleProvider(OAuthProvider):
    name = "google"
    uses_pkce = True
    uses_nonce = True
    scope = "openid email profile"

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        discovery_url: str,
        ttl_s: int,
        jwks_cooldown_s: float,
        tokeninfo_url: str = "https://oauth2.googleapis.com/tokeninfo",
        mobile_client_ids: tuple[str, ...] = (),
    ) -> None:
        super().__init__(credentials)
        self.discovery_url = discovery_url
        self.ttl_s = ttl_s
        self.jwks_cooldown_s = jwks_cooldown_s
        self.tokeninfo_url = tokeninfo_url
        # Tokens an app obtained on its own carry that app's (Android / iOS) client id.
        self.app_client_ids = frozenset({credentials.client_id, *mobile_client_ids})

    def discovery(self) -> dict[str, Any]:
        return fetch_discovery(
            self.discovery_url, timeout_s=self.credentials.timeout_s, ttl_s=self.ttl_s
        )

    def authorization_endpoint(self) -> str:
        return str(self.discovery()["authorization_endpoint"])

    def token_endpoint(self) -> str:
        return str(self.discovery()["token_endpoint"])

    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        url = self.discovery().get("userinfo_endpoint")
        if not url:
            raise ProviderUnavailable({"provider": "google", "what": "userinfo_endpoint"})
        return _profile(self.get_json(str(url), access_token=access_token))

    def profile_from_sdk_access_token(self, access_token: str) -> ProviderProfile:
        info = self.get_json(
            self.tokeninfo_url, access_token=None, params={"access_token": access_token}
        )
        issued_to = {str(info[key]) for key in ("aud", "azp") if info.get(key)}
        if not issued_to or not issued_to <= self.app_client_ids:
            raise ProviderTokenForeign({"provider": "google"})
        profile = self.profile_from_access_token(access_token)
        if str(info.get("sub", profile.subject)) != profile.subject:
            raise ProviderRejected({"provider": "google", "reason": "sub mismatch"})
        return profile

    def profile_from_token_response(
        self, token: Mapping[str, Any], *, nonce: str | None
    ) -> ProviderProfile:
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise ProviderRejected({"provider": "google", "reason": "no id_token"})
        # From our own code exchange: the token must name our web client, nobody else.
        audiences = [self.credentials.client_id]
        return _profile(self.verify_id_token(id_token, nonce=nonce, audiences=audiences))

    def profile_from_id_token(self, id_token: str, *, nonce: str | None) -> ProviderProfile:
        audiences = sorted(self.app_client_ids)
        return _profile(self.verify_id_token(id_token, nonce=nonce, audiences=audiences))

    def verify_id_token(
        self, id_token: str, *, nonce: str | None, audiences: list[str] | None = None
    ) -> dict[str, Any]:
        discovery = self.discovery()
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise IdTokenInvalid({"reason": "malformed"}) from exc
        advertised = set(discovery.get("id_token_signing_alg_values_supported") or ["RS256"])
        algorithms = sorted(advertised & SAFE_ALGORITHMS)
        if header.get("alg") not in algorithms:
            raise IdTokenInvalid({"reason": "algorithm"})
        try:
            jwks = _jwks_client(str(discovery["jwks_uri"]), self.jwks_cooldown_s)
            key = jwks.get_signing_key_from_jwt(id_token)
        except jwt.PyJWKClientConnectionError as exc:
            raise ProviderUnavailable({"provider": "google", "what": "jwks"}) from exc
        except jwt.PyJWTError as exc:
            raise IdTokenInvalid({"reason": "unknown_key"}) from exc
        issuer = str(discovery["issuer"])
        issuers = [issuer, "accounts.google.com"] if issuer == GOOGLE_ISSUER else [issuer]
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=algorithms,
                audience=audiences or [self.credentials.client_id],
                issuer=issuers,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
                leeway=30,
            )
        except jwt.ExpiredSignatureError as exc:
            raise IdTokenInvalid({"reason": "expired"}) from exc
        except jwt.InvalidAudienceError as exc:
            raise IdTokenInvalid({"reason": "audience"}) from exc
        except jwt.InvalidIssuerError as exc:
            raise IdTokenInvalid({"reason": "issuer"}) from exc
        except jwt.InvalidSignatureError as exc:
            raise IdTokenInvalid({"reason": "signature"}) from exc
        except jwt.PyJWTError as exc:
            raise IdTokenInvalid({"reason": "invalid"}) from exc
        if nonce is not None and not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
            raise IdTokenInvalid({"reason": "nonce"})
        return claims


def _profile(claims: Mapping[str, Any]) -> ProviderProfile:
    subject = claims.get("sub")
    if not subject:
        raise ProviderRejected({"provider": "google", "reason": "no sub"})
    email = claims.get("email")
    verified = claims.get("email_verified") in (True, "true")
    return ProviderProfile(
        provider="google",
        subject=str(subject),
        email=email if isinstance(email, str) else None,
        email_verified=bool(email) and verified,
        display_name=claims.get("name") or claims.get("given_name"),
    )
