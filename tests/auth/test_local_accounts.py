"""Local accounts (e-mail + argon2id password), guests, and the admin role."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from tests.auth.conftest import Providers
from tests.auth.helpers import EN, bearer, browser_login, error_of, tokens_of
from tests.fakes.oauth_providers import FakeUser
from tests.users.fake_waste import FakeWaste
from wastecoach.auth.models import PasswordCredential
from wastecoach.core.db import session_scope
from wastecoach.users.cli import app as users_cli

ACCOUNT = {
    "email": "Recycler@Example.com",
    "password": "correct horse",
    "display_name": "분리수거왕",
}


def test_register_then_login(client: TestClient) -> None:
    registered = tokens_of(client.post("/auth/register", json=ACCOUNT))
    assert registered["role"] == "user"
    me = client.get("/users/me", headers=bearer(registered["access_token"])).json()
    assert (me["email"], me["display_name"], me["email_verified"]) == (
        "recycler@example.com",
        "분리수거왕",
        False,
    )

    login = {"email": "recycler@example.com", "password": "correct horse"}
    logged_in = tokens_of(client.post("/auth/login", json=login))
    assert logged_in["user_id"] == registered["user_id"]

    with session_scope() as session:
        stored = session.scalar(select(PasswordCredential))
        assert stored is not None
        assert stored.password_hash.startswith("$argon2id$")
        assert "correct horse" not in stored.password_hash


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient) -> None:
    tokens_of(client.post("/auth/register", json=ACCOUNT))
    wrong = client.post("/auth/login", json={"email": ACCOUNT["email"], "password": "wrong one"})
    unknown = client.post("/auth/login", json={"email": "no@example.com", "password": "wrong one"})
    assert error_of(wrong, 401) == error_of(unknown, 401)
    assert error_of(wrong, 401)["code"] == "invalid_credentials"
    english = client.post(
        "/auth/login", json={"email": "no@example.com", "password": "x" * 9}, headers=EN
    )
    assert error_of(english, 401)["message"] == "The e-mail or password is wrong."


def test_duplicate_email_and_weak_password_are_refused(client: TestClient) -> None:
    tokens_of(client.post("/auth/register", json=ACCOUNT))
    again = client.post("/auth/register", json={**ACCOUNT, "email": "recycler@example.COM"})
    assert error_of(again, 409)["code"] == "email_taken"
    weak = client.post("/auth/register", json={"email": "w@example.com", "password": "short"})
    error = error_of(weak, 400)
    assert (error["code"], error["message"]) == ("weak_password", "비밀번호는 8자 이상이어야 해요.")
    malformed = client.post("/auth/register", json={"email": "not-an-email", "password": "x" * 10})
    assert error_of(malformed, 422)["details"][0]["loc"] == ["body", "email"]


def test_guest_registers_and_keeps_its_id(client: TestClient, fake_waste: FakeWaste) -> None:
    guest = tokens_of(client.post("/auth/guest", json={"locale": "en"}))
    fake_waste.add_scans(guest["user_id"], "캔류")
    registered = tokens_of(
        client.post("/auth/register", json=ACCOUNT, headers=bearer(guest["access_token"]))
    )
    assert registered["user_id"] == guest["user_id"]
    assert registered["role"] == "user"
    me = client.get("/users/me", headers=bearer(registered["access_token"])).json()
    assert (me["is_guest"], me["locale"]) == (False, "en")
    assert (
        client.get("/users/me/scans", headers=bearer(registered["access_token"])).json()["total"]
        == 1
    )
    # A registered account cannot register again.
    twice = client.post(
        "/auth/register",
        json={**ACCOUNT, "email": "other@example.com"},
        headers=bearer(registered["access_token"]),
    )
    assert error_of(twice, 409)["code"] == "already_registered"


def test_guest_logging_in_is_merged_into_the_account(
    client: TestClient, fake_waste: FakeWaste
) -> None:
    account = tokens_of(client.post("/auth/register", json=ACCOUNT))
    guest = tokens_of(client.post("/auth/guest"))
    fake_waste.add_scans(guest["user_id"], "종이류", "비닐류")
    login = {"email": ACCOUNT["email"], "password": ACCOUNT["password"]}
    merged = tokens_of(
        client.post("/auth/login", json=login, headers=bearer(guest["access_token"]))
    )
    assert merged["user_id"] == account["user_id"]
    assert fake_waste.called("reassign_owner") == [
        {"from_owner_id": guest["user_id"], "to_owner_id": account["user_id"]}
    ]
    stats = client.get("/users/me/stats", headers=bearer(merged["access_token"])).json()
    assert stats["by_category"] == {"종이류": 1, "비닐류": 1}


def test_unlinking_identities(client: TestClient, providers: Providers) -> None:
    providers.kakao.set_next_user(FakeUser(subject="111", email="a@example.com"))
    owner = tokens_of(browser_login(client, "kakao"))
    headers = bearer(owner["access_token"])
    [kakao] = client.get("/auth/identities", headers=headers).json()

    last = client.delete(f"/auth/identities/{kakao['id']}", headers=headers)
    assert error_of(last, 409)["code"] == "last_sign_in_method"

    providers.naver.set_next_user(FakeUser(subject="n-222", email="a@example.com"))
    linked = tokens_of(browser_login(client, "naver", headers=headers))
    assert linked["user_id"] == owner["user_id"]

    stranger = tokens_of(client.post("/auth/guest"))
    theirs = client.delete(
        f"/auth/identities/{kakao['id']}", headers=bearer(stranger["access_token"])
    )
    error = error_of(theirs, 404)
    assert (error["code"], error["message"]) == (
        "identity_not_found",
        "연결된 로그인 계정을 찾을 수 없어요.",
    )

    assert client.delete(f"/auth/identities/{kakao['id']}", headers=headers).status_code == 204
    remaining = client.get("/auth/identities", headers=headers).json()
    assert [identity["provider"] for identity in remaining] == ["naver"]


def test_admin_by_verified_email_only(
    client: TestClient, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WASTECOACH_ADMIN_EMAILS", "boss@example.com, other@example.com")
    # A local sign-up proves nothing about the address, so it does not become admin.
    claimed = tokens_of(
        client.post("/auth/register", json={"email": "boss@example.com", "password": "password1"})
    )
    assert claimed["role"] == "user"

    monkeypatch.setenv("WASTECOACH_ADMIN_EMAILS", "chief@example.com")
    providers.google.set_next_user(FakeUser(subject="g-1", email="chief@example.com"))
    admin = tokens_of(browser_login(client, "google"))
    assert admin["role"] == "admin"
    other = client.get(f"/users/{claimed['user_id']}", headers=bearer(admin["access_token"]))
    assert other.status_code == 200 and other.json()["email"] == "boss@example.com"


def test_make_admin_cli(client: TestClient) -> None:
    tokens = tokens_of(client.post("/auth/register", json=ACCOUNT))
    result = CliRunner().invoke(users_cli, ["make-admin", "recycler@example.com"])
    assert result.exit_code == 0, result.output
    assert "is now an admin" in result.output
    refreshed = tokens_of(
        client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    )
    assert refreshed["role"] == "admin"

    missing = CliRunner().invoke(users_cli, ["make-admin", "nobody@example.com"])
    assert missing.exit_code == 1
    assert "no registered account" in missing.output
