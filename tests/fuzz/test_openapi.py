"""Property-based requests against every operation of our OpenAPI document.

Checks: no 5xx, and every response matches its declared schema. Guests call everything; the
admin-only operations are called with an admin token. The app is served by uvicorn on
127.0.0.1 (schemathesis' lazy pytest fixture does not run on pytest 9, so the document is
read once at import and the requests go to the loopback server).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.servers import IN_CI

try:
    import schemathesis
except ModuleNotFoundError:
    if IN_CI:
        raise
    pytest.skip("schemathesis is not installed: pip install -e '.[dev]'", allow_module_level=True)

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.fuzz.conftest import FUZZ_EXAMPLES

ADMIN_OPERATIONS = {("GET", "/recycling/misses"), ("POST", "/locations/imports")}


def _openapi_document() -> dict[str, object]:
    from wastecoach.main import create_app

    return create_app().openapi()


schema = schemathesis.openapi.from_dict(_openapi_document())


@pytest.fixture(scope="module")
def base_url(fuzz_app: FastAPI) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(fuzz_app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fuzz server did not start within 30 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def admin_headers(fuzz_app: FastAPI) -> dict[str, str]:
    from wastecoach.core.security import issue_access_token

    return {"Authorization": f"Bearer {issue_access_token('fuzz-admin', 'admin')}"}


def _guest_headers(app: FastAPI) -> dict[str, str]:
    # A fresh guest per case: a fuzzed logout or account deletion must not starve the rest.
    response = TestClient(app).post("/auth/guest")
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,  # no .hypothesis folder left in the work tree
)
def test_no_server_error_and_responses_match_the_schema(
    case: schemathesis.Case, fuzz_app: FastAPI, base_url: str, admin_headers: dict[str, str]
) -> None:
    admin = (case.method.upper(), case.path) in ADMIN_OPERATIONS
    headers = admin_headers if admin else _guest_headers(fuzz_app)
    case.call_and_validate(
        base_url=base_url,
        headers=headers,
        checks=[not_a_server_error, response_schema_conformance],
        timeout=30,
    )
