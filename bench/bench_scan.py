"""Scan submit-to-done latency, throughput and memory: embedded default and real servers.

    .venv/bin/python -m bench.bench_scan [--scans 100] [--mode embedded,servers] [--json]

Both modes start the API as a real process (``python -m wastecoach serve`` on 127.0.0.1) and
send real photos from ``../shared/data/images`` with httpx:

- ``embedded``: SQLite, in-process tasks, in-memory cache (the default install).
- ``servers``: PostgreSQL + Redis + RabbitMQ, with one ``python -m wastecoach worker --queues
  fast,bulk,external,sched,dlq`` subprocess (concurrency 2), as in production.

Latency: one scan at a time, polling ``GET /scans/{id}`` every 20 ms until it is done.
Throughput: all scans submitted at once (a guest per 25 scans: the API allows 30 a minute),
then the time until the last one is done. Memory: RSS of the API process and of the worker
(its main process plus pool children) after the run. Photos are sent without a location, so
the nearby stage is skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.common import latency_summary, machine

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PHOTOS = ROOT.parent / "shared" / "data" / "images" / "trashnet"
POSTGRES_ADMIN_URL = os.environ.get(
    "WASTECOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("WASTECOACH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
AMQP_URL = os.environ.get("WASTECOACH_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
POLL_S = 0.02
VISIBLE_WITHIN_S = 2.0
SCANS_PER_GUEST = 25
WARMUP_SCANS = 3
TARGET_P50_MS = 200.0  # embedded submit-to-done


def load_photos(folder: Path, count: int) -> list[bytes]:
    paths = sorted(folder.glob("*/*.jpg"))
    if not paths:
        raise SystemExit(f"no photos under {folder}")
    step = max(1, len(paths) // count)
    return [path.read_bytes() for path in paths[::step][:count]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total_kb, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return round(total_kb / 1024, 1)


@contextmanager
def process(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as handle:
        proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@contextmanager
def api_server(env: dict[str, str], folder: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``wastecoach serve`` on a free loopback port, migrated, answering /healthz."""
    port = free_port()
    command = [sys.executable, "-m", "wastecoach", "serve", "--port", str(port), "--migrate"]
    with process(command, env, folder / "api.log") as proc:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the API exited early; see {folder / 'api.log'}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the API did not answer /healthz within 90 s")
            time.sleep(0.2)
        yield base, proc


def bench_env(folder: Path, **overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WASTECOACH_")}
    env.update(
        {
            "WASTECOACH_ENV": "test",
            "WASTECOACH_VAR_DIR": str(folder / "var"),
            "WASTECOACH_LOG_LEVEL": "WARNING",
            "WASTECOACH_AUTH_GUEST_PER_IP": "100000",
        }
    )
    env.update({f"WASTECOACH_{key.upper()}": value for key, value in overrides.items()})
    return env


class Client:
    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.headers: dict[str, str] = {}
        self.sent = 0
        # A 404 on a scan the API has just accepted: the response left before the commit
        # (a known race, reported). Counted, and the poll goes on for up to VISIBLE_WITHIN_S.
        self.not_yet_visible = 0

    def _guest(self) -> None:
        response = self.http.post("/auth/guest")
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['access_token']}"}

    def submit(self, data: bytes) -> str:
        if self.sent % SCANS_PER_GUEST == 0:
            self._guest()
        self.sent += 1
        response = self.http.post(
            "/scans", headers=self.headers, files={"image": ("photo.jpg", data, "image/jpeg")}
        )
        if response.status_code != 202:
            raise RuntimeError(f"submit failed: {response.status_code} {response.text[:200]}")
        return str(response.json()["scan_id"])

    def status(self, scan_id: str, headers: dict[str, str]) -> str:
        response = self.http.get(f"/scans/{scan_id}", headers=headers)
        if response.status_code == 404:
            self.not_yet_visible += 1
            return "invisible"
        if response.status_code != 200:
            raise RuntimeError(f"poll failed: {response.status_code} {response.text[:300]}")
        return str(response.json()["status"])

    def wait(self, scan_id: str, headers: dict[str, str], timeout_s: float = 120) -> str:
        started = time.monotonic()
        while time.monotonic() < started + timeout_s:
            state = self.status(scan_id, headers)
            if state in ("done", "failed"):
                return state
            if state == "invisible" and time.monotonic() > started + VISIBLE_WITHIN_S:
                raise RuntimeError(f"scan {scan_id} still 404 after {VISIBLE_WITHIN_S} s")
            time.sleep(POLL_S)
        raise RuntimeError(f"scan {scan_id} not finished after {timeout_s} s")


