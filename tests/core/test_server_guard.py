"""Tests needing a server skip on a user's machine and fail in CI when it is absent."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.servers import REPO_ROOT

PROBE = textwrap.dedent(
    """
    from tests.servers import require

    def test_needs_a_server_on_a_closed_port():
        require("ImaginaryDB", "127.0.0.1", 1)
    """
)


def run_probe(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    probe = tmp_path / "test_probe.py"
    probe.write_text(PROBE)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(probe)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_absent_server_skips_with_a_message_on_a_users_machine(tmp_path: Path) -> None:
    result = run_probe(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "ImaginaryDB is not reachable at 127.0.0.1:1" in result.stdout


def test_absent_server_fails_under_ci(tmp_path: Path) -> None:
    result = run_probe(tmp_path, ci="true")
    assert result.returncode == 1
    assert "1 failed" in result.stdout
    assert "CI=true: servers are required" in result.stdout
