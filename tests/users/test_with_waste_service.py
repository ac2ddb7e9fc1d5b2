"""The users endpoints against the real waste service (no scans yet: shapes and wiring)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.auth.helpers import bearer, error_of, tokens_of


def test_history_stats_and_delete_reach_the_waste_service(client: TestClient) -> None:
    user = tokens_of(client.post("/auth/guest"))
    headers = bearer(user["access_token"])
    page = client.get("/users/me/scans?limit=5", headers=headers)
    assert page.status_code == 200, page.text
    assert page.json() == {"items": [], "total": 0, "limit": 5, "offset": 0}
    stats = client.get("/users/me/stats", headers=headers)
    assert stats.status_code == 200, stats.text
    assert stats.json()["total_scans"] == 0
    assert client.delete("/users/me", headers=headers).status_code == 204
    assert error_of(client.get("/users/me", headers=headers), 401)["code"] == "token_invalid"
