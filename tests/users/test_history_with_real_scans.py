"""History, statistics and erasure over scans made through the real waste service."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.fixtures.images import photo
from tests.waste.conftest import submit, wait_done
from wastecoach.core.db import session_scope
from wastecoach.waste.models import Scan


def test_history_stats_and_delete(client: TestClient) -> None:
    guest = {"Authorization": f"Bearer {client.post('/auth/guest').json()['access_token']}"}
    first = submit(client, guest, photo(), hint="소주병").json()["scan_id"]
    second = submit(client, guest, photo(), hint="우유팩").json()["scan_id"]
    wait_done(client, guest, first)
    result = wait_done(client, guest, second)["result"]
    client.post(  # answer every condition question: prepared right
        f"/scans/{second}/answers",
        headers=guest,
        json={"answers": {q["id"]: "no" for q in result["questions"]}},
    )

    history = client.get("/users/me/scans", headers=guest, params={"limit": 1}).json()
    assert history["total"] == 2 and len(history["items"]) == 1
    assert history["items"][0]["id"] == second  # newest first

    stats = client.get("/users/me/stats", headers=guest).json()
    assert stats["total_scans"] == 2
    assert stats["by_category"].get("유리병") == 1 and stats["by_category"].get("종이팩") == 1
    assert stats["prepared_right_share"] == 1.0

    stranger = {"Authorization": f"Bearer {client.post('/auth/guest').json()['access_token']}"}
    assert client.get("/users/me/scans", headers=stranger).json()["total"] == 0

    assert client.delete("/users/me", headers=guest).status_code in (200, 204)
    with session_scope() as session:
        assert session.query(Scan).filter(Scan.id.in_([first, second])).count() == 0
