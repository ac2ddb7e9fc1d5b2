"""Kakao Login: kauth for authorize/token (PKCE S256), kapi ``/v2/user/me`` for the profile.

A token from a mobile SDK is first checked at kapi ``/v1/user/access_token_info``, whose
``app_id`` says which Kakao app the token was issued to.
"""

from __future__ import annotations

from typing import Any

from wastecoach.auth.exceptions import (
    ProviderRejected,
    ProviderTokenForeign,
    ProviderTokenUnverifiable,
)
from wastecoach.auth.providers.base import ClientCredentials, OAuthProvider, ProviderProfile


class KakaoProvider(OAuthProvider):
    name = "kakao"
    uses_pkce = True

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        base_url: str,
        api_base_url: str,
        app_id: str | None = None,
    ) -> None:
        super().__init__(credentials)
        self.base_url = base_url.rstrip("/")
        self.api_base_url = api_base_url.rstrip("/")
        self.app_id = (app_id or "").strip() or None

    def authorization_endpoint(self) -> str:
        return f"{self.base_url}/oauth/authorize"

    def token_endpoint(self) -> str:
        return f"{self.base_url}/oauth/token"

    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        body = self.get_json(f"{self.api_base_url}/v2/user/me", access_token=access_token)
        return kakao_profile(body)

    def profile_from_sdk_access_token(self, access_token: str) -> ProviderProfile:
        if self.app_id is None:
            # Without our app id a token of any Kakao app would pass: refuse, never guess.
            raise ProviderTokenUnverifiable({"provider": "kakao", "setting": "kakao_app_id"})
        info = self.get_json(
            f"{self.api_base_url}/v1/user/access_token_info", access_token=access_token
        )
        if str(info.get("app_id", "")) != self.app_id:
            raise ProviderTokenForeign({"provider": "kakao"})
        return self.profile_from_access_token(access_token)


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
