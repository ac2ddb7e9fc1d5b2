"""Every hostile or odd upload gets a 4xx in the error format, or a 202 that finishes; memory
stays bounded over the whole corpus."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from tests.fixtures.images import photo
from tests.fuzz.bad_images import CORPUS, REJECT, Upload
from tests.waste.conftest import wait_done

MAX_RSS_GROWTH_MB = 150


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _guest(client: TestClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.post('/auth/guest').json()['access_token']}"}


def _upload(client: TestClient, headers: dict[str, str], upload: Upload):  # type: ignore[no-untyped-def]
    return client.post(
        "/scans",
        headers=headers,
        files={"image": (upload.filename, upload.make(), upload.content_type)},
    )


@pytest.mark.parametrize("upload", CORPUS, ids=[u.name for u in CORPUS])
def test_bad_upload_is_refused_or_finishes(client: TestClient, upload: Upload) -> None:
    guest = _guest(client)
    response = _upload(client, guest, upload)
    if upload.expect == REJECT or response.status_code != 202:
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
        error = response.json()["error"]
        assert error["code"] and error["message"]
        return
    scan = wait_done(client, guest, response.json()["scan_id"])
    assert scan["status"] == "done", scan


def test_memory_stays_bounded_over_the_corpus(client: TestClient) -> None:
    guest = _guest(client)
    warm = client.post("/scans", headers=guest, files={"image": ("a.jpg", photo(), "image/jpeg")})
    wait_done(client, guest, warm.json()["scan_id"])  # the model is loaded before measuring
    gc.collect()
    before = _rss_mb()
    for round_number in range(2):
        guest = _guest(client)  # 30 scans a minute per account
        for upload in CORPUS:
            response = _upload(client, guest, upload)
            assert response.status_code < 500, (round_number, upload.name, response.text)
            if response.status_code == 202:
                wait_done(client, guest, response.json()["scan_id"])
    gc.collect()
    growth = _rss_mb() - before
    assert growth < MAX_RSS_GROWTH_MB, f"RSS grew {growth:.0f} MB over two rounds of the corpus"
