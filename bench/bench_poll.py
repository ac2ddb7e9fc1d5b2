"""GET /scans/{id} requests per second against ``wastecoach serve`` on loopback (embedded).

    .venv/bin/python -m bench.bench_poll [--clients 16] [--seconds 10] [--json]

One guest, one finished scan made from a real photo; then ``--clients`` concurrent httpx
clients poll it for ``--seconds`` (both bounded: at most 64 clients and 60 seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.bench_scan import (
    DEFAULT_PHOTOS,
    Client,
    api_server,
    bench_env,
    load_photos,
    tree_rss_mb,
)
from bench.common import latency_summary, machine

MAX_CLIENTS, MAX_SECONDS = 64, 60.0


async def hammer(
    base: str, path: str, headers: dict[str, str], clients: int, seconds: float
) -> dict[str, Any]:
    samples: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as http:
        deadline = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await http.get(path, timeout=10)
                    errors += response.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                samples.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": len(samples),
        "errors": errors,
        "requests_per_s": round(len(samples) / elapsed, 1),
        "latency": latency_summary(samples),
    }


def run(clients: int, seconds: float, photos: Path) -> dict[str, Any]:
    clients = max(1, min(clients, MAX_CLIENTS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    photo = load_photos(photos, 1)[0]
    with tempfile.TemporaryDirectory(prefix="bench-poll-") as tmp:
        folder = Path(tmp)
        with api_server(bench_env(folder), folder) as (base, api):
            client = Client(base)
            scan_id = client.submit(photo)
            client.wait(scan_id, client.headers)
            path = f"/scans/{scan_id}"
            asyncio.run(hammer(base, path, client.headers, clients, 1.0))  # warm-up
            report = asyncio.run(hammer(base, path, client.headers, clients, seconds))
            report["rss_mb_api"] = tree_rss_mb(api.pid)
    return {"machine": machine(), "server": "wastecoach serve (1 process, SQLite)", **report}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--photos", type=Path, default=DEFAULT_PHOTOS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.photos.is_dir():
        print(json.dumps({"skipped": f"no photo folder at {args.photos}"}))
        return 0
    report = run(args.clients, args.seconds, args.photos)
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
