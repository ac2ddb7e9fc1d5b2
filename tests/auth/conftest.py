from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.fakes.oauth_providers import FAKE_KAKAO_APP_ID, FakeProvider
from tests.users.fake_waste import fake_waste
from wastecoach.core import migrations
from wastecoach.core.config import get_settings
from wastecoach.main import create_app

__all__ = ["fake_waste"]  # fixture, used by name

OTHER_CLIENT = "https://app.example/signed-in"


@dataclass(frozen=True)
class Providers:
    kakao: FakeProvider
    kakao_url: str
    naver: FakeProvider
    naver_url: str
    google: FakeProvider
    google_url: str

    def fake(self, name: str) -> FakeProvider:
        fake: FakeProvider = getattr(self, name)
        return fake

    def url(self, name: str) -> str:
        url: str = getattr(self, f"{name}_url")
        return url


@pytest.fixture
def providers(
    fake_kakao: tuple[FakeProvider, str],
    fake_naver: tuple[FakeProvider, str],
    fake_google: tuple[FakeProvider, str],
) -> Providers:
    return Providers(*fake_kakao, *fake_naver, *fake_google)


@pytest.fixture
def auth_app(configure, providers: Providers) -> FastAPI:  # type: ignore[no-untyped-def]
    """The whole app, with the three providers pointed at their loopback fakes."""
    configure(
        oauth_kakao_client_id=providers.kakao.client_id,
        oauth_kakao_client_secret=providers.kakao.client_secret,
        oauth_kakao_base_url=providers.kakao_url,
        oauth_kakao_api_base_url=providers.kakao_url,
        oauth_kakao_app_id=str(FAKE_KAKAO_APP_ID),
        oauth_naver_client_id=providers.naver.client_id,
        oauth_naver_client_secret=providers.naver.client_secret,
        oauth_naver_base_url=providers.naver_url,
        oauth_naver_api_base_url=providers.naver_url,
        oauth_google_client_id=providers.google.client_id,
        oauth_google_client_secret=providers.google.client_secret,
        oauth_google_discovery_url=f"{providers.google_url}/.well-known/openid-configuration",
        oauth_google_tokeninfo_url=f"{providers.google_url}/tokeninfo",
        oauth_redirect_allowlist=f"/,{OTHER_CLIENT}",
    )
    migrations.upgrade(get_settings().effective_database_url)
    return create_app()


@pytest.fixture
def client(auth_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(auth_app, raise_server_exceptions=False) as test_client:
        yield test_client
