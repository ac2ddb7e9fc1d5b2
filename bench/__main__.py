"""Run every benchmark, keep the figures with the load average, print a Markdown table.

    .venv/bin/python -m bench [--full] [--only search,scan] [--write-docs]

Each benchmark runs in its own process (so one's memory does not count in the next). Before
each, the runner waits (up to --quiet-wait seconds) for the 1-minute load average to drop
under --quiet-load, and records the load average before and after; a figure taken above that
load is marked "noisy" and re-run once. Results go to bench/results/latest.json (git-ignored);
--write-docs puts the table into docs/benchmarks.md between its bench markers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PY = sys.executable
Row = tuple[str, str, str, bool | None]  # measure, target, measured, met (None: no target)


def _json_tail(text: str) -> Any:
    """The JSON document a benchmark printed last (after any progress lines)."""
    lines = text.strip().splitlines()
    for start in range(len(lines)):
        if lines[start].startswith("{"):
            try:
                return json.loads("\n".join(lines[start:]))
            except json.JSONDecodeError:
                continue
    raise ValueError("no JSON document in the benchmark's output")


def _classifier(text: str) -> dict[str, Any]:
    def number(pattern: str) -> float | None:
        found = re.search(pattern, text)
        return float(found.group(1)) if found else None

    if text.startswith("skipped"):
        return {"skipped": text.strip()}
    return {
        "top1": number(r"top-1 accuracy: ([\d.]+)"),
        "total_p50_ms": number(r"total\s+p50\s+([\d.]+) ms"),
        "total_p95_ms": number(r"total\s+p50\s+[\d.]+ ms\s+p95\s+([\d.]+) ms"),
        "inference_p50_ms": number(r"inference\s+p50\s+([\d.]+) ms"),
        "peak_rss_mib": number(r"peak ([\d.]+) MiB"),
        "held_out": number(r"held-out photos: (\d+)"),
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} ms"


BLIND_SETS = tuple(f"blind_{letter}" for letter in "abcdefghijk")
HELD_OUT = ("blind_j", "blind_k")


def _rows_search(r: dict[str, Any]) -> list[Row]:
    sets = [name for name in ("dev", *BLIND_SETS, "en") if name in r]
    p95 = max(r[name]["latency"]["p95_ms"] for name in sets)
    rows: list[Row] = [
        ("search p95, worst query set", "≤ 5 ms", f"{p95:.2f} ms", p95 <= 5),
    ]

    def pooled(names: list[str]) -> tuple[int, float, float]:
        n = sum(r[name]["all"]["queries"] for name in names)
        top1 = sum(r[name]["all"]["top1"] * r[name]["all"]["queries"] for name in names) / n
        top3 = sum(r[name]["all"]["top3"] * r[name]["all"]["queries"] for name in names) / n
        return n, top1, top3

    held_out = [name for name in HELD_OUT if name in r]
    korean = [name for name in ("dev", *BLIND_SETS) if name in r]
    tuned = [name for name in korean if name not in held_out]
    if held_out:
        n, top1, top3 = pooled(held_out)
        rows.append((
            f"search top-1 / top-3, held-out blind sets ({', '.join(held_out)})", "≥ 95% top-1",
            f"{top1:.1%} / {top3:.1%} (n={n}; " + ", ".join(
                f"{name[-1]} {r[name]['all']['top1']:.1%}" for name in held_out) + ")",
            top1 >= 0.95,
        ))  # fmt: skip
    n, top1, top3 = pooled(korean)
    rows.append((
        "search top-1 / top-3, all Korean query sets", "≥ 95% top-1",
        f"{top1:.1%} / {top3:.1%} (n={n}; each set used to find faults: "
        f"{min(r[k]['all']['top1'] for k in tuned):.1%}–"
        f"{max(r[k]['all']['top1'] for k in tuned):.1%})",
        top1 >= 0.95,
    ))  # fmt: skip
    if "en" in r:
        rows.append((
            "search top-1 / top-3, English", "≥ 95% top-1",
            f"{r['en']['all']['top1']:.1%} / {r['en']['all']['top3']:.1%} "
            f"(n={r['en']['all']['queries']})", r["en"]["all"]["top1"] >= 0.95,
        ))  # fmt: skip
    rows.append((
        "search RSS: after the queries / peak", "≤ 400 MB",
        f"{r['rss_mb_after']:.0f} / {r['peak_rss_mb']:.0f} MB",
        max(r["rss_mb_after"], r["peak_rss_mb"]) <= 400,
    ))  # fmt: skip
    return rows


def _rows_classifier(r: dict[str, Any]) -> list[Row]:
    if "skipped" in r:
        return [("classifier", "", r["skipped"], None)]
    return [
        ("classifier held-out top-1", "≥ 90%", f"{r['top1']:.1%} (n={r['held_out']:.0f})",
         r["top1"] >= 0.90),
        ("classifier per photo p50 (decode+preprocess+inference)", "≤ 30 ms",
         _ms(r["total_p50_ms"]), r["total_p50_ms"] <= 30),
    ]  # fmt: skip


def _rows_locations(r: dict[str, Any], points: str, full: bool) -> list[Row]:
    rows: list[Row] = []
    for backend, target in (("postgres", 2.0), ("sqlite", 5.0)):
        synthetic = r.get(f"{backend}_synthetic")
        if synthetic:
            p95 = synthetic["p95_ms"]
            rows.append((
                f"nearest-5 p95, {backend}, {points} synthetic points",
                f"≤ {target:g} ms at 1M", f"{p95:.2f} ms ({synthetic['mismatches']} mismatches)",
                p95 <= target if full else None,
            ))  # fmt: skip
        real = (r.get(backend) or {}).get("real")
        if real:
            rows.append((f"nearest-5 p95, {backend}, real shared data", "—",
                         f"{real['p95_ms']:.2f} ms", None))  # fmt: skip
    return rows


def _rows_scan(r: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    if "skipped" in r:
        return [("scan", "", r["skipped"], None)]
    embedded, servers = r.get("embedded"), r.get("servers")
    if embedded:
        latency = embedded["submit_to_done"]
        rows += [
            ("scan submit-to-done p50 / p95, embedded", "≤ 200 ms p50",
             f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f} ms (n={latency['n']})",
             latency["p50_ms"] <= 200 and not embedded["not_done"]),
            ("scan throughput, embedded (100 at once)", "—",
             f"{embedded['throughput_scans_per_s']:.1f} scans/s", None),
            ("RSS of the API process, embedded", "—", f"{embedded['rss_mb_api']:.0f} MB", None),
        ]  # fmt: skip
    if servers:
        latency = servers["submit_to_done"]
        rows += [
            ("scan submit-to-done p50 / p95, PostgreSQL+Redis+RabbitMQ", "—",
             f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f} ms (n={latency['n']})", None),
            ("scan throughput, servers (100 at once, 1 worker × 2)", "—",
             f"{servers['throughput_scans_per_s']:.1f} scans/s", None),
            ("RSS: API / worker (with its pool)", "—",
             f"{servers['rss_mb_api']:.0f} / {servers['rss_mb_worker']:.0f} MB", None),
        ]  # fmt: skip
    return rows


def _rows_poll(r: dict[str, Any]) -> list[Row]:
    if "skipped" in r:
        return [("poll", "", r["skipped"], None)]
    return [(
        f"GET /scans/{{id}}, {r['clients']} clients, {r['seconds']:.0f} s", "—",
        f"{r['requests_per_s']:.0f} req/s, p95 {r['latency']['p95_ms']:.0f} ms, "
        f"{r['errors']} errors", None,
    )]  # fmt: skip


class Benchmark:
    def __init__(
        self,
        name: str,
        command: list[str],
        parse: Callable[[str], Any],
        rows: Callable[[Any], list[Row]],
    ) -> None:
        self.name, self.command, self.parse, self.rows = name, command, parse, rows


def benchmarks(full: bool) -> list[Benchmark]:
    points = "1,000,000" if full else "20,000"
    locations = [PY, "bench/bench_locations.py"] + ([] if full else ["--quick"])
    return [
        Benchmark("search", [PY, "-m", "bench.bench_search", "--json"], _json_tail, _rows_search),
        Benchmark("classifier", [PY, "bench/bench_classifier.py"], _classifier, _rows_classifier),
        Benchmark("locations", locations, _json_tail, lambda r: _rows_locations(r, points, full)),
        Benchmark("scan", [PY, "-m", "bench.bench_scan", "--json"], _json_tail, _rows_scan),
        Benchmark("poll", [PY, "-m", "bench.bench_poll", "--json"], _json_tail, _rows_poll),
    ]


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def wait_for_quiet(threshold: float, max_wait_s: float) -> float:
    deadline = time.monotonic() + max_wait_s
    while _load() > threshold and time.monotonic() < deadline:
        time.sleep(5)
    return _load()


def run_one(bench: Benchmark, threshold: float, max_wait_s: float) -> dict[str, Any]:
    before = wait_for_quiet(threshold, max_wait_s)
    started = time.perf_counter()
    completed = subprocess.run(
        bench.command, cwd=ROOT, capture_output=True, text=True, timeout=3 * 3600
    )
    elapsed = time.perf_counter() - started
    after = _load()
    entry: dict[str, Any] = {
        "command": " ".join(["python" if part == PY else part for part in bench.command]),
        "loadavg_before": before,
        "loadavg_after": after,
        "noisy": before > threshold,
        "seconds": round(elapsed, 1),
    }
    if completed.returncode != 0:
        entry["error"] = completed.stderr.strip().splitlines()[-5:]
        return entry
    entry["result"] = bench.parse(completed.stdout)
    return entry


def markdown(report: dict[str, Any], selected: list[Benchmark]) -> str:
    info = report["machine"]
    lines = [
        f"Last run finished {report['finished_at']} on {info['cpu']}, {info['cores']} cores, "
        f"Python {info['python']} ({info['platform']}); each benchmark's command is listed "
        "under the table.",
        "",
        "| Benchmark | Measure | Target | Measured | Met | Load avg before → after |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for bench in selected:
        entry = report["benchmarks"].get(bench.name)
        if entry is None:
            continue
        load = f"{entry['loadavg_before']} → {entry['loadavg_after']}"
        load += " (noisy)" if entry["noisy"] else ""
        if "error" in entry:
            lines.append(
                f"| {bench.name} | failed | | {' '.join(entry['error'])[:200]} | | {load} |"
            )
            continue
        for measure, target, measured, met in bench.rows(entry["result"]):
            verdict = "—" if met is None else ("met" if met else "**not met**")
            lines.append(
                f"| {bench.name} | {measure} | {target} | {measured} | {verdict} | {load} |"
            )
    lines += ["", "Commands (from the repository root, with `.venv/bin/` in front of python):", ""]
    lines += [f"- {b.name}: `{report['benchmarks'][b.name]['command']}`" for b in selected
              if b.name in report["benchmarks"]]  # fmt: skip
    return "\n".join(lines)


def write_docs(table: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{DOCS} has no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000,000-point locations run")
    parser.add_argument("--only", default="", help="comma-separated: search,classifier,...")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--quiet-load", type=float, default=1.5)
    parser.add_argument("--quiet-wait", type=float, default=180.0)
    args = parser.parse_args()
    wanted = {name.strip() for name in args.only.split(",") if name.strip()}
    selected = [b for b in benchmarks(args.full) if not wanted or b.name in wanted]
    report: dict[str, Any] = {
        "machine": machine(),
        "command": "python -m bench" + (" --full" if args.full else ""),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "benchmarks": {},
    }
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for bench in selected:
        print(f"== {bench.name} (load {_load()})", file=sys.stderr, flush=True)
        entry = run_one(bench, args.quiet_load, args.quiet_wait)
        if entry["noisy"]:
            print(f"   noisy (load {entry['loadavg_before']}); running again", file=sys.stderr)
            entry = run_one(bench, args.quiet_load, args.quiet_wait)
        report["benchmarks"][bench.name] = entry
    report["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    if wanted:  # a partial run keeps the other benchmarks' last figures
        merged = {**previous.get("benchmarks", {}), **report["benchmarks"]}
        report["benchmarks"] = merged
        selected = [b for b in benchmarks(args.full) if b.name in merged]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    table = markdown(report, selected)
    print(table)
    if args.write_docs:
        write_docs(table)
    failed = [name for name, entry in report["benchmarks"].items() if "error" in entry]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
