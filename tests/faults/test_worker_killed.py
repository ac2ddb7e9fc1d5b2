"""A worker SIGKILLed in the middle of 100 scans: every scan still finishes.

acks_late + reject_on_worker_lost put the killed worker's unacknowledged messages back on the
queue; the per-stage checkpoints let the retry resume instead of starting over.
"""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.faults.conftest import (
    SCANS_PER_GUEST,
    Workers,
    new_guest,
    photos,
    scan_statuses,
    submit,
    wait_all_done,
)

SCANS = 100
ALL_QUEUES = "fast,bulk,external,sched,dlq"


def test_every_scan_finishes_when_a_worker_is_killed_mid_run(
    stack_client: TestClient, workers: Workers
) -> None:
    images = photos(SCANS)
    ids: list[str] = []
    headers: dict[str, str] = {}
    for index, data in enumerate(images):  # queued with no worker running yet
        if index % SCANS_PER_GUEST == 0:
            headers = new_guest(stack_client)
        response = submit(stack_client, headers, data)
        assert response.status_code == 202, response.text
        ids.append(response.json()["scan_id"])

    # Not waiting for its ping: once up, it clears 100 scans in a few seconds, and the kill
    # has to land while it is busy.
    victim = workers.start(ALL_QUEUES, concurrency=2, wait=False)
    deadline = time.monotonic() + 90
    done_before_kill = 0
    while time.monotonic() < deadline:
        done_before_kill = sum(s == "done" for s in scan_statuses(ids).values())
        if done_before_kill >= 10:
            break
        time.sleep(0.05)
    workers.kill(victim)
    assert 10 <= done_before_kill < SCANS, "the kill has to land in the middle of the run"

    workers.start("fast", concurrency=1)  # a second worker
    workers.start(ALL_QUEUES, concurrency=2)  # and the killed one, restarted
    statuses = wait_all_done(ids, timeout_s=120)
    assert len(statuses) == SCANS
    not_done = {scan_id: s for scan_id, s in statuses.items() if s != "done"}
    assert not not_done, f"{len(not_done)} scans did not finish: {not_done}"
