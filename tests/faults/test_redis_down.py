"""Redis stopped: reads keep working, writes that need it fail fast with a 503, then recover."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.faults import control
from tests.faults.conftest import new_guest, submit
from tests.fixtures.images import photo
from tests.servers import REDIS_URL, require_redis
from wastecoach.core.tasks import wait_for_in_process_tasks

FAIL_FAST_S = 3.0


@pytest.fixture
def redis_client(configure) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """SQLite and in-process tasks, with Redis for the cache, rate limits and revocations."""
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings
    from wastecoach.main import create_app

    require_redis()
    configure(redis_url=REDIS_URL)
    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def _assert_unavailable(response, started: float) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "service_unavailable" and error["message"]
    assert time.monotonic() - started < FAIL_FAST_S


def test_reads_survive_and_writes_fail_fast_while_redis_is_down(
    redis_client: TestClient,
) -> None:
    guest = new_guest(redis_client)
    scan_id = submit(redis_client, guest, photo()).json()["scan_id"]
    wait_for_in_process_tasks()
    assert redis_client.get(f"/scans/{scan_id}", headers=guest).json()["status"] == "done"

    control.stop_redis()
    try:
        scan = redis_client.get(f"/scans/{scan_id}", headers=guest)
        assert scan.status_code == 200, scan.text
        assert scan.json()["status"] == "done"
        items = redis_client.get("/recycling/items", params={"q": "페트병"})
        assert items.status_code == 200, items.text

        started = time.monotonic()
        _assert_unavailable(submit(redis_client, guest, photo()), started)
        started = time.monotonic()
        english = redis_client.post(
            "/scans",
            headers={**guest, "Accept-Language": "en"},
            files={"image": ("photo.jpg", photo(), "image/jpeg")},
        )
        _assert_unavailable(english, started)
        assert english.json()["error"]["message"].startswith("The service")
        assert redis_client.get("/readyz").status_code == 503
    finally:
        control.start_redis()

    accepted = submit(redis_client, guest, photo())
    assert accepted.status_code == 202, accepted.text
    wait_for_in_process_tasks()
    assert redis_client.get("/readyz").status_code == 200
