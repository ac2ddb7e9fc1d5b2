"""A person using the app: guest session, scan a real photo, poll, nearby points, search.

Headless, loopback only; started by ``bench/load/run.sh`` (which starts the servers and
writes the files named below). Environment:

- ``LOAD_PHOTOS_DIR``: folder of real photos (default ../shared/data/images/trashnet)
- ``LOAD_POINTS_FILE``: "lat,lon" lines of real imported collection points
- ``LOAD_QUERIES_FILE``: the search queries (default tests/data/search_queries.tsv)
"""

from __future__ import annotations

import csv
import os
import random
import time
from pathlib import Path

from locust import HttpUser, between, task

ROOT = Path(__file__).resolve().parents[2]
PHOTOS_DIR = Path(os.environ.get("LOAD_PHOTOS_DIR", ROOT.parent / "shared/data/images/trashnet"))
POINTS_FILE = Path(os.environ.get("LOAD_POINTS_FILE", "var/load/points.csv"))
QUERIES_FILE = Path(os.environ.get("LOAD_QUERIES_FILE", ROOT / "tests/data/search_queries.tsv"))
POLL_LIMIT_S = 60.0
PHOTO_COUNT = 60


def _photos() -> list[bytes]:
    paths = sorted(PHOTOS_DIR.glob("*/*.jpg"))
    if not paths:
        raise SystemExit(f"no photos under {PHOTOS_DIR}")
    step = max(1, len(paths) // PHOTO_COUNT)
    return [path.read_bytes() for path in paths[::step][:PHOTO_COUNT]]


def _points() -> list[tuple[float, float]]:
    with POINTS_FILE.open() as handle:
        return [(float(lat), float(lon)) for lat, lon in csv.reader(handle)]


def _queries() -> list[str]:
    with QUERIES_FILE.open(encoding="utf-8") as handle:
        return [row["query"] for row in csv.DictReader(handle, delimiter="\t")]


PHOTOS, POINTS, QUERIES = _photos(), _points(), _queries()


class Person(HttpUser):
    # Someone sorting their trash: a photo, reading the answer, a while before the next item.
    wait_time = between(15, 45)

    headers: dict[str, str] | None = None

    def on_start(self) -> None:
        self._sign_in()

    def _sign_in(self) -> None:
        response = self.client.post("/auth/guest", name="/auth/guest")
        if response.status_code == 201:
            self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    @task
    def sort_one_item(self) -> None:
        if self.headers is None:
            self._sign_in()  # a failed sign-in was already counted; try again next time
            return
        lat, lon = random.choice(POINTS)
        accepted = self.client.post(
            "/scans",
            headers=self.headers,
            files={"image": ("photo.jpg", random.choice(PHOTOS), "image/jpeg")},
            data={"lat": str(lat), "lon": str(lon)},
            name="/scans",
        )
        if accepted.status_code == 202:
            self._poll(accepted.json())
        self.client.get(
            "/locations/nearby",
            params={"lat": lat, "lon": lon, "limit": 5},
            headers=self.headers,
            name="/locations/nearby",
        )
        self.client.get(
            "/recycling/items", params={"q": random.choice(QUERIES)}, name="/recycling/items"
        )

    def _poll(self, accepted: dict[str, object]) -> None:
        scan_id = accepted["scan_id"]
        pause = int(accepted.get("poll_after_ms") or 500) / 1000  # type: ignore[call-overload]
        deadline = time.monotonic() + POLL_LIMIT_S
        while time.monotonic() < deadline:
            time.sleep(pause)
            with self.client.get(
                f"/scans/{scan_id}", headers=self.headers, name="/scans/{id}", catch_response=True
            ) as response:
                ok = response.status_code == 200
                status = response.json().get("status") if ok else None
                if status == "done":
                    response.success()
                    return
                if status == "failed":
                    response.failure("scan failed")
                    return
        self.environment.events.request.fire(
            request_type="SCAN",
            name="scan not done in 60 s",
            response_time=POLL_LIMIT_S * 1000,
            response_length=0,
            exception=TimeoutError(scan_id),
            context={},
        )
