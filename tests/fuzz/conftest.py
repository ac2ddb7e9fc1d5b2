"""The whole embedded app for fuzzing: SQLite, in-process tasks, no network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

# WASTECOACH_FUZZ_EXAMPLES=200 goes deeper; the default keeps the suite to well under 2 minutes.
FUZZ_EXAMPLES = int(os.environ.get("WASTECOACH_FUZZ_EXAMPLES", "6"))


def _refuse_download(url: str, folder: Path, **_: object) -> Path:
    raise RuntimeError(f"fuzzing never downloads ({url})")


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings
    from wastecoach.core.reset import reset_process_state
    from wastecoach.core.tasks import wait_for_in_process_tasks
    from wastecoach.main import create_app

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WASTECOACH_ENV", "test")
        patch.setenv("WASTECOACH_VAR_DIR", str(tmp_path_factory.mktemp("fuzz") / "var"))
        patch.setenv("WASTECOACH_AUTH_GUEST_PER_IP", "1000000")  # a fresh guest per case
        for name in ("DATABASE_URL", "REDIS_URL", "BROKER_URL"):
            patch.delenv(f"WASTECOACH_{name}", raising=False)
        # An admin import of a fuzzed URL must not reach the network.
        patch.setattr("wastecoach.locations.service.download", _refuse_download)
        reset_process_state()
        migrations.upgrade(get_settings().effective_database_url)
        yield create_app()
        wait_for_in_process_tasks(timeout_s=60)
    reset_process_state()
