"""HTTP endpoints of the locations service (SQLite app, loopback servers only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.locations.conftest import OverpassWriter, recycling_node
from tests.locations.loopback import serve_folder
from wastecoach.core.tasks import wait_for_in_process_tasks

ELEMENTS = [
    recycling_node(1, 37.5010, 127.0, "clothes", name="옷, 신발 수거함"),
    recycling_node(2, 37.5, 127.0020, "batteries", name="건전지 수거함"),
    recycling_node(3, 37.4970, 127.0, "glass_bottles", "cans"),
    recycling_node(4, None, None, "paper", **{"addr:full": "서울특별시 종로구 TEST로 1"}),
]


@pytest.fixture
def loaded(client: TestClient, write_overpass: OverpassWriter) -> TestClient:
    from wastecoach.core.db import session_scope
    from wastecoach.locations.service import locations as locations_service

    with session_scope() as session:
        locations_service.import_path(session, write_overpass(ELEMENTS))
    return client


def _token(role: str) -> dict[str, str]:
    from wastecoach.core.security import issue_access_token

    return {"Authorization": f"Bearer {issue_access_token(f'{role}-1', role)}"}  # type: ignore[arg-type]


def test_nearby_json_nearest_first_with_links(loaded: TestClient) -> None:
    response = loaded.get("/locations/nearby", params={"lat": 37.5, "lon": 127.0})
    assert response.status_code == 200
    body = response.json()
    distances = [p["distance_m"] for p in body["points"]]
    assert body["count"] == 3 and distances == sorted(distances)
    first = body["points"][0]
    assert (
        first["name"] == "옷, 신발 수거함"
        and first["kind_label"] == "재활용 수거함 (OpenStreetMap)"
    )
    name = quote("옷, 신발 수거함", safe="")
    assert first["links"] == {
        "kakao_app": "kakaomap://route?sp=37.5,127&ep=37.501,127&by=FOOT",
        "kakao_web": f"https://map.kakao.com/link/to/{name},37.501,127",
        "naver_app": (
            f"nmap://route/walk?dlat=37.501&dlng=127&dname={name}"
            f"&appname={quote('http://127.0.0.1:8000', safe='')}"
        ),
        "google_web": (
            "https://www.google.com/maps/dir/?api=1&destination=37.501,127&travelmode=walking"
        ),
    }


def test_nearby_in_english(loaded: TestClient) -> None:
    response = loaded.get(
        "/locations/nearby",
        params={"lat": 37.5, "lon": 127.0, "kind": "osm_recycling", "limit": 1},
        headers={"Accept-Language": "en"},
    )
    assert response.json()["points"][0]["kind_label"] == "Recycling point (OpenStreetMap)"


def test_nearby_accepts_filter_by_category_and_item(loaded: TestClient) -> None:
    by_category = loaded.get(
        "/locations/nearby", params={"lat": 37.5, "lon": 127.0, "accepts": "금속류"}
    ).json()
    assert [p["accepts"] for p in by_category["points"]] == [["유리병", "금속류"]]
    by_item = loaded.get(
        "/locations/nearby", params={"lat": 37.5, "lon": 127.0, "accepts": "battery-alkaline"}
    ).json()
    assert by_item["category"] == "전지"
    assert [p["name"] for p in by_item["points"]] == ["건전지 수거함"]
    missing = loaded.get(
        "/locations/nearby", params={"lat": 37.5, "lon": 127.0, "accepts": "no-such-item"}
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "item_not_found"


def test_nearby_geojson_is_an_rfc7946_feature_collection(loaded: TestClient) -> None:
    response = loaded.get(
        "/locations/nearby", params={"lat": 37.5, "lon": 127.0, "format": "geojson"}
    )
    body = response.json()
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 3
    feature = body["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [127.0, 37.501]}
    assert feature["properties"]["name"] == "옷, 신발 수거함"
    assert "lat" not in feature["properties"] and feature["properties"]["distance_m"] > 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lat": 91, "lon": 127}, "lat"),
        ({"lat": -90.5, "lon": 127}, "lat"),
        ({"lat": 37.5, "lon": 181}, "lon"),
        ({"lat": "abc", "lon": 127}, "lat"),
        ({"lat": "nan", "lon": 127}, "lat"),
        ({"lat": 37.5, "lon": "1e999"}, "lon"),
        ({"lon": 127}, "lat"),
        ({"lat": 37.5, "lon": 127, "radius_m": 0}, "radius_m"),
        ({"lat": 37.5, "lon": 127, "radius_m": 50_001}, "radius_m"),
        ({"lat": 37.5, "lon": 127, "radius_m": "12.5"}, "radius_m"),
        ({"lat": 37.5, "lon": 127, "limit": 51}, "limit"),
        ({"lat": 37.5, "lon": 127, "kind": "tree"}, "kind"),
        ({"lat": 37.5, "lon": 127, "format": "kml"}, "format"),
    ],
)
def test_bad_parameters_are_422_in_the_error_format(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    response = client.get("/locations/nearby", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "입력값을 확인해 주세요."
    assert [d["loc"] for d in error["details"]] == [["query", field]]


def test_get_point_and_404(loaded: TestClient) -> None:
    first = loaded.get("/locations/nearby", params={"lat": 37.5, "lon": 127.0}).json()["points"][0]
    one = loaded.get(f"/locations/{first['id']}")
    assert one.status_code == 200
    assert one.json()["name"] == first["name"] and one.json()["links"]["kakao_app"] is None
    with_origin = loaded.get(f"/locations/{first['id']}", params={"lat": 37.5, "lon": 127.0})
    assert with_origin.json()["links"]["kakao_app"] == first["links"]["kakao_app"]
    missing = loaded.get("/locations/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "collection_point_not_found"


def test_import_requires_an_admin(client: TestClient) -> None:
    body = {"url": "http://127.0.0.1:9/points.json"}
    assert client.post("/locations/imports", json=body).status_code == 401
    assert client.post("/locations/imports", json=body, headers=_token("user")).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://127.0.0.1/points.json"},
        {"url": "file:///etc/passwd"},
        {},
        {"url": "http://127.0.0.1/a.json", "path": "a.json"},
        {"path": "a.json", "format": "shapefile"},
    ],
)
def test_import_refuses_bad_payloads(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/locations/imports", json=body, headers=_token("admin"))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_import_refuses_paths_outside_the_import_folder(configure: Any, tmp_path: Path) -> None:
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings
    from wastecoach.main import create_app

    (tmp_path / "imports").mkdir()
    configure(locations_import_dir=str(tmp_path / "imports"))
    from wastecoach.locations.config import get_locations_settings

    get_locations_settings.cache_clear()
    migrations.upgrade(get_settings().effective_database_url)
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        response = client.post(
            "/locations/imports", json={"path": "../../etc/passwd"}, headers=_token("admin")
        )
    get_locations_settings.cache_clear()
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "import_source_rejected"


def test_import_from_a_url_runs_the_bulk_task(client: TestClient, tmp_path: Path) -> None:
    folder = tmp_path / "served"
    folder.mkdir()
    data = {"elements": [recycling_node(i, 37.5 + i / 1000, 127.0, "cans") for i in range(1, 6)]}
    (folder / "points.json").write_text(json.dumps(data), encoding="utf-8")
    with serve_folder(folder) as base_url:
        response = client.post(
            "/locations/imports", json={"url": f"{base_url}/points.json"}, headers=_token("admin")
        )
        assert response.status_code == 202
        assert response.json()["task"] == "locations.import_file"
        assert response.json()["queue"] == "bulk"
        wait_for_in_process_tasks()
    nearby = client.get("/locations/nearby", params={"lat": 37.5, "lon": 127.0, "limit": 50})
    assert nearby.json()["count"] == 5
