"""Queries of the locations service.

Nearest-point search returns candidate listings in batches of non-decreasing distance:
PostgreSQL asks the GiST index (``ST_DWithin`` + ``ORDER BY geog <-> point``); SQLite asks the
R*Tree for a box that doubles until it covers the radius, and measures exact great-circle
distances on what the box returns. Callers stop reading batches once they have enough sites.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, func, insert, select, text
from sqlalchemy.orm import Session

from wastecoach.locations.models import CollectionPoint
from wastecoach.locations.spatial import BoundingBox, bounding_box, haversine_m

# PostGIS measures on the same sphere as haversine_m; the slack only guards float noise at the
# radius edge, and the exact radius is applied afterwards.
_RADIUS_SLACK_M = 1.0


@dataclass(frozen=True)
class Candidate:
    id: int
    site_key: str
    lat: float
    lon: float
    distance_m: float


@dataclass(frozen=True)
class SiteHit:
    """A site's nearest matching listing (``candidate``) and all listings of that site."""

    candidate: Candidate
    listings: list[CollectionPoint]


Batch = tuple[list[Candidate], dict[str, list[CollectionPoint]] | None]


@dataclass(frozen=True)
class SearchFilter:
    kind: str | None = None
    category: str | None = None  # official category that must be in ``accepts``
    with_district: bool = False  # only listings that carry sido and sigungu


class CollectionPointRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    # -- reads -----------------------------------------------------------------------------

    def get(self, point_id: int) -> CollectionPoint | None:
        return self.session.get(CollectionPoint, point_id)

    def by_site_keys(self, keys: Iterable[str]) -> Sequence[CollectionPoint]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        query = select(CollectionPoint).where(CollectionPoint.site_key.in_(wanted))
        return self.session.scalars(query).all()

    def by_source(self, source: str) -> dict[str, CollectionPoint]:
        query = select(CollectionPoint).where(CollectionPoint.source == source)
        return {row.source_row_id: row for row in self.session.scalars(query)}

    def count(self, *, source: str | None = None, pending_only: bool = False) -> int:
        query = select(func.count()).select_from(CollectionPoint)
        if source is not None:
            query = query.where(CollectionPoint.source == source)
        if pending_only:
            query = query.where(CollectionPoint.lat.is_(None))
        return int(self.session.scalar(query) or 0)

    def shared_site_keys(self, source: str) -> int:
        """How many of ``source``'s site_keys another source lists too."""
        other = select(CollectionPoint.site_key).where(CollectionPoint.source != source)
        query = select(func.count(func.distinct(CollectionPoint.site_key))).where(
            CollectionPoint.source == source, CollectionPoint.site_key.in_(other)
        )
        return int(self.session.scalar(query) or 0)

    # -- writes ----------------------------------------------------------------------------

    def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.session.execute(insert(CollectionPoint), list(rows))

    # -- nearest search --------------------------------------------------------------------

    def nearest_sites(
        self,
        lat: float,
        lon: float,
        *,
        radius_m: float,
        where: SearchFilter,
        first_batch: int,
        initial_box_m: float,
    ) -> Iterator[list[SiteHit]]:
        """Sites in batches, nearest first; each site once, at its nearest matching listing."""
        if self.dialect == "postgresql":
            batches = self._postgis_batches(lat, lon, radius_m, where, first_batch)
        else:
            batches = self._rtree_batches(lat, lon, radius_m, where, initial_box_m)
        placed: set[str] = set()
        for candidates, prefetched in batches:
            fresh: list[Candidate] = []
            for candidate in candidates:
                if candidate.site_key not in placed:
                    placed.add(candidate.site_key)
                    fresh.append(candidate)
            if not fresh:
                continue
            listings = prefetched
            if listings is None:
                listings = _by_site(self.by_site_keys(c.site_key for c in fresh))
            yield [SiteHit(c, listings.get(c.site_key, [])) for c in fresh]

    def _postgis_batches(
        self, lat: float, lon: float, radius_m: float, where: SearchFilter, first_batch: int
    ) -> Iterator[Batch]:
        """KNN on the GiST index, joined to the sites' listings: one round trip per batch."""
        conditions, params = _filter_sql(where, "postgresql")
        seen: set[int] = set()
        limit = first_batch
        while True:
            near = (
                text(
                    "SELECT id, site_key FROM locations.collection_point "
                    "WHERE geog IS NOT NULL AND ST_DWithin(geog, "
                    "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :radius, false)"
                    f"{conditions} "
                    "ORDER BY geog <-> ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography "
                    "LIMIT :limit"
                )
                .bindparams(
                    **params, lat=lat, lon=lon, radius=radius_m + _RADIUS_SLACK_M, limit=limit
                )
                .columns(id=Integer, site_key=String)
                .cte("near")
            )
            query = select(CollectionPoint, near.c.id).join(
                near, CollectionPoint.site_key == near.c.site_key
            )
            rows = self.session.execute(query).all()
            listings: dict[str, list[CollectionPoint]] = {}
            hits: list[CollectionPoint] = []
            fetched: set[int] = set()
            for point, near_id in rows:
                fetched.add(near_id)
                site = listings.setdefault(point.site_key, [])
                if point not in site:
                    site.append(point)
                if point.id == near_id and near_id not in seen:
                    seen.add(near_id)
                    hits.append(point)
            batch = [c for c in _measured(hits, lat, lon) if c.distance_m <= radius_m]
            yield sorted(batch, key=lambda c: (c.distance_m, c.id)), listings
            if len(fetched) < limit:
                return
            limit *= 4

    def _rtree_batches(
        self, lat: float, lon: float, radius_m: float, where: SearchFilter, initial_box_m: float
    ) -> Iterator[Batch]:
        conditions, params = _filter_sql(where, "sqlite")
        sql = text(
            "SELECT p.id, p.site_key, p.lat, p.lon FROM collection_point_rtree AS r "
            "CROSS JOIN collection_point AS p ON p.id = r.id "
            "WHERE r.min_lat <= :max_lat AND r.max_lat >= :min_lat "
            "AND r.min_lon <= :max_lon AND r.max_lon >= :min_lon"
            f"{conditions}"
        )
        covered = -1.0  # every candidate within this distance was already yielded
        half = min(initial_box_m, radius_m)
        while True:
            box: BoundingBox = bounding_box(lat, lon, half)
            rows = self.session.execute(
                sql,
                {
                    **params,
                    "min_lat": box.min_lat,
                    "max_lat": box.max_lat,
                    "min_lon": box.min_lon,
                    "max_lon": box.max_lon,
                },
            ).all()
            batch = [c for c in _measured(rows, lat, lon) if covered < c.distance_m <= half]
            yield sorted(batch, key=lambda c: (c.distance_m, c.id)), None
            if half >= radius_m:
                return
            covered, half = half, min(half * 2, radius_m)


