"""Fixtures of the locations tests: a migrated database per test (SQLite and PostGIS)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from wastecoach.core import migrations

OverpassWriter = Callable[..., Path]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, configure: Any) -> Iterator[Session]:
    """A session on a freshly migrated database; rolled back after the test."""
    from wastecoach.core.config import get_settings
    from wastecoach.core.db import get_sessionmaker

    if request.param == "postgres":
        configure(database_url=request.getfixturevalue("postgres_url"))
    else:
        configure()
    migrations.upgrade(get_settings().effective_database_url)
    session = get_sessionmaker()()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def node(osm_id: int, lat: float | None, lon: float | None, **tags: str) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "node", "id": osm_id, "tags": tags}
    if lat is not None and lon is not None:
        element.update(lat=lat, lon=lon)
    return element


def recycling_node(
    osm_id: int, lat: float | None, lon: float | None, *materials: str, **tags: str
) -> dict[str, Any]:
    material_tags = {f"recycling:{m}": "yes" for m in materials}
    return node(osm_id, lat, lon, amenity="recycling", **material_tags, **tags)


@pytest.fixture
def write_overpass(tmp_path: Path) -> OverpassWriter:
    """Write an Overpass JSON file (synthetic elements) and return its path."""

    def write(elements: list[dict[str, Any]], name: str = "overpass.json") -> Path:
        path = tmp_path / name
        data = {"osm3s": {"timestamp_osm_base": "2025-01-02T03:04:05Z"}, "elements": elements}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write
