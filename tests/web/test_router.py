"""Serving the web client: the index with its settings, static files, Leaflet, headers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from wastecoach.web.config import get_web_settings
from wastecoach.web.router import tile_source


@pytest.fixture
def web_client(configure: Callable[..., None]) -> Iterator[Callable[..., TestClient]]:
    """A TestClient of the app with the web client, built after the given WEB_* settings."""
    from wastecoach.main import create_app
    from wastecoach.web import mount_web

    def build(**settings: str) -> TestClient:
        configure(**{f"web_{key}": value for key, value in settings.items()})
        get_web_settings.cache_clear()
        app = create_app()
        if not any(getattr(route, "path", None) == "/" for route in app.routes):
            mount_web(app)
        return TestClient(app)

    yield build
    get_web_settings.cache_clear()


def _leaflet_dist(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "leaflet.css").write_text(".leaflet-container{}", encoding="utf-8")
    (folder / "leaflet-src.esm.js").write_text("export const version = 'test';", encoding="utf-8")
    return folder


def test_index_carries_the_tile_url_and_leaflet_flag(
    web_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = web_client(
        tile_url="https://tiles.example.test/{z}/{x}/{y}.png?a=1&b=2",
        tile_attribution='© Example "Tiles"',
        vendor_dir=str(_leaflet_dist(tmp_path / "dist")),
    )
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    body = response.text
    assert (
        '<meta name="wastecoach-tile-url" '
        'content="https://tiles.example.test/{z}/{x}/{y}.png?a=1&amp;b=2">' in body
    )
    assert 'content="© Example &quot;Tiles&quot;"' in body
    assert '<meta name="wastecoach-map" content="true">' in body
    assert "__" not in body.split("<title>")[0]  # every placeholder was filled
    csp = response.headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://tiles.example.test" in csp
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp
    assert response.headers["cache-control"] == "no-cache"


def test_default_tile_url_is_openstreetmap(web_client: Callable[..., TestClient]) -> None:
    body = web_client().get("/").text
    assert (
        '<meta name="wastecoach-tile-url" '
        'content="https://tile.openstreetmap.org/{z}/{x}/{y}.png">' in body
    )
    assert "OpenStreetMap contributors" in body


def test_leaflet_is_served_from_vendor_dir(
    web_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = web_client(vendor_dir=str(_leaflet_dist(tmp_path / "dist")))
    css = client.get("/vendor/leaflet/leaflet.css")
    assert css.status_code == 200 and css.text == ".leaflet-container{}"
    js = client.get("/vendor/leaflet/leaflet-src.esm.js")
    assert "javascript" in js.headers["content-type"]


def test_without_leaflet_the_page_says_so_and_vendor_is_absent(
    web_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = web_client(vendor_dir=str(tmp_path / "not-installed"))
    assert '<meta name="wastecoach-map" content="false">' in client.get("/").text
    assert client.get("/vendor/leaflet/leaflet.css").status_code == 404


def test_static_modules_are_served_as_javascript(web_client: Callable[..., TestClient]) -> None:
    client = web_client()
    for path in ("/static/app.js", "/static/js/i18n.js", "/static/js/sse.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "javascript" in response.headers["content-type"], path
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/styles.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/missing.js").status_code == 404


def test_api_routes_still_answer(web_client: Callable[..., TestClient]) -> None:
    client = web_client()
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/recycling/items", params={"q": "우유팩"}).status_code == 200


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.test/{z}/{x}/{y}.png", "https://*.tile.example.test"),
        ("http://127.0.0.1:8080/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
    ],
)
def test_tile_source_for_the_csp(tile_url: str, source: str | None) -> None:
    assert tile_source(tile_url) == source
