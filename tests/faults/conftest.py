"""Fault tests stop and restart this machine's real servers: opt-in only.

They run only with ``WASTECOACH_FAULT_TESTS=1`` (never during ``scripts/test.sh``, even under
CI=true), because stopping PostgreSQL, Redis or RabbitMQ would break anything else using them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.images import photo
from tests.integration.conftest import server_env, wastecoach_command  # noqa: F401
from tests.servers import REPO_ROOT, SHARED_DATA_DIR

ENABLED = os.environ.get("WASTECOACH_FAULT_TESTS") == "1"
SCANS_PER_GUEST = 25  # under the API's 30 scans per minute per account


@pytest.fixture(autouse=True)
def _fault_tests_enabled() -> None:
    if not ENABLED:
        pytest.skip(
            "fault tests stop and restart the real servers; run them on purpose with "
            "WASTECOACH_FAULT_TESTS=1 .venv/bin/pytest tests/faults"
        )


class Workers:
    """Real ``wastecoach worker`` subprocesses, each in its own process group."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(
        self, queues: str, *, concurrency: int = 2, wait: bool = True
    ) -> subprocess.Popen[bytes]:
        from wastecoach.core.tasks import configure_celery

        index = len(self.processes)
        log = open(self.log_dir / f"worker-{index}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            wastecoach_command("worker", "--queues", queues, "--concurrency", str(concurrency)),
            env=self.env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        if not wait:
            return process
        hostname = f"{queues.replace(',', '-')}@"
        celery = configure_celery()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"worker exited early; see {log.name}")
            replies = celery.control.ping(timeout=1.0) or []
            if any(name.startswith(hostname) for reply in replies for name in reply):
                return process
        pytest.fail(f"worker {queues} did not answer a ping within 60 s")

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool children: no shutdown, no acks."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def workers(server_env: dict[str, str], tmp_path: Path) -> Iterator[Workers]:  # noqa: F811
    from wastecoach.core.tasks import configure_celery

    configure_celery().control.purge()
    pool = Workers(server_env, tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture
def stack_client(server_env: dict[str, str]) -> Iterator[TestClient]:  # noqa: F811
    """The whole API in-process on PostgreSQL, Redis and RabbitMQ."""
    from wastecoach.main import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


def photos(count: int) -> list[bytes]:
    """Real photos from the shared data when present, else photos made by code."""
    found = sorted((SHARED_DATA_DIR / "images" / "trashnet").glob("*/*.jpg"))
    if len(found) >= count:
        return [path.read_bytes() for path in found[:: len(found) // count][:count]]
    return [photo(320 + i % 7 * 16, 240) for i in range(count)]


def new_guest(client: TestClient) -> dict[str, str]:
    response = client.post("/auth/guest")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def submit(client: TestClient, headers: dict[str, str], data: bytes) -> Any:
    return client.post(
        "/scans", headers=headers, files={"image": ("photo.jpg", data, "image/jpeg")}
    )


def scan_statuses(ids: list[str]) -> dict[str, str]:
    from sqlalchemy import select

    from wastecoach.core.db import session_scope
    from wastecoach.waste.models import Scan

    with session_scope() as session:
        rows = session.execute(select(Scan.id, Scan.status).where(Scan.id.in_(ids))).all()
    return {row.id: row.status for row in rows}


def wait_all_done(ids: list[str], timeout_s: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout_s
    statuses: dict[str, str] = {}
    while time.monotonic() < deadline:
        statuses = scan_statuses(ids)
        if len(statuses) == len(ids) and all(s in ("done", "failed") for s in statuses.values()):
            return statuses
        time.sleep(0.5)
    return statuses
