"""The import task, called directly (own session), with files and a loopback URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.locations.conftest import recycling_node
from tests.locations.loopback import serve_folder
from wastecoach.core.tasks import PermanentTaskError
from wastecoach.locations.exceptions import ImportSourceRejected
from wastecoach.locations.models import CollectionPoint


@pytest.fixture
def migrated(configure: Any) -> None:
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings

    configure()
    migrations.upgrade(get_settings().effective_database_url)


def _points_file(folder: Path, count: int, name: str = "points.json") -> Path:
    folder.mkdir(exist_ok=True)
    data = {"elements": [recycling_node(i, 37.5 + i / 1000, 127.0, "cans") for i in range(count)]}
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _stored() -> int:
    from wastecoach.core.db import session_scope

    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(CollectionPoint)) or 0)


def test_task_imports_a_file_and_is_idempotent(migrated: None, tmp_path: Path) -> None:
    from wastecoach.locations.tasks import import_file

    path = _points_file(tmp_path / "in", 7)
    first = import_file.run(str(path), None)
    second = import_file.run(str(path), "overpass_json")
    assert first["files"][0]["imported"] == 7
    assert (second["files"][0]["imported"], second["files"][0]["unchanged"]) == (0, 7)
    assert _stored() == 7


def test_task_downloads_urls_from_a_loopback_server(migrated: None, tmp_path: Path) -> None:
    from wastecoach.locations.tasks import import_file

    served = tmp_path / "served"
    _points_file(served, 3, name="osm points.json")
    with serve_folder(served) as base_url:
        report = import_file.run(f"{base_url}/osm%20points.json")
    assert report["files"][0]["file"] == f"{base_url}/osm%20points.json"
    assert report["files"][0]["imported"] == 3


def test_downloads_are_capped(
    migrated: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wastecoach.locations.config import get_locations_settings
    from wastecoach.locations.tasks import import_file

    served = tmp_path / "served"
    _points_file(served, 50)
    monkeypatch.setenv("WASTECOACH_LOCATIONS_MAX_DOWNLOAD_BYTES", "1000")
    get_locations_settings.cache_clear()
    try:
        with serve_folder(served) as base_url, pytest.raises(PermanentTaskError, match="too_large"):
            import_file.run(f"{base_url}/points.json")
    finally:
        get_locations_settings.cache_clear()
    assert _stored() == 0


def test_missing_files_and_other_schemes_fail_permanently(migrated: None, tmp_path: Path) -> None:
    from wastecoach.core.db import session_scope
    from wastecoach.locations.service import locations as locations_service
    from wastecoach.locations.tasks import import_file

    with pytest.raises(PermanentTaskError, match="not_found"):
        import_file.run(str(tmp_path / "absent.csv"))
    with session_scope() as session, pytest.raises(ImportSourceRejected):
        locations_service.import_source(session, "file:///etc/hostname")


def test_folder_import_skips_unknown_files(migrated: None, tmp_path: Path) -> None:
    from wastecoach.core.db import session_scope
    from wastecoach.locations.service import locations as locations_service

    folder = tmp_path / "folder"
    _points_file(folder, 4)
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "README.md").write_text("# not data\n", encoding="utf-8")
    with session_scope() as session:
        report = locations_service.import_path(session, folder)
    by_file = {f.file: f for f in report.files}
    assert set(by_file) == {"notes.csv", "points.json"}
    assert by_file["notes.csv"].error and "unknown header" in by_file["notes.csv"].error
    assert by_file["points.json"].imported == 4
