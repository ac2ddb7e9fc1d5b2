"""The command line: scan photos and search items, as a person would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.images import photo
from tests.servers import REPO_ROOT


def run(
    args: list[str], tmp_path: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WASTECOACH_VAR_DIR": str(tmp_path / "var"), "WASTECOACH_ENV": "test"}
    return subprocess.run(
        [sys.executable, "-m", "wastecoach", *args],
        env=env,
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_scan_prints_one_json_object_per_photo(tmp_path: Path, real_photo: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(photo()[:500])
    done = run(["scan", str(real_photo), str(broken), "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 2
    good, bad = lines
    assert good["file"] == str(real_photo)
    for key in ("item_id", "item_name", "category", "confidence", "top_k"):
        assert key in good
    assert good["top_k"] and good["status"] == "done"
    assert bad["error"]["code"] == "image_corrupt"


def test_scan_card_is_readable(tmp_path: Path) -> None:
    picture = tmp_path / "bottle.jpg"
    picture.write_bytes(photo())
    done = run(["scan", str(picture), "--hint", "소주병"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "소주병" in done.stdout and "유리병" in done.stdout


def test_items_search_reads_queries_from_stdin(tmp_path: Path) -> None:
    done = run(
        ["items", "search", "--json"], tmp_path, stdin="아이스팩 어떻게 버려요\n우유팩은요?\n"
    )
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in results] == ["아이스팩 어떻게 버려요", "우유팩은요?"]
    assert [r["id"] for r in results] == ["ice-pack", "milk-carton"]
    assert results[1]["category"] == "종이팩" and 0 < results[1]["score"] <= 1
