"""Every way a browser sign-in must fail, each in the error format."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.auth.conftest import Providers
from tests.auth.helpers import (
    EN,
    JSON,
    consent,
    error_of,
    query_of,
    start_login,
    state_cache_key,
    tokens_of,
)
from tests.fakes.oauth_providers import IdTokenFault
from wastecoach.core.cache import get_cache


def _with_state(callback: str, state: str) -> str:
    path, _, query = callback.partition("?")
    params = dict(pair.split("=", 1) for pair in query.split("&"))
    params["state"] = state
    return f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}"


def test_replayed_state_is_rejected(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "kakao"))
    cookie = client.cookies["wastecoach_oauth_state_kakao"]
    tokens_of(client.get(callback, headers=JSON))

    # Same browser, same cookie, same state: the state was single use.
    client.cookies.set("wastecoach_oauth_state_kakao", cookie, path="/auth")
    error = error_of(client.get(callback, headers=JSON), 400)
    assert error["code"] == "oauth_state_invalid"
    assert (
        error["message"] == "로그인 요청이 만료됐거나 이미 사용됐어요. 처음부터 다시 시도해 주세요."
    )


def test_wrong_state_is_rejected(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "naver"))
    tampered = _with_state(callback, "not-the-state-we-issued")
    error = error_of(client.get(tampered, headers={**JSON, **EN}), 400)
    assert error["code"] == "oauth_state_mismatch"
    assert error["message"] == "This sign-in was not started in this browser. Start again."


def test_expired_state_is_rejected(client: TestClient, providers: Providers) -> None:
    authorization_url = start_login(client, "google")
    # Expiry is the cache's TTL; dropping the entry is what the TTL does after ten minutes.
    get_cache().delete(state_cache_key(query_of(authorization_url)["state"]))
    error = error_of(client.get(consent(authorization_url), headers=JSON), 400)
    assert error["code"] == "oauth_state_invalid"


def test_state_cookie_missing_is_rejected(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "kakao"))
    client.cookies.clear()
    error = error_of(client.get(callback, headers=JSON), 400)
    assert error["code"] == "oauth_state_mismatch"


def test_state_cookie_from_another_browser_is_rejected(
    client: TestClient, providers: Providers
) -> None:
    """Login CSRF: a victim's browser is handed the attacker's callback URL."""
    attacker_callback = consent(start_login(client, "kakao"))
    with TestClient(client.app, raise_server_exceptions=False) as victim:
        start_login(victim, "kakao")  # the victim has a state cookie of its own
        error = error_of(victim.get(attacker_callback, headers=JSON), 400)
    assert error["code"] == "oauth_state_mismatch"
    # The attacker's state is untouched and still works in the attacker's own browser.
    tokens_of(client.get(attacker_callback, headers=JSON))


def test_forged_state_cookie_signature_is_rejected(
    client: TestClient, providers: Providers
) -> None:
    authorization_url = start_login(client, "kakao")
    state = query_of(authorization_url)["state"]
    client.cookies.clear()
    client.cookies.set("wastecoach_oauth_state_kakao", f"{state}.{'0' * 64}", path="/auth")
    error = error_of(client.get(consent(authorization_url), headers=JSON), 400)
    assert error["code"] == "oauth_state_mismatch"


def test_state_of_another_provider_is_rejected(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "kakao"))
    cookie = client.cookies["wastecoach_oauth_state_kakao"]
    client.cookies.set("wastecoach_oauth_state_google", cookie, path="/auth")
    error = error_of(client.get(callback.replace("/kakao/", "/google/"), headers=JSON), 400)
    assert error["code"] == "oauth_state_invalid"


@pytest.mark.parametrize("provider", ["kakao", "google"])
def test_pkce_mismatch_is_rejected(client: TestClient, providers: Providers, provider: str) -> None:
    authorization_url = start_login(client, provider)
    # Swap the verifier we will send for another one, as if the code had been intercepted
    # and redeemed by someone without our verifier.
    key = state_cache_key(query_of(authorization_url)["state"])
    pending = json.loads(get_cache().get(key) or "{}")
    pending["code_verifier"] = "an-attacker-verifier-" + "x" * 30
    get_cache().set(key, json.dumps(pending), ttl_s=600)

    error = error_of(client.get(consent(authorization_url), headers=JSON), 400)
    assert error["code"] == "provider_rejected"
    assert error["details"] == {"provider": provider, "reason": "invalid_grant"}


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (IdTokenFault.EXPIRED, "expired"),
        (IdTokenFault.WRONG_NONCE, "nonce"),
        (IdTokenFault.WRONG_AUDIENCE, "audience"),
        (IdTokenFault.WRONG_ISSUER, "issuer"),
        (IdTokenFault.FOREIGN_KEY, "signature"),
        (IdTokenFault.ALG_NONE, "algorithm"),
    ],
)
def test_bad_google_id_tokens_are_rejected(
    client: TestClient, providers: Providers, fault: IdTokenFault, reason: str
) -> None:
    providers.google.spoil_next_id_token(fault)
    error = error_of(client.get(consent(start_login(client, "google")), headers=JSON), 401)
    assert (error["code"], error["details"]) == ("id_token_invalid", {"reason": reason})
    assert error["message"] == "로그인 서비스의 인증 정보가 올바르지 않아요."


def test_google_key_rotation_is_followed(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WASTECOACH_OAUTH_JWKS_REFETCH_COOLDOWN_S", "0")
    tokens_of(client.get(consent(start_login(client, "google")), headers=JSON))
    providers.google.rotate_signing_key(keep_previous=False)
    # The cached JWKS lacks the new kid; the verifier must fetch it again.
    tokens_of(client.get(consent(start_login(client, "google")), headers=JSON))


def test_redirect_uri_outside_the_allowlist_is_rejected(
    client: TestClient, providers: Providers
) -> None:
    for uri in ("https://evil.example/steal", "https://app.example/signed-in/../x", "//evil"):
        response = client.get(
            "/auth/kakao/login", params={"redirect_uri": uri}, follow_redirects=False
        )
        error = error_of(response, 400)
        assert (error["code"], error["details"]) == (
            "redirect_uri_not_allowed",
            {"redirect_uri": uri},
        )
    assert not any(r.path == "/oauth/authorize" for r in providers.kakao.requests)


def test_callback_without_state_is_rejected(client: TestClient, providers: Providers) -> None:
    error = error_of(client.get("/auth/kakao/callback?code=abc", headers=JSON), 400)
    assert error["code"] == "oauth_state_invalid"


def test_naver_token_call_repeats_the_state(client: TestClient, providers: Providers) -> None:
    callback = consent(start_login(client, "naver"))
    tokens_of(client.get(callback, headers=JSON))
    token_calls = providers.naver.requests_to("/oauth2.0/token")
    assert len(token_calls) == 1
    assert token_calls[0].params["state"] == query_of(callback)["state"]
