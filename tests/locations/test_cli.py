"""``wastecoach locations import``: the report, idempotency and errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.locations.conftest import recycling_node


def test_cli_import_twice_reports_then_changes_nothing(configure: Any, tmp_path: Path) -> None:
    from wastecoach.cli import app
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings

    configure()
    migrations.upgrade(get_settings().effective_database_url)
    elements = [recycling_node(i, 37.5 + i / 1000, 127.0, "cans") for i in range(6)]
    elements.append(recycling_node(99, None, None, "cans", **{"addr:full": "서울 종로구 1"}))
    elements.append(recycling_node(100, 52.5, 13.4, "cans"))
    path = tmp_path / "points.json"
    path.write_text(json.dumps({"elements": elements}), encoding="utf-8")

    runner = CliRunner()
    first = runner.invoke(app, ["locations", "import", str(path), "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)["files"][0]
    assert (report["imported"], report["pending_geocode"]) == (7, 1)
    assert report["rejected"] == {"coords_out_of_korea": 1}

    again = runner.invoke(app, ["locations", "import", str(path)])
    assert again.exit_code == 0, again.output
    assert "imported 0, updated 0, unchanged 7" in again.stdout

    unknown = tmp_path / "notes.csv"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    failed = runner.invoke(app, ["locations", "import", str(unknown)])
    assert failed.exit_code == 1
