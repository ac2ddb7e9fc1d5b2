from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from wastecoach.core import migrations
from wastecoach.core.config import SERVICES, get_settings
from wastecoach.main import create_app


def test_app_answers_on_sqlite(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
    assert client.get("/docs").status_code == 200
    assert "wastecoach_http_requests_total" in client.get("/metrics").text


def test_request_id_is_echoed_or_generated(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"]
        == "abc-123"
    )
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["X-Request-ID"]
    assert len(generated) == 32


@pytest.mark.postgres
def test_app_answers_on_postgres(configure, postgres_url: str) -> None:  # type: ignore[no-untyped-def]
    configure(database_url=postgres_url)
    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app()) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["database"] == "ok"


def test_single_service_mounts_only_its_routes(configure) -> None:  # type: ignore[no-untyped-def]
    configure()
    app = create_app(["locations"])
    assert app.state.services == ["locations"]
    with pytest.raises(ValueError):
        create_app(["nope"])
    assert set(SERVICES) == {"auth", "users", "waste", "recycling", "locations"}


def test_readyz_reports_an_unreachable_broker(configure) -> None:  # type: ignore[no-untyped-def]
    configure(broker_url="amqp://guest:guest@127.0.0.1:1//")
    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app()) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()["error"]
    assert body["code"] == "not_ready"
    assert body["details"]["checks"]["broker"].startswith("error")
