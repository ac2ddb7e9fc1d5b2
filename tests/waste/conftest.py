from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.servers import require_shared_data
from wastecoach.core.tasks import wait_for_in_process_tasks


@pytest.fixture
def guest(client: TestClient) -> dict[str, str]:
    """Authorization headers of a fresh guest session."""
    response = client.post("/auth/guest")
    assert response.status_code in (200, 201), response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def real_photo() -> Path:
    """A real TrashNet photo of a cardboard box."""
    folder = require_shared_data("images", "trashnet", "cardboard")
    return sorted(folder.glob("*.jpg"))[0]


def submit(client: TestClient, headers: dict[str, str], data: bytes, **fields: Any) -> Any:
    return client.post(
        "/scans",
        headers=headers,
        files={"image": ("photo.jpg", data, "image/jpeg")},
        data={k: str(v) for k, v in fields.items()},
    )


def wait_done(client: TestClient, headers: dict[str, str], scan_id: str) -> dict[str, Any]:
    wait_for_in_process_tasks()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(f"/scans/{scan_id}", headers=headers).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"scan {scan_id} did not finish")
