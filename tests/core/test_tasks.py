from __future__ import annotations

import uuid

from wastecoach.core import dlq
from wastecoach.core.cache import get_cache
from wastecoach.core.config import get_settings
from wastecoach.core.db import session_scope
from wastecoach.core.migrations import upgrade
from wastecoach.core.tasks import (
    QUEUES,
    ROUTES,
    celery_app,
    configure_celery,
    enqueue,
    wait_for_in_process_tasks,
)


def test_every_task_is_routed_to_a_known_queue(configure) -> None:  # type: ignore[no-untyped-def]
    configure()
    configure_celery()
    ours = [name for name in celery_app.tasks if not name.startswith("celery.")]
    assert ours, "task modules were imported"
    for name in ours:
        assert ROUTES.get(name) in QUEUES, name
    assert {"fast", "dlq", "sched"} <= set(ROUTES.values())


def test_in_process_failure_lands_in_dead_letters_and_replays(configure) -> None:  # type: ignore[no-untyped-def]
    configure()
    upgrade(get_settings().effective_database_url)
    configure_celery()
    token = uuid.uuid4().hex
    get_cache().set(dlq.PROBE_KEY.format(token=token), "fail")

    enqueue("ops.probe", token)
    wait_for_in_process_tasks()

    with session_scope() as session:
        entries = [e for e in dlq.list_entries(session) if e.args == [token]]
        assert len(entries) == 1
        entry_id = entries[0].id
        assert "told to fail" in entries[0].error

    get_cache().set(dlq.PROBE_KEY.format(token=token), "ok")
    with session_scope() as session:
        assert dlq.replay(session, entry_id) is not None
    wait_for_in_process_tasks()

    assert get_cache().get(f"ops:probe:{token}:done") == "1"
    with session_scope() as session:
        replayed = session.get(dlq.DeadLetter, entry_id)
        assert replayed is not None and replayed.replay_count == 1


def test_enqueue_waits_for_commit_and_drops_on_rollback(configure) -> None:  # type: ignore[no-untyped-def]
    configure()
    upgrade(get_settings().effective_database_url)
    configure_celery()
    committed, rolled_back = uuid.uuid4().hex, uuid.uuid4().hex

    with session_scope() as session:
        enqueue("ops.probe", committed, session=session)
        assert get_cache().get(f"ops:probe:{committed}:done") is None
    try:
        with session_scope() as session:
            enqueue("ops.probe", rolled_back, session=session)
            raise RuntimeError("abort the unit of work")
    except RuntimeError:
        pass
    wait_for_in_process_tasks()

    assert get_cache().get(f"ops:probe:{committed}:done") == "1"
    assert get_cache().get(f"ops:probe:{rolled_back}:done") is None
