"""Settings parsing and the auth tasks, called directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from tests.auth.helpers import tokens_of
from wastecoach.auth.config import OAuthSettings
from wastecoach.auth.models import RefreshToken
from wastecoach.auth.tasks import purge_expired_refresh_tokens
from wastecoach.core.db import session_scope
from wastecoach.core.timeutil import utcnow
from wastecoach.users.config import UsersSettings


def test_lists_accept_commas_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WASTECOACH_OAUTH_REDIRECT_ALLOWLIST", "/, https://app.example/cb")
    assert OAuthSettings().redirect_allowlist == ["/", "https://app.example/cb"]
    monkeypatch.setenv("WASTECOACH_ADMIN_EMAILS", '["Boss@Example.com"]')
    assert UsersSettings().admin_email_set == frozenset({"boss@example.com"})


def test_defaults_point_at_the_real_providers_and_disable_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("KAKAO", "NAVER", "GOOGLE"):
        monkeypatch.delenv(f"WASTECOACH_OAUTH_{name}_CLIENT_ID", raising=False)
    settings = OAuthSettings()
    assert settings.kakao_base_url == "https://kauth.kakao.com"
    assert settings.naver_api_base_url == "https://openapi.naver.com"
    assert settings.google_discovery_url.startswith("https://accounts.google.com/")
    assert settings.redirect_allowlist == ["/"]
    assert (settings.kakao_client_id, settings.naver_client_id, settings.google_client_id) == (
        None,
        None,
        None,
    )


def test_an_empty_allowlist_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WASTECOACH_OAUTH_REDIRECT_ALLOWLIST", "")
    with pytest.raises(ValidationError):
        OAuthSettings()


def test_purge_deletes_only_long_expired_refresh_tokens(client: TestClient) -> None:
    old = tokens_of(client.post("/auth/guest"))
    fresh = tokens_of(client.post("/auth/guest"))
    with session_scope() as session:
        row = session.scalar(select(RefreshToken).where(RefreshToken.user_id == old["user_id"]))
        assert row is not None
        row.expires_at = utcnow() - timedelta(days=3)

    assert purge_expired_refresh_tokens.run(grace_days=1) == 1
    assert purge_expired_refresh_tokens.run(grace_days=1) == 0  # idempotent
    with session_scope() as session:
        owners = set(session.scalars(select(RefreshToken.user_id)))
    assert owners == {fresh["user_id"]}
