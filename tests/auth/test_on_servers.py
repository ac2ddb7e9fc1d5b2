"""The same flows on PostgreSQL and Redis (skipped without them, required under CI=true)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.auth.conftest import Providers
from tests.auth.helpers import JSON, bearer, consent, error_of, start_login, tokens_of
from tests.servers import REDIS_URL, require_redis
from wastecoach.auth.models import RefreshToken
from wastecoach.core import migrations
from wastecoach.core.db import session_scope
from wastecoach.core.tasks import wait_for_in_process_tasks
from wastecoach.main import create_app


@pytest.mark.postgres
@pytest.mark.redis
def test_login_replay_and_refresh_reuse_on_postgres_and_redis(
    auth_app: object,  # sets the provider variables
    configure: Callable[..., None],
    providers: Providers,
    postgres_url: str,
) -> None:
    require_redis()
    # Same providers as auth_app; storage on the real servers.
    configure(database_url=postgres_url, redis_url=REDIS_URL)
    migrations.upgrade(postgres_url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        callback = consent(start_login(client, "kakao"))
        cookie = client.cookies["wastecoach_oauth_state_kakao"]
        first = tokens_of(client.get(callback, headers=JSON))
        client.cookies.set("wastecoach_oauth_state_kakao", cookie, path="/auth")
        assert error_of(client.get(callback, headers=JSON), 400)["code"] == "oauth_state_invalid"

        assert client.get("/users/me", headers=bearer(first["access_token"])).status_code == 200
        second = tokens_of(
            client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        )
        reused = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert error_of(reused, 401)["code"] == "refresh_token_reused"
        latest = client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
        assert error_of(latest, 401)["code"] == "refresh_token_invalid"

    wait_for_in_process_tasks(timeout_s=10)
    with session_scope() as session:
        rows = session.scalars(
            select(RefreshToken).where(RefreshToken.user_id == first["user_id"])
        ).all()
        assert len(rows) == 2 and all(row.revoked_at is not None for row in rows)
