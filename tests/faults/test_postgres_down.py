"""PostgreSQL stopped: 503 in the error format, and recovery without restarting the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.faults import control
from tests.faults.conftest import new_guest, submit
from tests.fixtures.images import photo
from wastecoach.core.tasks import wait_for_in_process_tasks


@pytest.fixture
def postgres_client(configure, postgres_url: str) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """PostgreSQL, in-memory cache and in-process tasks: only the database can fail here."""
    from wastecoach.core import migrations
    from wastecoach.main import create_app

    configure(database_url=postgres_url)
    migrations.upgrade(postgres_url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def _assert_database_unavailable(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "service_unavailable"
    assert error["details"] == {"dependency": "database"}


def test_database_outage_is_a_503_and_the_app_recovers_by_itself(
    postgres_client: TestClient,
) -> None:
    guest = new_guest(postgres_client)
    scan_id = submit(postgres_client, guest, photo()).json()["scan_id"]
    wait_for_in_process_tasks()
    assert postgres_client.get(f"/scans/{scan_id}", headers=guest).status_code == 200

    control.stop_postgres()
    try:
        _assert_database_unavailable(postgres_client.get(f"/scans/{scan_id}", headers=guest))
        _assert_database_unavailable(postgres_client.post("/auth/guest"))
        _assert_database_unavailable(submit(postgres_client, guest, photo()))
        assert postgres_client.get("/readyz").status_code == 503
    finally:
        control.start_postgres()

    # The same app and connection pool: pool_pre_ping replaces the dead connections.
    recovered = postgres_client.get(f"/scans/{scan_id}", headers=guest)
    assert recovered.status_code == 200, recovered.text
    assert new_guest(postgres_client)["Authorization"].startswith("Bearer ")
    accepted = submit(postgres_client, guest, photo())
    assert accepted.status_code == 202, accepted.text
    wait_for_in_process_tasks()
    assert postgres_client.get("/readyz").status_code == 200
