"""Rate limits on sign-in, registration, guest creation and refresh (per IP and per account)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.auth.helpers import error_of, tokens_of


def _limit(monkeypatch: pytest.MonkeyPatch, **limits: int) -> None:
    for name, value in limits.items():
        monkeypatch.setenv(f"WASTECOACH_AUTH_{name.upper()}", str(value))


def test_guest_creation_is_limited_per_ip(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limit(monkeypatch, guest_per_ip=2)
    tokens_of(client.post("/auth/guest"))
    tokens_of(client.post("/auth/guest"))
    response = client.post("/auth/guest", headers={"Accept-Language": "en"})
    error = error_of(response, 429)
    assert error["code"] == "rate_limited"
    assert error["message"] == "Too many requests. Try again shortly."
    assert error["details"]["scope"] == "auth.guest.ip"
    assert 0 < int(response.headers["retry-after"]) <= 60


def test_password_login_is_limited_per_account(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens_of(
        client.post("/auth/register", json={"email": "k@example.com", "password": "password1"})
    )
    _limit(monkeypatch, login_per_account=3, login_per_ip=100)
    for _ in range(3):
        wrong = client.post("/auth/login", json={"email": "K@example.com", "password": "nope-nope"})
        assert error_of(wrong, 401)["code"] == "invalid_credentials"
    # Even the right password waits now: guessing is capped per account, not only per IP.
    right = client.post("/auth/login", json={"email": "k@example.com", "password": "password1"})
    assert error_of(right, 429)["details"]["scope"] == "auth.login.account"
    # Another account from the same IP is unaffected.
    other = client.post("/auth/login", json={"email": "x@example.com", "password": "password1"})
    assert error_of(other, 401)["code"] == "invalid_credentials"


def test_login_is_limited_per_ip(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _limit(monkeypatch, login_per_ip=2)
    for index in range(2):
        body = {"email": f"u{index}@example.com", "password": "whatever1"}
        assert client.post("/auth/login", json=body).status_code == 401
    blocked = client.post("/auth/login", json={"email": "u9@example.com", "password": "whatever1"})
    assert error_of(blocked, 429)["details"]["scope"] == "auth.login.ip"


def test_register_is_limited_per_ip(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    _limit(monkeypatch, register_per_ip=1)
    tokens_of(
        client.post("/auth/register", json={"email": "a@example.com", "password": "password1"})
    )
    blocked = client.post(
        "/auth/register", json={"email": "b@example.com", "password": "password1"}
    )
    assert error_of(blocked, 429)["details"]["scope"] == "auth.register.ip"


def test_refresh_is_limited_per_account(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limit(monkeypatch, refresh_per_account=2, refresh_per_ip=100)
    tokens = tokens_of(client.post("/auth/guest"))
    for _ in range(2):
        tokens = tokens_of(
            client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        )
    blocked = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert error_of(blocked, 429)["details"]["scope"] == "auth.refresh.account"
    # The refused call did not consume the token.
    monkeypatch.setenv("WASTECOACH_AUTH_REFRESH_PER_ACCOUNT", "100")
    tokens_of(client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}))
