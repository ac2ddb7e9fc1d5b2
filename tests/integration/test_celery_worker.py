from __future__ import annotations

import subprocess
import time
import uuid

import pytest

from tests.integration.conftest import wastecoach_command
from tests.servers import REPO_ROOT
from wastecoach.core import dlq
from wastecoach.core.cache import get_cache
from wastecoach.core.db import session_scope
from wastecoach.core.tasks import QUEUES, configure_celery

pytestmark = pytest.mark.integration


def _wait_for(predicate, timeout_s: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout_s} s waiting for {what}")


def test_a_task_on_each_queue_is_consumed_by_a_real_worker(celery_worker) -> None:  # type: ignore[no-untyped-def]
    celery = configure_celery()
    for queue in QUEUES:
        result = celery.send_task("ops.ping", queue=queue, routing_key=queue)
        reply = result.get(timeout=30)
        assert reply == {"pong": True, "routing_key": queue}


def test_failing_task_ends_in_dlq_and_replay_runs_it_again(  # type: ignore[no-untyped-def]
    celery_worker, server_env
) -> None:
    configure_celery()
    token = uuid.uuid4().hex
    cache = get_cache()
    cache.set(dlq.PROBE_KEY.format(token=token), "fail", ttl_s=600)

    configure_celery().send_task("ops.probe", args=[token], queue="fast")

    def dead_letter_id() -> int | None:
        with session_scope() as session:
            for entry in dlq.list_entries(session):
                if entry.args == [token]:
                    return entry.id
        return None

    entry_id = _wait_for(dead_letter_id, 60, "the dead letter row")
    assert cache.get(f"ops:probe:{token}:done") is None

    cache.set(dlq.PROBE_KEY.format(token=token), "ok", ttl_s=600)
    listed = subprocess.run(
        wastecoach_command("dlq", "list", "--json"),
        env=server_env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert token in listed.stdout
    subprocess.run(
        wastecoach_command("dlq", "replay", str(entry_id)),
        env=server_env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    _wait_for(lambda: cache.get(f"ops:probe:{token}:done"), 60, "the replayed task to finish")
