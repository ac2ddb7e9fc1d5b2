"""Celery wiring: five queues, explicit routes, retries with backoff, and the dead-letter hop.

Tasks are declared with :func:`task`, which records the queue each task name belongs to;
the Celery router reads that table, so no task reaches a queue by default. Without a broker
(the embedded default) :func:`enqueue` runs the same task code in a small in-process pool.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from typing import Any, Final, TypeVar

from celery import Celery, Task
from kombu import Exchange, Queue
from sqlalchemy.orm import Session

from wastecoach.core.config import SERVICES, Settings, get_settings
from wastecoach.core.db import after_commit

logger = logging.getLogger(__name__)

QUEUES: Final = ("fast", "bulk", "external", "sched", "dlq")
TASK_MODULES: Final = ("wastecoach.core.dlq", *(f"wastecoach.{name}.tasks" for name in SERVICES))

ROUTES: dict[str, str] = {}
celery_app = Celery("wastecoach")


class PermanentTaskError(Exception):
    """A failure that retrying cannot fix (bad input): goes to the dead-letter queue at once."""


class WastecoachTask(Task):  # type: ignore[misc]
    """Base task: after the last retry fails, the call is kept in the dead-letter store."""

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        from wastecoach.core.dlq import send_to_dead_letter

        if self.name == "ops.record_dead_letter":
            logger.error("dead-letter recording failed for task %s: %r", task_id, exc)
            return
        send_to_dead_letter(
            task_name=self.name,
            task_id=task_id,
            args=list(args or ()),
            kwargs=dict(kwargs or {}),
            error=f"{exc.__class__.__name__}: {exc}",
            traceback=str(einfo) if einfo else None,
        )


F = TypeVar("F", bound=Callable[..., Any])


def task(
    name: str,
    *,
    queue: str,
    max_retries: int = 3,
    backoff_max_s: int = 60,
    soft_time_limit_s: int = 30,
    time_limit_s: int = 60,
) -> Callable[[F], Any]:
    """Declare a Celery task routed to ``queue`` with bounded retries and time limits."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    ROUTES[name] = queue

    def decorate(fn: F) -> Any:
        return celery_app.task(
            fn,
            name=name,
            base=WastecoachTask,
            queue=queue,
            autoretry_for=(Exception,),
            dont_autoretry_for=(PermanentTaskError,),
            retry_backoff=True,
            retry_backoff_max=backoff_max_s,
            retry_jitter=True,
            max_retries=max_retries,
            soft_time_limit=soft_time_limit_s,
            time_limit=time_limit_s,
            acks_late=True,
        )

    return decorate


def _route(name: str, *_args: Any, **_kwargs: Any) -> dict[str, str] | None:
    queue = ROUTES.get(name)
    return {"queue": queue, "routing_key": queue} if queue else None


def configure_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    exchange = Exchange("wastecoach", type="direct")
    celery_app.conf.update(
        broker_url=settings.broker_url or "memory://",
        result_backend=settings.effective_result_backend,
        task_queues=[Queue(name, exchange, routing_key=name, durable=True) for name in QUEUES],
        task_default_exchange="wastecoach",
        task_routes=(_route,),
        task_create_missing_queues=False,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_expires=timedelta(hours=6),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"confirm_publish": True},
        beat_schedule={
            "purge-replayed-dead-letters": {
                "task": "ops.purge_replayed_dead_letters",
                "schedule": timedelta(hours=24),
            },
            "purge-expired-refresh-tokens": {
                "task": "auth.purge_expired_refresh_tokens",
                "schedule": timedelta(hours=24),
            },
            # Scans whose task never reached the broker (it was down when they were accepted).
            "resume-stalled-scans": {
                "task": "waste.resume_stalled_scans",
                "schedule": timedelta(minutes=1),
            },
        },
    )
    import_task_modules()
    return celery_app


def import_task_modules() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)


# --- sending --------------------------------------------------------------------------------

_executor_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_inflight: set[Future[Any]] = set()


def _local_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wastecoach-task")
        return _executor


def _run_in_process(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    result = celery_app.tasks[name].apply(args=args, kwargs=kwargs)
    if result.failed():
        logger.warning("in-process task %s failed: %r", name, result.result)
    return result.result


def dispatch(name: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None) -> None:
    """Send a task now: to its queue on the broker, or to the in-process pool."""
    kwargs = kwargs or {}
    if name not in ROUTES:
        raise KeyError(f"task {name!r} has no route")
    if get_settings().tasks_in_process:
        future = _local_executor().submit(_run_in_process, name, args, kwargs)
        _inflight.add(future)
        future.add_done_callback(_inflight.discard)
        return
    celery_app.send_task(name, args=args, kwargs=kwargs, queue=ROUTES[name])


def enqueue(
    name: str,
    *args: Any,
    session: Session | None = None,
    **kwargs: Any,
) -> None:
    """Send a task, after ``session`` commits when one is given (dropped on rollback)."""
    if session is None:
        dispatch(name, args, kwargs)
        return
    after_commit(session, lambda: _dispatch_committed(name, args, kwargs))


def _dispatch_committed(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # The data is already committed and the caller already answered: raising here would lose
    # the other callbacks of this commit and tell nobody. Owners of such work resend it from
    # the database (e.g. waste.resume_stalled_scans).
    try:
        dispatch(name, args, kwargs)
    except Exception as exc:
        logger.error("task %s%r was not sent after commit: %r", name, args, exc)


def wait_for_in_process_tasks(timeout_s: float = 30.0) -> None:
    """Block until in-process tasks (and those they enqueue) finish; for the CLI and tests."""
    import time

    deadline = time.monotonic() + timeout_s
    while _inflight:
        pending = next(iter(_inflight), None)
        if pending is None:
            break
        pending.result(timeout=max(0.0, deadline - time.monotonic()))
