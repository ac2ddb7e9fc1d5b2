"""Search and districts on the real shared data (skipped when absent; fails under CI=true)."""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.servers import (
    create_postgres_database,
    drop_postgres_database,
    require_postgres,
    require_shared_data,
)
from wastecoach.core import migrations
from wastecoach.core.db import build_engine
from wastecoach.locations.models import CollectionPoint
from wastecoach.locations.service import locations as locations_service
from wastecoach.locations.spatial import haversine_m

pytestmark = pytest.mark.shared


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def real_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Session]:
    """Every shared locations file imported once per backend."""
    folder = require_shared_data("locations")
    if request.param == "postgres":
        require_postgres()
        url = create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'locations.db'}"
    migrations.upgrade(url)
    engine = build_engine(url)
    session = sessionmaker(bind=engine)()
    try:
        report = locations_service.import_path(session, Path(folder))
        session.commit()
        assert report.total("imported") > 10_000
        yield session
    finally:
        session.close()
        engine.dispose()
        if request.param == "postgres":
            drop_postgres_database(url)


def _listings(session: Session) -> list[CollectionPoint]:
    query = select(CollectionPoint).where(CollectionPoint.lat.is_not(None))
    return list(session.scalars(query))


def _brute_force(
    listings: list[CollectionPoint], lat: float, lon: float, radius_m: float, category: str | None
) -> list[tuple[float, str]]:
    """(distance, site_key) of every site, at its nearest matching listing."""
    best: dict[str, float] = {}
    for row in listings:
        if category is not None and category not in row.accepts:
            continue
        assert row.lat is not None and row.lon is not None
        d = haversine_m(lat, lon, row.lat, row.lon)
        if d <= radius_m and d < best.get(row.site_key, float("inf")):
            best[row.site_key] = d
    return sorted((d, key) for key, d in best.items())


@pytest.mark.parametrize(("category", "radius_m"), [(None, 3000), ("전지", 50_000)])
def test_nearest_first_against_brute_force(
    real_db: Session, category: str | None, radius_m: int
) -> None:
    listings = _listings(real_db)
    rng = random.Random(2026)
    checked = 0
    for row in rng.sample(listings, 40):
        assert row.lat is not None and row.lon is not None
        lat, lon = row.lat + rng.uniform(-0.01, 0.01), row.lon + rng.uniform(-0.01, 0.01)
        result = locations_service.nearby(
            real_db, lat=lat, lon=lon, radius_m=radius_m, limit=10, accepts=category
        )
        expected = _brute_force(listings, lat, lon, radius_m, category)[:10]
        got = [p.distance_m for p in result.points]
        assert got == pytest.approx([d for d, _ in expected], abs=0.1)
        site_of = {row.id: row.site_key for row in listings}
        keys = [site_of[p.id] for p in result.points]
        assert len(set(keys)) == len(keys)  # one point per site
        for (distance, key), point_key in zip(expected, keys, strict=True):
            tied = [k for d, k in expected if abs(d - distance) < 0.1]
            assert point_key == key or point_key in tied
        checked += len(got)
    assert checked > 100


def test_address_only_rows_are_stored_but_never_found(real_db: Session) -> None:
    pending = real_db.scalars(select(CollectionPoint).where(CollectionPoint.lat.is_(None))).all()
    assert len(pending) >= 971  # the clothing-bin file alone has 971 address-only rows
    assert {p.geocode_status for p in pending} == {"pending"}
    pending_ids = {p.id for p in pending}
    result = locations_service.nearby(real_db, lat=37.5665, lon=126.978, radius_m=50_000, limit=50)
    assert result.count == 50 and not pending_ids & {p.id for p in result.points}


def test_resolve_district_in_jongno(real_db: Session) -> None:
    jongno = real_db.scalars(
        select(CollectionPoint).where(
            CollectionPoint.sido == "서울특별시",
            CollectionPoint.sigungu == "종로구",
            CollectionPoint.lat.is_not(None),
        )
    ).all()
    assert len(jongno) >= 10
    mid_lat = statistics.median(p.lat for p in jongno if p.lat is not None)
    mid_lon = statistics.median(p.lon for p in jongno if p.lon is not None)
    central = min(jongno, key=lambda p: haversine_m(mid_lat, mid_lon, p.lat or 0.0, p.lon or 0.0))
    assert central.lat is not None and central.lon is not None
    district = locations_service.resolve_district(real_db, lat=central.lat, lon=central.lon)
    assert district == ("서울특별시", "종로구")


def test_resolve_district_is_none_at_sea(real_db: Session) -> None:
    lat, lon = 35.0, 125.0  # Yellow Sea, inside Korea's bounding box
    nearest = min(haversine_m(lat, lon, p.lat or 0, p.lon or 0) for p in _listings(real_db))
    assert nearest > 5000
    assert locations_service.resolve_district(real_db, lat=lat, lon=lon) is None
