"""OAuth providers: one capability (:class:`OAuthProvider`), adapters chosen by configuration."""

from __future__ import annotations

from wastecoach.auth.config import OAuthSettings
from wastecoach.auth.exceptions import ProviderNotConfigured
from wastecoach.auth.providers.base import (
    PROVIDER_NAMES,
    ClientCredentials,
    CodeExchange,
    OAuthProvider,
    ProviderName,
    ProviderProfile,
)
from wastecoach.auth.providers.google import GoogleProvider
from wastecoach.auth.providers.kakao import KakaoProvider
from wastecoach.auth.providers.naver import NaverProvider

__all__ = [
    "PROVIDER_NAMES",
    "CodeExchange",
    "OAuthProvider",
    "ProviderName",
    "ProviderProfile",
    "enabled_providers",
    "get_provider",
]


def get_provider(name: str) -> OAuthProvider:
    """The adapter for ``name``; 404 ``provider_not_configured`` when it has no client id."""
    settings = OAuthSettings()
    timeout = settings.http_timeout_s
    if name == "kakao" and settings.kakao_client_id:
        return KakaoProvider(
            ClientCredentials(settings.kakao_client_id, settings.kakao_client_secret, timeout),
            base_url=settings.kakao_base_url,
            api_base_url=settings.kakao_api_base_url,
            app_id=settings.kakao_app_id,
        )
    if name == "naver" and settings.naver_client_id:
        return NaverProvider(
            ClientCredentials(settings.naver_client_id, settings.naver_client_secret, timeout),
            base_url=settings.naver_base_url,
            api_base_url=settings.naver_api_base_url,
            accept_sdk_tokens=settings.naver_accept_sdk_tokens,
        )
    if name == "google" and settings.google_client_id:
        return GoogleProvider(
            ClientCredentials(settings.google_client_id, settings.google_client_secret, timeout),
            discovery_url=settings.google_discovery_url,
            ttl_s=settings.discovery_ttl_s,
            jwks_cooldown_s=settings.jwks_refetch_cooldown_s,
            tokeninfo_url=settings.google_tokeninfo_url,
            mobile_client_ids=tuple(settings.google_mobile_client_ids),
        )
    raise ProviderNotConfigured({"provider": name})


def enabled_providers() -> list[ProviderName]:
    settings = OAuthSettings()
    configured = {
        "kakao": settings.kakao_client_id,
        "naver": settings.naver_client_id,
        "google": settings.google_client_id,
    }
    return [name for name in PROVIDER_NAMES if configured[name]]
