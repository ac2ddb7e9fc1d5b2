from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from wastecoach.core.errors import NotFound


class Body(BaseModel):
    count: int


def _add_probe_routes(app: FastAPI) -> None:
    @app.post("/_probe/validate")
    def validate(body: Body) -> dict[str, int]:
        return {"count": body.count}

    @app.get("/_probe/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    @app.get("/_probe/missing")
    def missing() -> None:
        raise NotFound({"id": 7})


def test_unknown_path_is_404_in_the_error_format(client: TestClient) -> None:
    response = client.get("/no/such/path")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "찾을 수 없어요.", "details": None}
    }


def test_wrong_method_is_405_in_english_when_asked(client: TestClient) -> None:
    response = client.delete("/healthz", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 405
    assert response.json()["error"] == {
        "code": "method_not_allowed",
        "message": "Method not allowed.",
        "details": None,
    }


def test_bad_payload_is_422_with_field_details(sqlite_app: FastAPI) -> None:
    _add_probe_routes(sqlite_app)
    with TestClient(sqlite_app) as client:
        response = client.post("/_probe/validate", json={"count": "many"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "입력값을 확인해 주세요."
    assert error["details"][0]["loc"] == ["body", "count"]


def test_domain_error_carries_details(sqlite_app: FastAPI) -> None:
    _add_probe_routes(sqlite_app)
    with TestClient(sqlite_app) as client:
        response = client.get("/_probe/missing", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "Not found.",
        "details": {"id": 7},
    }


def test_unexpected_exception_is_500_without_a_stack_trace(sqlite_app: FastAPI) -> None:
    _add_probe_routes(sqlite_app)
    with TestClient(sqlite_app, raise_server_exceptions=False) as client:
        response = client.get("/_probe/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret" not in response.text and "Traceback" not in response.text