def _by_site(rows: Iterable[CollectionPoint]) -> dict[str, list[CollectionPoint]]:
    grouped: dict[str, list[CollectionPoint]] = {}
    for row in rows:
        grouped.setdefault(row.site_key, []).append(row)
    return grouped


def _measured(rows: Sequence[Any], lat: float, lon: float) -> Iterator[Candidate]:
    for row in rows:
        yield Candidate(
            int(row.id),
            str(row.site_key),
            row.lat,
            row.lon,
            haversine_m(lat, lon, row.lat, row.lon),
        )


def _filter_sql(where: SearchFilter, dialect: str) -> tuple[str, dict[str, Any]]:
    prefix = "p." if dialect == "sqlite" else ""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if where.kind is not None:
        clauses.append(f"{prefix}kind = :kind")
        params["kind"] = where.kind
    if where.category is not None:
        if dialect == "postgresql":
            clauses.append("CAST(accepts AS jsonb) @> CAST(:category AS jsonb)")
            params["category"] = json.dumps([where.category], ensure_ascii=False)
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM json_each(p.accepts) AS a WHERE a.value = :category)"
            )
            params["category"] = where.category
    if where.with_district:
        clauses.append(f"{prefix}sido IS NOT NULL AND {prefix}sigungu IS NOT NULL")
    return "".join(f" AND {clause}" for clause in clauses), params
