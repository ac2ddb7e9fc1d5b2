"""Naver Login: ``/oauth2.0/authorize`` and ``/oauth2.0/token`` (which takes ``state``, and
reports errors in a 200 body), profile from openapi ``/v1/nid/me``. No PKCE."""

from __future__ import annotations

from typing import Any

from wastecoach.auth.exceptions import ProviderRejected
from wastecoach.auth.providers.base import (
    ClientCredentials,
    CodeExchange,
    OAuthProvider,
    ProviderProfile,
)


class NaverProvider(OAuthProvider):
    name = "naver"

    def __init__(self, credentials: ClientCredentials, *, base_url: str, api_base_url: str) -> None:
        super().__init__(credentials)
        self.base_url = base_url.rstrip("/")
        self.api_base_url = api_base_url.rstrip("/")

    def authorization_endpoint(self) -> str:
        return f"{self.base_url}/oauth2.0/authorize"

    def token_endpoint(self) -> str:
        return f"{self.base_url}/oauth2.0/token"

    def token_request_extras(self, exchange: CodeExchange) -> dict[str, str]:
        return {"state": exchange.state} if exchange.state else {}

    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        body = self.get_json(f"{self.api_base_url}/v1/nid/me", access_token=access_token)
        return naver_profile(body)


def naver_profile(body: dict[str, Any]) -> ProviderProfile:
    response = body.get("response")
    if body.get("resultcode") != "00" or not isinstance(response, dict) or not response.get("id"):
        raise ProviderRejected({"provider": "naver", "reason": body.get("message")})
    return ProviderProfile(
        provider="naver",
        subject=str(response["id"]),
        email=response.get("email"),
        # Naver's profile API says nothing about verification, so the address is not trusted
        # for anything that needs a verified e-mail (the admin list).
        email_verified=False,
        display_name=response.get("nickname") or response.get("name"),
    )
