"""The OAuth capability every provider adapter implements.

An adapter knows its provider's endpoints and profile format; the auth service knows
nothing provider-specific. HTTP goes through Authlib's httpx-based ``OAuth2Client``.
Provider failures become our errors: a refusal (bad code, PKCE mismatch, unknown access
token) is :class:`ProviderRejected`, an outage is :class:`ProviderUnavailable`.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

import httpx2
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2Client

from wastecoach.auth.exceptions import (
    CredentialRequired,
    ProviderRejected,
    ProviderTokenUnverifiable,
    ProviderUnavailable,
)

logger = logging.getLogger(__name__)

ProviderName = Literal["kakao", "naver", "google"]
PROVIDER_NAMES: tuple[ProviderName, ...] = ("kakao", "naver", "google")


@dataclass(frozen=True)
class ProviderProfile:
    provider: ProviderName
    subject: str
    email: str | None
    email_verified: bool
    display_name: str | None


@dataclass(frozen=True)
class CodeExchange:
    code: str
    redirect_uri: str
    state: str | None = None
    code_verifier: str | None = None
    nonce: str | None = None


@dataclass(frozen=True)
class ClientCredentials:
    client_id: str
    client_secret: str | None
    timeout_s: float


class OAuthProvider(ABC):
    name: ClassVar[ProviderName]
    uses_pkce: ClassVar[bool] = False
    uses_nonce: ClassVar[bool] = False
    scope: ClassVar[str | None] = None

    def __init__(self, credentials: ClientCredentials) -> None:
        self.credentials = credentials

    # -- endpoints (adapters) -----------------------------------------------------------------

    @abstractmethod
    def authorization_endpoint(self) -> str: ...

    @abstractmethod
    def token_endpoint(self) -> str: ...

    @abstractmethod
    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        """Read the profile from the provider's user-info endpoint (this checks the token)."""

    def profile_from_sdk_access_token(self, access_token: str) -> ProviderProfile:
        """An access token a mobile app sent us: first prove it was issued to our app.

        The user-info endpoint accepts any valid token, including one another app obtained,
        so an adapter must check the token's client before reading the profile. Adapters
        that cannot check it refuse.
        """
        raise ProviderTokenUnverifiable({"provider": self.name})

    def profile_from_id_token(self, id_token: str, *, nonce: str | None) -> ProviderProfile:
        raise CredentialRequired({"provider": self.name, "unsupported": "id_token"})

    def profile_from_token_response(
        self, token: Mapping[str, Any], *, nonce: str | None
    ) -> ProviderProfile:
        access_token = token.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise ProviderRejected({"provider": self.name, "reason": "no access_token"})
        return self.profile_from_access_token(access_token)

    def token_request_extras(self, exchange: CodeExchange) -> dict[str, str]:
        return {}

    # -- the flow ------------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> OAuth2Client:
        secret = self.credentials.client_secret
        return OAuth2Client(
            client_id=self.credentials.client_id,
            client_secret=secret,
            token_endpoint_auth_method="client_secret_post" if secret else "none",
            scope=self.scope,
            timeout=self.credentials.timeout_s,
            code_challenge_method="S256" if self.uses_pkce else None,
            **kwargs,
        )

    def authorization_url(
        self, *, redirect_uri: str, state: str, code_verifier: str | None, nonce: str | None
    ) -> str:
        extra: dict[str, str] = {}
        if self.uses_nonce and nonce:
            extra["nonce"] = nonce
        with self.client(redirect_uri=redirect_uri) as client:
            url, _ = client.create_authorization_url(
                self.authorization_endpoint(),
                state=state,
                code_verifier=code_verifier if self.uses_pkce else None,
                **extra,
            )
        return str(url)

    def exchange_code(self, exchange: CodeExchange) -> ProviderProfile:
        extras = self.token_request_extras(exchange)
        if self.uses_pkce and exchange.code_verifier:
            extras["code_verifier"] = exchange.code_verifier
        with self.provider_errors(), self.client(redirect_uri=exchange.redirect_uri) as client:
            token = client.fetch_token(
                self.token_endpoint(),
                # In the body, not as keywords: Authlib keeps a ``state`` keyword to itself.
                body=urlencode(extras),
                grant_type="authorization_code",
                code=exchange.code,
            )
        return self.profile_from_token_response(token, nonce=exchange.nonce)

    def get_json(
        self, url: str, *, access_token: str | None, params: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """GET ``url`` (with the access token as a bearer when given) and return its JSON."""
        token = {"access_token": access_token, "token_type": "Bearer"} if access_token else None
        with self.provider_errors(), self.client(token=token) as client:
            response = client.request(
                "GET", url, params=dict(params or {}), withhold_token=access_token is None
            )
            response.raise_for_status()
            body = response.json()
        if not isinstance(body, dict):
            raise ProviderRejected({"provider": self.name, "reason": "unexpected profile"})
        return body

    @contextmanager
    def provider_errors(self) -> Iterator[None]:
        try:
            yield
        except OAuthError as exc:
            logger.info("%s refused a token request: %s", self.name, exc.error)
            raise ProviderRejected({"provider": self.name, "reason": exc.error}) from exc
        except httpx2.HTTPStatusError as exc:
            status = exc.response.status_code
            if status >= 500 or status == 429:
                raise ProviderUnavailable({"provider": self.name, "status": status}) from exc
            raise ProviderRejected({"provider": self.name, "status": status}) from exc
        except (httpx2.HTTPError, ValueError) as exc:
            logger.warning("%s unreachable: %s", self.name, exc.__class__.__name__)
            raise ProviderUnavailable({"provider": self.name}) from exc
