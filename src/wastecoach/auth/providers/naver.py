"""Naver Login: ``/oauth2.0/authorize`` and ``/oauth2.0/token`` (which takes ``state``, and
reports errors in a 200 body), profile from openapi ``/v1/nid/me``. No PKCE.

Access tokens from the mobile SDK: Naver documents no endpoint that tells which client a token
was issued to (``/v1/nid/verify`` returns the token, its expiry and the allowed profile fields,
no client id), so such a token cannot be tied to our app. Naver's user ids differ per app,
which keeps a token obtained by another app from opening an existing account here, but it
would still create an account (under that app's id for the person) on a credential we never
issued. SDK tokens are therefore refused unless ``naver_accept_sdk_tokens`` is set; apps can
send the authorization code instead, which we redeem with our own client secret. (Naver's
OpenID Connect endpoints issue ID tokens with an ``aud``; they would be the way to verify.)
"""

from __future__ import annotations

import logging
from typing import Any

from wastecoach.auth.exceptions import ProviderRejected, ProviderTokenUnverifiable
from wastecoach.auth.providers.base import (
    ClientCredentials,
    CodeExchange,
    OAuthProvider,
    ProviderProfile,
)

logger = logging.getLogger(__name__)


class NaverProvider(OAuthProvider):
    name = "naver"

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        base_url: str,
        api_base_url: str,
        accept_sdk_tokens: bool = False,
    ) -> None:
        super().__init__(credentials)
        self.base_url = base_url.rstrip("/")
        self.api_base_url = api_base_url.rstrip("/")
        self.accept_sdk_tokens = accept_sdk_tokens

    def authorization_endpoint(self) -> str:
        return f"{self.base_url}/oauth2.0/authorize"

    def token_endpoint(self) -> str:
        return f"{self.base_url}/oauth2.0/token"

    def token_request_extras(self, exchange: CodeExchange) -> dict[str, str]:
        return {"state": exchange.state} if exchange.state else {}

    def profile_from_access_token(self, access_token: str) -> ProviderProfile:
        body = self.get_json(f"{self.api_base_url}/v1/nid/me", access_token=access_token)
        return naver_profile(body)

    def profile_from_sdk_access_token(self, access_token: str) -> ProviderProfile:
        if not self.accept_sdk_tokens:
            raise ProviderTokenUnverifiable(
                {"provider": "naver", "setting": "naver_accept_sdk_tokens"}
            )
        logger.info("naver: accepting an SDK access token whose client cannot be checked")
        return self.profile_from_access_token(access_token)


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
