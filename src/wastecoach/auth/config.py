"""Settings of the auth service: OAuth providers (``WASTECOACH_OAUTH_*``) and limits
(``WASTECOACH_AUTH_*``). A provider without a client id is switched off."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from wastecoach.core.config import split_list


class OAuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_OAUTH_", extra="ignore")

    kakao_client_id: str | None = None  # the app's REST API key
    kakao_client_secret: str | None = None
    # The numeric app ID (Kakao Developers > app > summary). An access token from a mobile SDK
    # is accepted only when Kakao reports it was issued to this app; empty refuses SDK tokens.
    kakao_app_id: str | None = None
    kakao_base_url: str = "https://kauth.kakao.com"
    kakao_api_base_url: str = "https://kapi.kakao.com"
    naver_client_id: str | None = None
    naver_client_secret: str | None = None
    naver_base_url: str = "https://nid.naver.com"
    naver_api_base_url: str = "https://openapi.naver.com"
    # Naver documents no way to learn which client an access token was issued to, so an SDK
    # token cannot be tied to our app. Off by default; see NaverProvider for the risk.
    naver_accept_sdk_tokens: bool = False
    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_discovery_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    # Android / iOS OAuth client ids of our apps: accepted as the audience of SDK tokens,
    # next to google_client_id.
    google_mobile_client_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    google_tokeninfo_url: str = "https://oauth2.googleapis.com/tokeninfo"
    # Where a finished browser login may send the tokens: exact matches only.
    redirect_allowlist: Annotated[list[str], NoDecode] = Field(default=["/"], min_length=1)
    state_ttl_s: int = Field(default=600, gt=0)
    http_timeout_s: float = Field(default=10.0, gt=0)
    discovery_ttl_s: int = Field(default=3600, ge=0)
    # An ID token with an unknown kid refetches the JWKS at most this often (abuse guard).
    jwks_refetch_cooldown_s: float = Field(default=30.0, ge=0)

    _split = field_validator("redirect_allowlist", "google_mobile_client_ids", mode="before")(
        split_list
    )


class AuthSettings(BaseSettings):
    """Rate limits: calls per ``rate_window_s``, per client IP and per account."""

    model_config = SettingsConfigDict(env_prefix="WASTECOACH_AUTH_", extra="ignore")

    rate_window_s: int = Field(default=60, gt=0)
    login_per_ip: int = 30
    login_per_account: int = 10
    register_per_ip: int = 10
    guest_per_ip: int = 20
    refresh_per_ip: int = 60
    refresh_per_account: int = 30
    password_min_length: int = 8
