"""A scan through the real stack: PostgreSQL, Redis, RabbitMQ and a Celery worker process."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.images import photo
from wastecoach.main import create_app

pytestmark = pytest.mark.integration


def test_a_scan_is_processed_by_a_worker_and_kept_in_postgres(celery_worker) -> None:  # type: ignore[no-untyped-def]
    with TestClient(create_app()) as client:
        ready = client.get("/readyz").json()
        assert ready["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
        token = client.post("/auth/guest").json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        accepted = client.post(
            "/scans",
            headers=headers,
            files={"image": ("p.jpg", photo(), "image/jpeg")},
            data={"hint": "우유팩"},
        )
        assert accepted.status_code == 202, accepted.text
        scan_id = accepted.json()["scan_id"]
        deadline = time.monotonic() + 60
        body = {}
        while time.monotonic() < deadline:
            body = client.get(f"/scans/{scan_id}", headers=headers).json()
            if body["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert body["status"] == "done", body
        assert any(c["item_id"] == "milk-carton" for c in body["result"]["candidates"])
        history = client.get("/users/me/scans", headers=headers).json()
        assert [item["id"] for item in history["items"]] == [scan_id]
