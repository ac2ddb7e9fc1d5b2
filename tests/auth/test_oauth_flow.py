"""Browser and mobile sign-in against the loopback Kakao, Naver and Google fakes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import OTHER_CLIENT, Providers
from tests.auth.helpers import (
    EN,
    JSON,
    bearer,
    browser_login,
    consent,
    error_of,
    provider_access_token,
    query_of,
    start_login,
    tokens_of,
)
from tests.fakes.oauth_providers import FakeUser, TokenError, s256_challenge
from tests.users.fake_waste import FakeWaste

USERS = {
    "kakao": FakeUser(subject="1234567890", email="kim@example.com", nickname="분리왕"),
    "naver": FakeUser(subject="naver-77", email="lee@example.com", nickname="재활용요정"),
    "google": FakeUser(subject="1098", email="park@example.com", name="박재활"),
}
TOKEN_PATHS = {"kakao": "/oauth/token", "naver": "/oauth2.0/token", "google": "/token"}
DISPLAY_NAMES = {"kakao": "분리왕", "naver": "재활용요정", "google": "박재활"}


@pytest.mark.parametrize("provider", ["kakao", "naver", "google"])
def test_browser_login_issues_our_tokens_and_me_works(
    client: TestClient, providers: Providers, provider: str
) -> None:
    fake = providers.fake(provider)
    fake.set_next_user(USERS[provider])

    authorization_url = start_login(client, provider)
    assert authorization_url.startswith(providers.url(provider))
    params = query_of(authorization_url)
    assert params["client_id"] == fake.client_id
    assert params["redirect_uri"] == f"http://127.0.0.1:8000/auth/{provider}/callback"
    assert len(params["state"]) >= 32
    cookie = client.cookies.get(f"wastecoach_oauth_state_{provider}")
    assert cookie is not None and cookie.startswith(params["state"] + ".")

    callback = consent(authorization_url)
    tokens = tokens_of(client.get(callback, headers=JSON))
    assert tokens["role"] == "user" and tokens["expires_in"] == 900
    assert tokens["refresh_expires_in"] == 14 * 24 * 3600

    me = client.get("/users/me", headers=bearer(tokens["access_token"]))
    assert me.status_code == 200, me.text
    assert me.json()["id"] == tokens["user_id"]
    assert me.json()["display_name"] == DISPLAY_NAMES[provider]
    assert me.json()["email"] == USERS[provider].email
    assert me.json()["is_guest"] is False

    [token_call] = fake.requests_to(TOKEN_PATHS[provider])
    if provider in ("kakao", "google"):
        assert params["code_challenge_method"] == "S256"
        assert s256_challenge(token_call.params["code_verifier"]) == params["code_challenge"]
    else:
        assert "code_challenge" not in params
    if provider == "google":
        assert params["nonce"] and "openid" in params["scope"].split()

    identities = client.get("/auth/identities", headers=bearer(tokens["access_token"])).json()
    assert [identity["provider"] for identity in identities] == [provider]


def test_signing_in_again_finds_the_same_account(client: TestClient, providers: Providers) -> None:
    providers.kakao.set_next_user(USERS["kakao"])
    first = tokens_of(browser_login(client, "kakao"))
    second = tokens_of(browser_login(client, "kakao"))
    assert first["user_id"] == second["user_id"]
    assert first["refresh_token"] != second["refresh_token"]


def test_browser_callback_redirects_with_tokens_in_the_fragment(
    client: TestClient, providers: Providers
) -> None:
    callback = consent(start_login(client, "naver", redirect_uri=OTHER_CLIENT))
    response = client.get(callback, follow_redirects=False)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == OTHER_CLIENT
    assert location.query == ""
    fragment = dict(parse_qsl(location.fragment))
    assert fragment["token_type"] == "bearer" and fragment["role"] == "user"
    assert client.get("/users/me", headers=bearer(fragment["access_token"])).status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "wastecoach_oauth_state_naver" not in client.cookies


def test_default_redirect_is_our_own_web_client(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "google"))
    response = client.get(callback, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"].startswith("/#access_token=")


def test_login_start_can_answer_json_for_single_page_apps(
    client: TestClient, providers: Providers
) -> None:
    response = client.get("/auth/kakao/login", headers=JSON)
    assert response.status_code == 200
    url = response.json()["authorization_url"]
    assert url.startswith(f"{providers.kakao_url}/oauth/authorize?")
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=lax" in response.headers["set-cookie"].lower()


def test_guest_links_a_provider_and_keeps_its_id(
    client: TestClient, providers: Providers, fake_waste: FakeWaste
) -> None:
    guest = tokens_of(client.post("/auth/guest"))
    assert guest["role"] == "guest"
    fake_waste.add_scans(guest["user_id"], "플라스틱류", "종이류")

    providers.kakao.set_next_user(USERS["kakao"])
    linked = tokens_of(browser_login(client, "kakao", headers=bearer(guest["access_token"])))

    assert linked["user_id"] == guest["user_id"]
    assert linked["role"] == "user"
    assert fake_waste.called("reassign_owner") == []
    scans = client.get("/users/me/scans", headers=bearer(linked["access_token"])).json()
    assert scans["total"] == 2
    me = client.get("/users/me", headers=bearer(linked["access_token"])).json()
    assert (me["is_guest"], me["email"]) == (False, "kim@example.com")


def test_guest_signing_in_to_an_existing_account_is_merged(
    client: TestClient, providers: Providers, fake_waste: FakeWaste
) -> None:
    providers.google.set_next_user(USERS["google"])
    existing = tokens_of(browser_login(client, "google"))
    guest = tokens_of(client.post("/auth/guest"))
    fake_waste.add_scans(guest["user_id"], "유리병")

    merged = tokens_of(browser_login(client, "google", headers=bearer(guest["access_token"])))

    assert merged["user_id"] == existing["user_id"]
    assert fake_waste.called("reassign_owner") == [
        {"from_owner_id": guest["user_id"], "to_owner_id": existing["user_id"]}
    ]
    assert (
        client.get("/users/me/stats", headers=bearer(merged["access_token"])).json()["total_scans"]
        == 1
    )
    # The guest is gone: its access token is revoked and its refresh token ends.
    error_of(client.get("/users/me", headers=bearer(guest["access_token"])), 401)
    refreshed = client.post("/auth/refresh", json={"refresh_token": guest["refresh_token"]})
    assert error_of(refreshed, 401)["code"] == "refresh_token_invalid"


def test_user_cannot_link_an_identity_owned_by_someone_else(
    client: TestClient, providers: Providers
) -> None:
    providers.naver.set_next_user(USERS["naver"])
    tokens_of(browser_login(client, "naver"))
    other = tokens_of(
        client.post("/auth/register", json={"email": "x@example.com", "password": "long enough"})
    )
    response = browser_login(client, "naver", headers=bearer(other["access_token"]))
    assert error_of(response, 409)["code"] == "identity_linked_elsewhere"


@pytest.mark.parametrize("provider", ["kakao", "naver", "google"])
def test_mobile_sdk_access_token_signs_in(
    client: TestClient, providers: Providers, provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Naver SDK tokens cannot be tied to our app and are off unless explicitly allowed.
    monkeypatch.setenv("WASTECOACH_OAUTH_NAVER_ACCEPT_SDK_TOKENS", "true")
    providers.fake(provider).set_next_user(USERS[provider])
    access_token = provider_access_token(
        providers.url(provider), providers.fake(provider), provider
    )
    tokens = tokens_of(client.post(f"/auth/{provider}/token", json={"access_token": access_token}))
    me = client.get("/users/me", headers=bearer(tokens["access_token"])).json()
    assert me["display_name"] == DISPLAY_NAMES[provider]
    # The same person through the browser lands in the same account.
    providers.fake(provider).set_next_user(USERS[provider])
    assert tokens_of(browser_login(client, provider))["user_id"] == tokens["user_id"]


@pytest.mark.parametrize("provider", ["kakao", "naver", "google"])
def test_mobile_forged_access_token_is_rejected(
    client: TestClient, providers: Providers, provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WASTECOACH_OAUTH_NAVER_ACCEPT_SDK_TOKENS", "true")
    response = client.post(f"/auth/{provider}/token", json={"access_token": "forged"})
    error = error_of(response, 400)
    assert error["code"] == "provider_rejected"
    assert error["details"]["provider"] == provider


def test_mobile_google_id_token_signs_in(client: TestClient, providers: Providers) -> None:
    from tests.fakes.test_fakes import google_login

    providers.google.set_next_user(USERS["google"])
    # google_login redeems with the fakes' own redirect URI; the ID token is what matters.
    token_response, nonce, _ = google_login(providers.google_url, providers.google)
    body = {"id_token": token_response["id_token"], "nonce": nonce}
    tokens = tokens_of(client.post("/auth/google/token", json=body))
    me = client.get("/users/me", headers=bearer(tokens["access_token"])).json()
    assert me["email"] == "park@example.com"

    wrong_nonce = {"id_token": token_response["id_token"], "nonce": "another"}
    error = error_of(client.post("/auth/google/token", json=wrong_nonce), 401)
    assert (error["code"], error["details"]["reason"]) == ("id_token_invalid", "nonce")


def test_mobile_request_needs_exactly_one_credential(
    client: TestClient, providers: Providers
) -> None:
    response = client.post("/auth/kakao/token", json={})
    assert error_of(response, 422)["code"] == "validation_error"
    both = client.post("/auth/kakao/token", json={"access_token": "a", "code": "b"})
    assert error_of(both, 422)["code"] == "validation_error"


def test_unconfigured_and_unknown_providers_are_404(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WASTECOACH_OAUTH_NAVER_CLIENT_ID")
    for path in ("/auth/naver/login", "/auth/facebook/login", "/auth/naver/callback?state=x"):
        error = error_of(client.get(path, follow_redirects=False), 404)
        assert error["code"] == "provider_not_configured"
        assert error["message"] == "이 로그인 방식은 사용할 수 없어요."
    assert client.get("/auth/providers").json()["providers"] == ["kakao", "google"]


def test_denied_consent_is_reported(client: TestClient, providers: Providers) -> None:
    providers.kakao.deny_next_authorization()
    response = browser_login(client, "kakao")
    error = error_of(response, 400)
    assert (error["code"], error["details"]) == ("oauth_denied", {"error": "access_denied"})


def test_provider_outage_is_502(client: TestClient, providers: Providers) -> None:
    providers.kakao.fail_next_token(TokenError.TEMPORARILY_UNAVAILABLE)
    callback = consent(start_login(client, "kakao"))
    error = error_of(client.get(callback, headers={**JSON, **EN}), 502)
    assert error["code"] == "provider_unavailable"
    assert error["message"] == "The sign-in provider could not be reached. Try again shortly."
