"""Celery tasks of the waste service: the scan pipeline (inference on fast, remote on external)."""

from __future__ import annotations

from typing import Any

from celery.signals import worker_process_init

from wastecoach.core.tasks import task
from wastecoach.waste.flows import run_pipeline


def _load_model(**_: Any) -> None:
    """Each worker process loads the classifier once, before its first scan."""
    from wastecoach.waste.providers.local import get_classifier

    get_classifier()


worker_process_init.connect(_load_model, weak=False)


@task("waste.process_scan", queue="fast", max_retries=3, soft_time_limit_s=30, time_limit_s=60)
def process_scan(scan_id: str) -> str:
    return run_pipeline(scan_id, remote=False)


@task(
    "waste.process_scan_remote",
    queue="external",
    max_retries=3,
    soft_time_limit_s=60,
    time_limit_s=90,
)
def process_scan_remote(scan_id: str) -> str:
    return run_pipeline(scan_id, remote=True)


@task("waste.resume_stalled_scans", queue="sched", max_retries=0)
def resume_stalled_scans(older_than_s: int = 120) -> int:
    """Resend scans still queued after ``older_than_s``: their task may never have been sent."""
    from wastecoach.waste.flows import resume_stalled

    return resume_stalled(older_than_s)


@task("waste.refine_coaching", queue="external", max_retries=2, soft_time_limit_s=45)
def refine_coaching(scan_id: str) -> bool:
    """Replace a finished scan's grounded coaching with the LLM's, when allowed and valid."""
    from wastecoach.waste.flows import refine_coaching_with_llm

    return refine_coaching_with_llm(scan_id)