def measure(base: str, photos: list[bytes]) -> dict[str, Any]:
    client = Client(base)
    for data in photos[:WARMUP_SCANS]:  # model load, first connections
        client.wait(client.submit(data), client.headers)
    latencies: list[float] = []
    failed = 0
    for data in photos:
        started = time.perf_counter()
        scan_id = client.submit(data)
        failed += client.wait(scan_id, client.headers) != "done"
        latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    pending: list[tuple[str, dict[str, str]]] = []
    for data in photos:
        scan_id = client.submit(data)
        pending.append((scan_id, dict(client.headers)))
    submitted_s = time.perf_counter() - started
    for scan_id, headers in pending:
        failed += client.wait(scan_id, headers, timeout_s=300) != "done"
    elapsed = time.perf_counter() - started
    return {
        "scans": len(photos),
        "submit_to_done": latency_summary(latencies),
        "burst_submit_s": round(submitted_s, 2),
        "burst_all_done_s": round(elapsed, 2),
        "throughput_scans_per_s": round(len(photos) / elapsed, 2),
        "not_done": failed,
        "polls_404_right_after_202": client.not_yet_visible,
    }


def run_embedded(photos: list[bytes]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        folder = Path(tmp)
        with api_server(bench_env(folder), folder) as (base, api):
            report = measure(base, photos)
            report["rss_mb_api"] = tree_rss_mb(api.pid)
    report["target_p50_ms"] = TARGET_P50_MS
    report["met"] = report["submit_to_done"]["p50_ms"] <= TARGET_P50_MS and not report["not_done"]
    return report


def run_servers(photos: list[bytes]) -> dict[str, Any]:
    from bench.bench_locations import postgres_database

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-scan-")))
        url = stack.enter_context(postgres_database(POSTGRES_ADMIN_URL))
        env = bench_env(folder, database_url=url, redis_url=REDIS_URL, broker_url=AMQP_URL)
        _purge_queues(env)
        base, api = stack.enter_context(api_server(env, folder))
        worker_command = [sys.executable, "-m", "wastecoach", "worker", "--queues",
                          "fast,bulk,external,sched,dlq", "--concurrency", "2"]  # fmt: skip
        worker = stack.enter_context(process(worker_command, env, folder / "worker.log"))
        report = measure(base, photos)
        report["rss_mb_api"] = tree_rss_mb(api.pid)
        report["rss_mb_worker"] = tree_rss_mb(worker.pid)
    return report


def _purge_queues(env: dict[str, str]) -> None:
    """Leftover messages from an earlier run would be counted as this run's work."""
    subprocess.run(
        [sys.executable, "-c", "from wastecoach.core.tasks import configure_celery as c;"
         "c().control.purge()"],
        env=env, cwd=ROOT, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=DEFAULT_PHOTOS)
    parser.add_argument("--scans", type=int, default=100)
    parser.add_argument("--mode", default="embedded,servers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.photos.is_dir():
        print(json.dumps({"skipped": f"no photo folder at {args.photos}"}))
        return 0
    photos = load_photos(args.photos, args.scans)
    report: dict[str, Any] = {"machine": machine(), "photos": str(args.photos)}
    runners = {"embedded": run_embedded, "servers": run_servers}
    for mode in [m.strip() for m in args.mode.split(",") if m.strip()]:
        report[mode] = runners[mode](photos)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
