"""A poison task lands in the dead-letter store at once; after the fix, replay completes it."""

from __future__ import annotations

import time
import uuid

from tests.faults.conftest import Workers
from wastecoach.core import dlq
from wastecoach.core.cache import get_cache
from wastecoach.core.db import session_scope
from wastecoach.core.tasks import configure_celery


def _wait_for(predicate, timeout_s: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")


def test_poison_task_is_dead_lettered_and_replay_completes_it(workers: Workers) -> None:
    workers.start("fast,bulk,external,sched,dlq", concurrency=2)
    token = uuid.uuid4().hex
    cache = get_cache()
    cache.set(dlq.PROBE_KEY.format(token=token), "poison", ttl_s=600)
    configure_celery().send_task("ops.probe", args=[token], queue="fast")

    def entry() -> dlq.DeadLetter | None:
        with session_scope() as session:
            return next((e for e in dlq.list_entries(session) if e.args == [token]), None)

    dead = _wait_for(entry, 60, "the poison task's dead letter")
    assert "PermanentTaskError" in dead.error
    assert cache.get(f"ops:probe:{token}:done") is None

    cache.set(dlq.PROBE_KEY.format(token=token), "ok", ttl_s=600)  # the fix
    with session_scope() as session:
        assert dlq.replay(session, dead.id) is not None
    _wait_for(lambda: cache.get(f"ops:probe:{token}:done"), 60, "the replayed task")
    replayed = entry()
    assert replayed is not None and replayed.replay_count == 1
