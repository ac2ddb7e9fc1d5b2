"""Kakao Login: kauth for authorize/token (PKCE S256), kapi ``/v2/user/me`` for the profile."""

from __future__ import annotations

from typing import Any

from wastecoach.auth.exceptions import ProviderRejected
from wastecoach.auth.providers.base import ClientCredentials, OAuthProvider, ProviderProfile


class KakaoProvider(OAuthProvider):
    name = "kakao"
    uses_pkce = True

    def __init__(self, credentials: ClientCredentials, *, base_url: str, api_base_url: str) -> None:
        super().__init__(credentials)
        self.base_url = base_url.rstrip("/")
        self.api_base_url = api_base_url.rstrip("/")

    def authorization_endpoint(self) -> str:
        return f"{self.base_url}/oauth/authorize"

    def token_endpoint(self) -> str:
        return f"{self.base_url}/oauth/token"

    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        body = self.get_json(f"{self.api_base_url}/v2/user/me", access_token=access_token)
        return kakao_profile(body)


def kakao_profile(body: dict[str, Any]) -> ProviderProfile:
    subject = body.get("id")
    if subject is None:
        raise ProviderRejected({"provider": "kakao", "reason": "no id"})
    account = body.get("kakao_account") or {}
    profile = account.get("profile") or {}
    properties = body.get("properties") or {}
    email = account.get("email") if account.get("is_email_valid") else None
    return ProviderProfile(
        provider="kakao",
        subject=str(subject),
        email=email,
        email_verified=bool(email and account.get("is_email_verified")),
        display_name=profile.get("nickname") or properties.get("nickname"),
    )
