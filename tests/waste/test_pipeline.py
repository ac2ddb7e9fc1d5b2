"""The pipeline resumes after the last stored stage and gives up cleanly."""

from __future__ import annotations

import pytest

from tests.fixtures.images import photo
from wastecoach.core.config import get_settings
from wastecoach.core.db import session_scope
from wastecoach.core.migrations import upgrade
from wastecoach.core.security import Principal
from wastecoach.core.tasks import PermanentTaskError
from wastecoach.waste import flows
from wastecoach.waste.models import Scan
from wastecoach.waste.service import waste

OWNER = Principal(user_id="pipeline-owner", role="user", token_id="t", expires_at=0)


@pytest.fixture
def scan_id(configure) -> str:  # type: ignore[no-untyped-def]
    configure()
    upgrade(get_settings().effective_database_url)
    with session_scope() as session:
        return waste.submit_scan(session, owner=OWNER, image=photo(), enqueue_pipeline=False).id


def test_a_retry_resumes_without_running_inference_again(
    scan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"classify": 0, "coach": 0}
    real_classify, real_coach = flows.classify_with_fallback, flows.coach_stage

    def counting_classify(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["classify"] += 1
        return real_classify(*args, **kwargs)

    def flaky_coach(scan: Scan):  # type: ignore[no-untyped-def]
        calls["coach"] += 1
        if calls["coach"] == 1:
            raise ConnectionError("worker lost its database mid-stage")
        return real_coach(scan)

    monkeypatch.setattr(flows, "classify_with_fallback", counting_classify)
    monkeypatch.setattr(flows, "coach_stage", flaky_coach)

    with pytest.raises(ConnectionError):
        flows.run_pipeline(scan_id)
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None
        assert scan.status == "running"
        assert set(scan.stages) == {"classify", "match"}

    assert flows.run_pipeline(scan_id) == "done"
    assert calls == {"classify": 1, "coach": 2}
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None and scan.progress == 100
        assert set(scan.stages) == {"classify", "match", "coach", "nearby"}


def test_a_finished_scan_is_not_processed_again(scan_id: str) -> None:
    assert flows.run_pipeline(scan_id) == "done"
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None
        finished = scan.finished_at
    assert flows.run_pipeline(scan_id) == "done"
    with session_scope() as session:
        again = session.get(Scan, scan_id)
        assert again is not None and again.finished_at == finished


def test_after_the_last_attempt_the_scan_fails_with_a_reason(
    scan_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("model file unreadable")

    monkeypatch.setattr(flows, "classify_with_fallback", broken)
    for _ in range(flows.MAX_ATTEMPTS - 1):
        with pytest.raises(OSError):
            flows.run_pipeline(scan_id)
    with pytest.raises(PermanentTaskError):
        flows.run_pipeline(scan_id)
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None
        assert (scan.status, scan.error_code) == ("failed", "pipeline_failed")
        rendered = waste.render(scan, "en")
    assert rendered.error is not None
    assert rendered.error.message == "The photo could not be analysed."


def test_a_missing_scan_is_a_permanent_error(configure) -> None:  # type: ignore[no-untyped-def]
    configure()
    upgrade(get_settings().effective_database_url)
    with pytest.raises(PermanentTaskError):
        flows.run_pipeline("does-not-exist")


def test_scans_whose_task_was_never_sent_are_resent(scan_id: str) -> None:
    from datetime import timedelta

    from wastecoach.core.tasks import configure_celery, wait_for_in_process_tasks
    from wastecoach.core.timeutil import utcnow

    configure_celery()
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None and scan.status == "queued"
        scan.updated_at = utcnow() - timedelta(minutes=5)  # accepted while the broker was down
    assert flows.resume_stalled(older_than_s=120) == 1
    wait_for_in_process_tasks()
    with session_scope() as session:
        scan = session.get(Scan, scan_id)
        assert scan is not None and scan.status == "done"
    assert flows.resume_stalled(older_than_s=120) == 0
