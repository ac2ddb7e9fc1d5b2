"""Mobile SDK access tokens count only when the provider says they were issued to our app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import Providers
from tests.auth.helpers import EN, bearer, error_of, tokens_of
from tests.fakes.oauth_providers import FakeUser

KIM = FakeUser(subject="1234567890", email="kim@example.com", nickname="분리왕")
FOREIGN_KO = "다른 앱에서 발급된 로그인 토큰이에요. 이 앱으로 다시 로그인해 주세요."
FOREIGN_EN = "This sign-in token was issued to another app. Sign in again with this app."
UNVERIFIABLE_KO = (
    "이 로그인 방식은 앱의 액세스 토큰을 확인할 수 없어요. 인가 코드(code)로 로그인해 주세요."
)
UNVERIFIABLE_EN = (
    "Access tokens from this provider's app SDK cannot be verified here. "
    "Sign in with an authorization code instead."
)
INTROSPECTION = {"kakao": "/v1/user/access_token_info", "google": "/tokeninfo"}
USERINFO = {"kakao": "/v2/user/me", "google": "/v1/userinfo"}


def _sign_in(client: TestClient, provider: str, token: str, **headers: str):  # type: ignore[no-untyped-def]
    return client.post(f"/auth/{provider}/token", json={"access_token": token}, headers=headers)


@pytest.mark.parametrize("provider", ["kakao", "google"])
def test_token_of_our_app_is_checked_then_accepted(
    client: TestClient, providers: Providers, provider: str
) -> None:
    fake = providers.fake(provider)
    token = fake.issue_access_token(KIM)

    tokens = tokens_of(_sign_in(client, provider, token))

    me = client.get("/users/me", headers=bearer(tokens["access_token"])).json()
    assert me["email"] == "kim@example.com"
    [check] = fake.requests_to(INTROSPECTION[provider])
    if provider == "kakao":
        assert check.headers["authorization"] == f"Bearer {token}"
    else:
        assert check.query == {"access_token": token}
    assert len(fake.requests_to(USERINFO[provider])) == 1


@pytest.mark.parametrize("provider", ["kakao", "google"])
def test_token_of_another_app_is_refused_in_korean_and_english(
    client: TestClient, providers: Providers, provider: str
) -> None:
    fake = providers.fake(provider)
    token = fake.issue_access_token(KIM, for_another_app=True)

    error = error_of(_sign_in(client, provider, token), 401)
    assert error == {
        "code": "provider_token_foreign",
        "message": FOREIGN_KO,
        "details": {"provider": provider},
    }
    english = error_of(_sign_in(client, provider, token, **EN), 401)
    assert english["message"] == FOREIGN_EN
    # Refused on the introspection answer, before the profile was read.
    assert len(fake.requests_to(INTROSPECTION[provider])) == 2
    assert fake.requests_to(USERINFO[provider]) == []


def test_kakao_without_our_app_id_refuses_sdk_tokens(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WASTECOACH_OAUTH_KAKAO_APP_ID")
    token = providers.kakao.issue_access_token(KIM)

    error = error_of(_sign_in(client, "kakao", token), 400)
    assert error["code"] == "provider_token_unverifiable"
    assert error["message"] == UNVERIFIABLE_KO
    assert error["details"] == {"provider": "kakao", "setting": "kakao_app_id"}
    assert error_of(_sign_in(client, "kakao", token, **EN), 400)["message"] == UNVERIFIABLE_EN
    assert providers.kakao.requests == []  # refused without asking Kakao anything


def test_naver_sdk_tokens_are_refused_by_default(client: TestClient, providers: Providers) -> None:
    token = providers.naver.issue_access_token(KIM)
    error = error_of(_sign_in(client, "naver", token, **EN), 400)
    assert error["code"] == "provider_token_unverifiable"
    assert error["details"] == {"provider": "naver", "setting": "naver_accept_sdk_tokens"}
    assert providers.naver.requests == []


def test_naver_opt_in_cannot_tell_apps_apart_but_ids_differ_per_app(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented risk of the opt-in: another app's token signs in too, as someone new."""
    monkeypatch.setenv("WASTECOACH_OAUTH_NAVER_ACCEPT_SDK_TOKENS", "true")
    ours = tokens_of(_sign_in(client, "naver", providers.naver.issue_access_token(KIM)))
    foreign_token = providers.naver.issue_access_token(KIM, for_another_app=True)
    theirs = tokens_of(_sign_in(client, "naver", foreign_token))
    assert theirs["user_id"] != ours["user_id"]


def test_google_accepts_our_mobile_client_ids(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    android = "123-android.apps.googleusercontent.com"
    token = providers.google.issue_access_token(KIM, client_id=android)
    assert error_of(_sign_in(client, "google", token), 401)["code"] == "provider_token_foreign"

    monkeypatch.setenv("WASTECOACH_OAUTH_GOOGLE_MOBILE_CLIENT_IDS", f"ios.example,{android}")
    tokens_of(_sign_in(client, "google", token))
