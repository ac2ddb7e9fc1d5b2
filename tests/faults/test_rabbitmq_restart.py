"""RabbitMQ restarted while scans are being submitted: no scan is lost.

Every scan row that exists in the database (whatever the client was told) must reach done
once the broker is back: a row stuck in ``queued`` is a scan the user sees but never gets.
A scan accepted while the broker was down is committed but its task could not be sent; beat's
``waste.resume_stalled_scans`` (every minute) sends it again. The test sends that task itself
instead of waiting a minute for beat.
"""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faults import control
from tests.faults.conftest import Workers, new_guest, photos, submit, wait_all_done
from wastecoach.core.db import session_scope
from wastecoach.core.tasks import configure_celery
from wastecoach.waste.models import Scan

BEFORE, DURING, AFTER = 15, 5, 15
STALLED_AFTER_S = 3


def _all_scan_ids() -> list[str]:
    with session_scope() as session:
        return list(session.scalars(select(Scan.id)))


def test_no_scan_is_lost_when_rabbitmq_restarts(stack_client: TestClient, workers: Workers) -> None:
    workers.start("fast,bulk,external,sched,dlq", concurrency=2)
    images = iter(photos(BEFORE + DURING + AFTER))
    guests = [new_guest(stack_client), new_guest(stack_client)]  # 30 scans/min each
    accepted: list[str] = []
    outage_codes: list[int] = []

    def send(count: int, codes: list[int] | None = None) -> None:
        for _ in range(count):
            response = submit(stack_client, guests[len(accepted) % 2], next(images))
            if codes is not None:
                codes.append(response.status_code)
            if response.status_code == 202:
                accepted.append(response.json()["scan_id"])
            else:
                assert codes is not None, response.text
                assert response.status_code == 503, response.text
                assert response.json()["error"]["code"] == "service_unavailable"

    send(BEFORE)
    control.stop_rabbitmq()
    try:
        started = time.monotonic()
        send(DURING, outage_codes)
        outage_s = time.monotonic() - started
    finally:
        control.start_rabbitmq()
    send(AFTER)
    time.sleep(STALLED_AFTER_S)
    configure_celery().send_task(
        "waste.resume_stalled_scans", kwargs={"older_than_s": STALLED_AFTER_S}, queue="sched"
    )

    every_row = _all_scan_ids()
    assert set(accepted) <= set(every_row)
    statuses = wait_all_done(every_row, timeout_s=120)
    stuck = {scan_id: s for scan_id, s in statuses.items() if s != "done"}
    assert not stuck, f"{len(stuck)} scans never finished; during the outage: {outage_codes}"
    assert outage_s < DURING * 10, "submissions during the outage must not hang"
