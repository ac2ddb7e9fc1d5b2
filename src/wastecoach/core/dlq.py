"""The dead-letter store: tasks that failed every retry, kept with arguments, error and time.

A failed task is sent to the ``dlq`` queue as an ``ops.record_dead_letter`` message; the worker
on that queue writes it to ``ops.dead_letter``. ``wastecoach dlq replay ID`` sends the original
task again to its own queue.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from wastecoach.core.cache import get_cache
from wastecoach.core.config import get_settings
from wastecoach.core.db import AwareDateTime, Base, session_scope
from wastecoach.core.tasks import PermanentTaskError, dispatch, task
from wastecoach.core.timeutil import utcnow

logger = logging.getLogger(__name__)


class DeadLetter(Base):
    __tablename__ = "dead_letter"
    __table_args__ = {"schema": "ops"}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_name: Mapped[str] = mapped_column(String(200), index=True)
    task_id: Mapped[str | None] = mapped_column(String(64))
    args: Mapped[list[Any]] = mapped_column(JSON)
    kwargs: Mapped[dict[str, Any]] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    traceback: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    replay_count: Mapped[int] = mapped_column(Integer, default=0)
    replayed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())


def record(session: Session, payload: dict[str, Any]) -> DeadLetter:
    entry = DeadLetter(
        task_name=payload["task_name"],
        task_id=payload.get("task_id"),
        args=payload.get("args", []),
        kwargs=payload.get("kwargs", {}),
        error=str(payload.get("error", ""))[:4000],
        traceback=(payload.get("traceback") or "")[-8000:] or None,
    )
    session.add(entry)
    session.flush()
    return entry


def send_to_dead_letter(**payload: Any) -> None:
    logger.error("task %s exhausted its retries: %s", payload["task_name"], payload["error"])
    if get_settings().tasks_in_process:
        with session_scope() as session:
            record(session, payload)
        return
    dispatch("ops.record_dead_letter", (payload,))


def list_entries(session: Session, *, limit: int = 100) -> list[DeadLetter]:
    query = select(DeadLetter).order_by(DeadLetter.id.desc()).limit(limit)
    return list(session.scalars(query))


def replay(session: Session, entry_id: int) -> DeadLetter | None:
    entry = session.get(DeadLetter, entry_id)
    if entry is None:
        return None
    entry.replay_count += 1
    entry.replayed_at = utcnow()
    session.flush()
    task_name, args, kwargs = entry.task_name, tuple(entry.args), dict(entry.kwargs)
    # Send only once the bookkeeping is committed, so a crash never replays twice unrecorded.
    from wastecoach.core.db import after_commit

    after_commit(session, lambda: dispatch(task_name, args, kwargs))
    return entry


def purge(session: Session, *, replayed_before: datetime | None = None) -> int:
    query = delete(DeadLetter)
    if replayed_before is not None:
        query = query.where(DeadLetter.replayed_at.is_not(None))
        query = query.where(DeadLetter.replayed_at < replayed_before)
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


@task("ops.record_dead_letter", queue="dlq", max_retries=5)
def record_dead_letter(payload: dict[str, Any]) -> int:
    with session_scope() as session:
        return record(session, payload).id


@task("ops.purge_replayed_dead_letters", queue="sched")
def purge_replayed_dead_letters(days: int = 30) -> int:
    with session_scope() as session:
        return purge(session, replayed_before=utcnow() - timedelta(days=days))


@task("ops.ping", queue="fast", max_retries=0)
def ping() -> dict[str, Any]:
    """Liveness of the task path; callers may send it to any queue to check its consumer."""
    from celery import current_task

    delivery = getattr(current_task.request, "delivery_info", None) or {}
    return {"pong": True, "routing_key": delivery.get("routing_key")}


PROBE_KEY = "ops:probe:{token}"


@task("ops.probe", queue="fast", max_retries=2, backoff_max_s=2)
def probe(token: str) -> str:
    """A canary whose outcome operators control: fails while ``ops:probe:<token>`` is "fail".

    It exercises the whole failure path (retries, dead letter, replay after the fix).
    """
    state = get_cache().get(PROBE_KEY.format(token=token))
    if state == "fail":
        raise RuntimeError(f"probe {token} told to fail")
    if state == "poison":
        raise PermanentTaskError(f"probe {token} is poison")
    get_cache().set(f"ops:probe:{token}:done", "1", ttl_s=3600)
    return "ok"
