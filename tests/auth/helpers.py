"""Drive our sign-in endpoints and the loopback providers like a browser or an app would."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import httpx2
from fastapi.testclient import TestClient

from tests.fakes.oauth_providers import FakeProvider, s256_challenge

JSON = {"Accept": "application/json"}
EN = {"Accept-Language": "en"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def start_login(
    client: TestClient, provider: str, *, headers: dict[str, str] | None = None, **params: str
) -> str:
    """GET /auth/{provider}/login; returns the provider authorization URL it redirects to."""
    response = client.get(
        f"/auth/{provider}/login", params=params, headers=headers, follow_redirects=False
    )
    assert response.status_code == 302, response.text
    return response.headers["location"]


def consent(authorization_url: str) -> str:
    """The fake provider's authorize page: returns our callback's path and query."""
    response = httpx.get(authorization_url, follow_redirects=False)
    assert response.status_code == 302, response.text
    back = urlsplit(response.headers["location"])
    return f"{back.path}?{back.query}"


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def browser_login(
    client: TestClient, provider: str, *, headers: dict[str, str] | None = None, **params: str
) -> httpx2.Response:
    """Login redirect -> the fake's authorize -> our callback, asking for JSON."""
    callback = consent(start_login(client, provider, headers=headers, **params))
    return client.get(callback, headers=JSON, follow_redirects=False)


def tokens_of(response: httpx2.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    assert body["token_type"] == "bearer"
    return body


def error_of(response: httpx2.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    error: dict[str, Any] = body["error"]
    return error


def state_cache_key(state: str) -> str:
    return f"auth:oauth_state:{hashlib.sha256(state.encode()).hexdigest()}"


def provider_access_token(base_url: str, fake: FakeProvider, provider: str) -> str:
    """What a mobile SDK would hold: an access token straight from the provider."""
    paths = {
        "kakao": ("/oauth/authorize", "/oauth/token"),
        "naver": ("/oauth2.0/authorize", "/oauth2.0/token"),
        "google": ("/o/oauth2/v2/auth", "/token"),
    }
    authorize_path, token_path = paths[provider]
    redirect_uri = "com.example.app:/oauth"
    verifier = secrets.token_urlsafe(48)
    state = secrets.token_urlsafe(8)
    response = httpx.get(
        f"{base_url}{authorize_path}",
        params={
            "client_id": fake.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "state": state,
            "scope": "openid email profile",
            "code_challenge": s256_challenge(verifier),
            "code_challenge_method": "S256",
        },
        follow_redirects=False,
    )
    code = query_of(response.headers["location"])["code"]
    token = httpx.post(
        f"{base_url}{token_path}",
        data={
            "grant_type": "authorization_code",
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
            "code_verifier": verifier,
            "state": state,
        },
    )
    assert token.status_code == 200, token.text
    return str(token.json()["access_token"])
