"""Nearest-point search: import time, and nearest-5 latency on real and synthetic data.

    .venv/bin/python bench/bench_locations.py                 # 1,000,000 synthetic points
    .venv/bin/python bench/bench_locations.py --quick         # smoke run (20,000 points)
    .venv/bin/python bench/bench_locations.py --backend sqlite --points 200000

For each backend (SQLite + R*Tree, PostgreSQL + PostGIS): import every shared locations file
(timed), then time ``locations_service.nearby(limit=5)`` in-process (one session per query,
as a request would have) on the real data and on N synthetic points spread uniformly over
rectangles that lie on Korean land (deterministic seed). Every answer is checked against a
brute-force haversine over all points; distances must agree within 0.1 m (ties allowed).
Targets: p95 <= 2 ms with PostGIS and <= 5 ms with SQLite at 1M points.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from wastecoach.core import migrations
from wastecoach.core.db import build_engine
from wastecoach.locations.service import locations as locations_service
from wastecoach.locations.spatial import EARTH_RADIUS_M, bounding_box

# (min_lat, max_lat, min_lon, max_lon): rough rectangles inside the land area of South Korea,
# chosen for this benchmark only (mainland interior, Seoul/Gangwon, the east, Jeju).
LAND_BOXES = (
    (35.0, 37.2, 127.0, 128.9),
    (37.2, 37.8, 126.8, 128.6),
    (35.3, 36.9, 128.9, 129.3),
    (33.28, 33.50, 126.25, 126.85),
)
KINDS = (
    ("clothing_bin", ["의류및원단"]),
    ("battery_lamp_bin", ["전지", "조명제품"]),
    ("medicine_bin", ["생활계유해폐기물"]),
    ("street_recycling_bin", ["종이류", "플라스틱류", "유리병", "금속류"]),
)
COLUMNS = (
    "kind", "name", "lat", "lon", "geocode_status", "accepts", "accepts_items", "site_key",
    "source", "source_row_id", "source_file", "imported_at", "updated_at",
)  # fmt: skip


@dataclass
class Points:
    lat: np.ndarray
    lon: np.ndarray
    site: np.ndarray  # integer code of the site_key


def _percentiles(values: list[float]) -> str:
    ms = np.asarray(values) * 1000
    p50, p95 = np.percentile(ms, 50), np.percentile(ms, 95)
    return f"p50 {p50:6.3f} ms  p95 {p95:6.3f} ms  max {ms.max():6.2f} ms"


def synthetic_points(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    areas = np.array(
        [(b[1] - b[0]) * (b[3] - b[2]) * np.cos(np.radians((b[0] + b[1]) / 2)) for b in LAND_BOXES]
    )
    which = rng.choice(len(LAND_BOXES), size=count, p=areas / areas.sum())
    boxes = np.array(LAND_BOXES)[which]
    lat = boxes[:, 0] + rng.random(count) * (boxes[:, 1] - boxes[:, 0])
    lon = boxes[:, 2] + rng.random(count) * (boxes[:, 3] - boxes[:, 2])
    return np.round(lat, 6), np.round(lon, 6)


def _haversine(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    phi1, phi2 = np.radians(lat), np.radians(lats)
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lons - lon) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def brute_force(points: Points, lat: float, lon: float, radius_m: float, k: int) -> list[float]:
    d = _haversine(lat, lon, points.lat, points.lon)
    inside = np.flatnonzero(d <= radius_m)
    order = inside[np.argsort(d[inside], kind="stable")]
    seen: set[int] = set()
    best: list[float] = []
    for i in order:
        site = int(points.site[i])
        if site not in seen:
            seen.add(site)
            best.append(float(d[i]))
            if len(best) == k:
                break
    return best


def load_points(engine: sa.Engine) -> Points:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT lat, lon, site_key FROM {t} WHERE lat IS NOT NULL".format(
                    t="locations.collection_point"
                    if engine.dialect.name == "postgresql"
                    else "collection_point"
                )
            )
        ).all()
    codes: dict[str, int] = {}
    site = np.array([codes.setdefault(r.site_key, len(codes)) for r in rows])
    return Points(np.array([r.lat for r in rows]), np.array([r.lon for r in rows]), site)


def measure(
    engine: sa.Engine, points: Points, queries: list[tuple[float, float]], label: str
) -> dict[str, float]:
    """Time ``nearby(limit=5)``: in one long session, then with a new session per query."""
    with Session(engine) as session:
        for lat, lon in queries[:20]:  # warm-up: statement caches, pool, page cache
            locations_service.nearby(session, lat=lat, lon=lon, limit=5)
    reused: list[float] = []
    answers: list[list[float]] = []
    with Session(engine) as session:
        for lat, lon in queries:
            start = time.perf_counter()
            result = locations_service.nearby(session, lat=lat, lon=lon, limit=5)
            reused.append(time.perf_counter() - start)
            answers.append([p.distance_m for p in result.points])
            session.expunge_all()
    per_request: list[float] = []
    for lat, lon in queries:
        start = time.perf_counter()
        with Session(engine) as session:
            locations_service.nearby(session, lat=lat, lon=lon, limit=5)
        per_request.append(time.perf_counter() - start)
    mismatches = 0
    for (lat, lon), got in zip(queries, answers, strict=True):
        expected = brute_force(points, lat, lon, 3000, 5)
        close = all(abs(g - e) <= 0.1 for g, e in zip(got, expected, strict=False))
        mismatches += len(got) != len(expected) or not close
    found = sum(len(a) for a in answers) / len(answers)
    print(
        f"  {label}: {len(queries)} queries, {found:.2f} points per answer, "
        f"{mismatches} mismatches vs brute-force haversine"
    )
    print(f"    nearby() call            {_percentiles(reused)}")
    print(f"    + session per query      {_percentiles(per_request)}")
    print(f"    index lookup alone       {measure_index_only(engine, queries)}")
    ms, ms_req = np.asarray(reused) * 1000, np.asarray(per_request) * 1000
    return {
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": float(np.percentile(ms, 95)),
        "p50_ms_session_per_query": float(np.percentile(ms_req, 50)),
        "p95_ms_session_per_query": float(np.percentile(ms_req, 95)),
        "mismatches": mismatches,
    }


def measure_index_only(engine: sa.Engine, queries: list[tuple[float, float]]) -> str:
    """The spatial lookup alone: one KNN statement (PostGIS) or one 400 m R*Tree box (SQLite)."""
    if engine.dialect.name == "postgresql":
        sql = sa.text(
            "SELECT id, site_key, lat, lon FROM locations.collection_point WHERE geog IS NOT NULL"
            " AND ST_DWithin(geog, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography,"
            " 3001, false) ORDER BY geog <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"
            " LIMIT 10"
        )

        def params(lat: float, lon: float) -> dict[str, float]:
            return {"lat": lat, "lon": lon}
    else:
        sql = sa.text(
            "SELECT p.id, p.site_key, p.lat, p.lon FROM collection_point_rtree AS r"
            " CROSS JOIN collection_point AS p ON p.id = r.id WHERE r.min_lat <= :max_lat"
            " AND r.max_lat >= :min_lat AND r.min_lon <= :max_lon AND r.max_lon >= :min_lon"
        )

        def params(lat: float, lon: float) -> dict[str, float]:
            box = bounding_box(lat, lon, 400)
            return {"min_lat": box.min_lat, "max_lat": box.max_lat,
                    "min_lon": box.min_lon, "max_lon": box.max_lon}  # fmt: skip

    timings: list[float] = []
    with engine.connect() as connection:
        for lat, lon in queries:
            start = time.perf_counter()
            connection.execute(sql, params(lat, lon)).all()
            timings.append(time.perf_counter() - start)
    return _percentiles(timings)


def query_points_near(points: Points, count: int, seed: int) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(points.lat), size=count)
    jitter = rng.uniform(-0.01, 0.01, size=(count, 2))
    return [
        (float(points.lat[i] + j[0]), float(points.lon[i] + j[1]))
        for i, j in zip(picks, jitter, strict=True)
    ]


# -- databases ---------------------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-locations-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    name = f"bench_locations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _synthetic_rows(lat: np.ndarray, lon: np.ndarray) -> Iterator[tuple[object, ...]]:
    now = datetime.now(UTC)
    for i in range(len(lat)):
        kind, accepts = KINDS[i % len(KINDS)]
        la, lo = float(lat[i]), float(lon[i])
        yield (
            kind, f"synthetic {i}", la, lo, "ok", json.dumps(accepts, ensure_ascii=False), "[]",
            f"{kind}@{la:.4f},{lo:.4f}", "synthetic", str(i), "synthetic", now, now,
        )  # fmt: skip


def bulk_insert(engine: sa.Engine, lat: np.ndarray, lon: np.ndarray) -> None:
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("DROP INDEX locations.ix_collection_point_geog")
            with cursor.copy(
                f"COPY locations.collection_point ({', '.join(COLUMNS)}) FROM STDIN"
            ) as copy:  # type: ignore[attr-defined]
                for row in _synthetic_rows(lat, lon):
                    copy.write_row(row)
            cursor.execute(
                "CREATE INDEX ix_collection_point_geog"
                " ON locations.collection_point USING gist (geog)"
            )
            raw.commit()
            cursor.execute("ANALYZE locations.collection_point")
            raw.commit()
        finally:
            raw.close()
        return
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        placeholders = ", ".join("?" for _ in COLUMNS)
        sql = f"INSERT INTO collection_point ({', '.join(COLUMNS)}) VALUES ({placeholders})"
        rows = ((*r[:-2], r[-2].isoformat(), r[-1].isoformat()) for r in _synthetic_rows(lat, lon))
        cursor.executemany(sql, rows)  # the migration's triggers fill the R*Tree
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def run_backend(name: str, url: str, args: argparse.Namespace) -> dict[str, object]:
    results: dict[str, object] = {}
    print(f"\n== {name}")
    if args.data.is_dir():
        migrations.upgrade(url)
        engine = build_engine(url)
        start = time.perf_counter()
        with Session(engine) as session:
            report = locations_service.import_path(session, args.data)
            session.commit()
        elapsed = time.perf_counter() - start
        print(
            f"  import of {len(report.files)} shared files: {elapsed:.2f} s "
            f"({report.total('imported')} rows, {report.total('pending_geocode')} pending geocode, "
            f"{sum(report.rejected.values())} rejected)"
        )
        results["import_s"] = elapsed
        points = load_points(engine)
        results["real"] = measure(
            engine,
            points,
            query_points_near(points, args.queries, args.seed),
            f"real data ({len(points.lat)} points)",
        )
        engine.dispose()
    else:
        print(f"  skipped real data: no folder at {args.data}")
    return results


def run_synthetic(name: str, url: str, args: argparse.Namespace) -> dict[str, object]:
    migrations.upgrade(url)
    engine = build_engine(url)
    lat, lon = synthetic_points(args.points, args.seed)
    start = time.perf_counter()
    bulk_insert(engine, lat, lon)
    print(f"  bulk insert of {args.points:,} synthetic points: {time.perf_counter() - start:.1f} s")
    points = load_points(engine)
    qlat, qlon = synthetic_points(args.queries, args.seed + 2)
    queries = list(zip(qlat.tolist(), qlon.tolist(), strict=True))
    result = measure(engine, points, queries, f"synthetic ({args.points:,} points)")
    engine.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/locations"))
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261126)
    parser.add_argument("--backend", default="sqlite,postgres")
    parser.add_argument(
        "--postgres-admin-url",
        default=os.environ.get(
            "WASTECOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument("--quick", action="store_true", help="20,000 points, 200 queries")
    args = parser.parse_args()
    if args.quick:
        args.points, args.queries = 20_000, 200
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}"
    )
    backends: dict[str, Callable[[], object]] = {
        "sqlite": sqlite_database,
        "postgres": lambda: postgres_database(args.postgres_admin_url),
    }
    summary: dict[str, object] = {}
    for name in [b.strip() for b in args.backend.split(",") if b.strip()]:
        database = backends[name]
        with database() as url:  # type: ignore[attr-defined]
            summary[name] = run_backend(name, url, args)
        with database() as url:  # type: ignore[attr-defined]
            summary[f"{name}_synthetic"] = run_synthetic(name, url, args)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
