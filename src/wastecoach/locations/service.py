"""Logic of the locations service: nearest collection points, districts and imports.

Other services use it through the ``locations`` singleton (``locations_service``) and the
schemas in ``schemas.py``; nothing outside this package touches its tables.
"""

from __future__ import annotations

import math
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from wastecoach.core.i18n import Lang
from wastecoach.core.tasks import enqueue
from wastecoach.core.timeutil import now_kst
from wastecoach.locations import importing
from wastecoach.locations.config import get_locations_settings
from wastecoach.locations.downloads import download, is_url
from wastecoach.locations.exceptions import ImportSourceRejected, InvalidSearch, PointNotFound
from wastecoach.locations.importers import PointKind
from wastecoach.locations.maplinks import walking_links
from wastecoach.locations.merge import MergedSite, merge_site
from wastecoach.locations.opening import parse_hours
from wastecoach.locations.repository import Candidate, CollectionPointRepository, SearchFilter
from wastecoach.locations.schemas import (
    KIND_LABELS,
    ImportQueued,
    ImportReport,
    ImportRequest,
    NearbyPoint,
    NearbyResponse,
    PointRead,
)
from wastecoach.recycling.kb.schema import OFFICIAL_CATEGORIES
from wastecoach.recycling.service import recycling as recycling_service

IMPORT_TASK = "locations.import_file"
IMPORT_QUEUE = "bulk"
MAX_RADIUS_M = 50_000
MAX_LIMIT = 50

Keep = Callable[[MergedSite], bool]


class LocationsService:
    # -- search -------------------------------------------------------------------------------

    def nearby(
        self,
        session: Session,
        *,
        lat: float,
        lon: float,
        accepts: str | None = None,
        kind: str | None = None,
        radius_m: int = 3000,
        limit: int = 5,
        open_now: bool = False,
        lang: Lang = "ko",
    ) -> NearbyResponse:
        """Nearest sites first (one per site_key), each with its distance and map links."""
        _check_search(lat, lon, radius_m, limit, kind)
        category = self.resolve_category(accepts) if accepts else None
        now = now_kst()

        def keep(site: MergedSite) -> bool:
            return not open_now or _is_open(site, now) is True

        found = self._nearest_sites(
            session,
            lat,
            lon,
            radius_m=radius_m,
            limit=limit,
            where=SearchFilter(kind=kind, category=category),
            keep=keep,
        )
        points = [
            NearbyPoint(
                **self._fields(site, lang, origin=(lat, lon), now=now),
                distance_m=round(candidate.distance_m, 1),
            )
            for site, candidate in found
        ]
        return NearbyResponse(
            lat=lat,
            lon=lon,
            radius_m=radius_m,
            accepts=accepts,
            category=category,
            kind=PointKind(kind) if kind else None,
            open_now=open_now,
            count=len(points),
            points=points,
        )

    def get_point(
        self,
        session: Session,
        point_id: int,
        *,
        lang: Lang = "ko",
        origin: tuple[float, float] | None = None,
    ) -> PointRead:
        """The merged site of listing ``point_id``, located at that listing."""
        repo = CollectionPointRepository(session)
        row = repo.get(point_id)
        if row is None or row.lat is None or row.lon is None:
            raise PointNotFound({"id": point_id})
        site = merge_site(repo.by_site_keys([row.site_key]), anchor=row)
        return PointRead(**self._fields(site, lang, origin=origin, now=now_kst()))

    def resolve_district(
        self, session: Session, *, lat: float, lon: float
    ) -> tuple[str, str] | None:
        """(시도, 시군구) most of the nearest sites within a few km carry; None if none do.

        Votes: the nearest ``district_neighbours`` (5) sites with a district, within
        ``district_radius_m`` (5 km). The most frequent pair wins; a tie goes to the pair of
        the nearer site. Nothing within the radius: None (never a guess).
        """
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InvalidSearch({"lat": lat, "lon": lon})
        settings = get_locations_settings()
        found = self._nearest_sites(
            session,
            lat,
            lon,
            radius_m=settings.district_radius_m,
            limit=settings.district_neighbours,
            where=SearchFilter(with_district=True),
            keep=lambda site: bool(site.anchor.sido and site.anchor.sigungu),
        )
        votes: Counter[tuple[str, str]] = Counter()
        first_seen: dict[tuple[str, str], int] = {}
        for order, (site, _) in enumerate(found):
            pair = (str(site.anchor.sido), str(site.anchor.sigungu))
            votes[pair] += 1
            first_seen.setdefault(pair, order)
        if not votes:
            return None
        return max(votes, key=lambda pair: (votes[pair], -first_seen[pair]))

    def resolve_category(self, accepts: str) -> str:
        """An official category as given, or the category of a knowledge-base item id."""
        if accepts in OFFICIAL_CATEGORIES:
            return accepts
        return recycling_service.get_item_model(accepts).category

    def _nearest_sites(
        self,
        session: Session,
        lat: float,
        lon: float,
        *,
        radius_m: float,
        limit: int,
        where: SearchFilter,
        keep: Keep,
    ) -> list[tuple[MergedSite, Candidate]]:
        repo = CollectionPointRepository(session)
        found: list[tuple[MergedSite, Candidate]] = []
        batches = repo.nearest_sites(
            lat,
            lon,
            radius_m=radius_m,
            where=where,
            first_batch=max(2 * limit, 8),
            initial_box_m=get_locations_settings().sqlite_initial_box_m,
        )
        for batch in batches:
            for hit in batch:
                anchor = next((r for r in hit.listings if r.id == hit.candidate.id), None)
                if anchor is None:
                    continue
                site = merge_site(hit.listings, anchor=anchor)
                if keep(site):
                    found.append((site, hit.candidate))
                    if len(found) == limit:
                        return found
        return found
        return found

    def _fields(
        self,
        site: MergedSite,
        lang: Lang,
        *,
        origin: tuple[float, float] | None,
        now: datetime,
    ) -> dict[str, Any]:
        anchor = site.anchor
        assert anchor.lat is not None and anchor.lon is not None
        label_ko, label_en = KIND_LABELS[site.kind]
        return {
            "id": anchor.id,
            "kind": site.kind,
            "kind_label": label_en if lang == "en" else label_ko,
            "name": site.name,
            "address": site.address,
            "lat": anchor.lat,
            "lon": anchor.lon,
            "accepts": list(site.accepts),
            "accepts_items": list(site.accepts_items),
            "opening_hours": site.opening_hours,
            "phone": site.phone,
            "detail": site.detail,
            "sido": site.sido,
            "sigungu": site.sigungu,
            "provider": site.provider,
            "data_date": site.data_date,
            "source": site.source,
            "sources": list(site.sources),
            "open_now": _is_open(site, now),
            "links": walking_links(
                name=site.name,
                lat=anchor.lat,
                lon=anchor.lon,
                appname=get_locations_settings().effective_appname(),
                origin=origin,
            ),
        }

    # -- imports ------------------------------------------------------------------------------

    def import_path(
        self,
        session: Session,
        path: Path,
        *,
        fmt: str | None = None,
        label: str | None = None,
        progress: importing.Progress | None = None,
    ) -> ImportReport:
        """Import one file, or every recognised file of a folder (no commit)."""
        if not path.exists():
            raise ImportSourceRejected({"path": str(path), "reason": "not_found"})
        files = importing.files_to_import(path)
        reports = [
            importing.import_file(
                session,
                file,
                fmt=fmt,
                label=label if (label and len(files) == 1) else file.name,
                progress=progress,
            )
            for file in files
        ]
        return ImportReport(files=reports)

    def import_source(
        self,
        session: Session,
        source: str,
        *,
        fmt: str | None = None,
        progress: importing.Progress | None = None,
    ) -> ImportReport:
        """Import a local path or an http(s) URL (downloaded with a size cap first)."""
        if not is_url(source):
            return self.import_path(session, Path(source), fmt=fmt, progress=progress)
        settings = get_locations_settings()
        with tempfile.TemporaryDirectory(prefix="wastecoach-import-") as folder:
            file = download(
                source,
                Path(folder),
                max_bytes=settings.max_download_bytes,
                timeout_s=settings.download_timeout_s,
            )
            return self.import_path(session, file, fmt=fmt, label=source, progress=progress)

    def queue_import(self, session: Session, request: ImportRequest) -> ImportQueued:
        """Check the source, then send ``locations.import_file`` to the bulk queue on commit."""
        if request.url is not None:
            source = str(request.url)
        else:
            assert request.path is not None
            source = str(self.import_dir_path(request.path))
        enqueue(IMPORT_TASK, source, request.format, session=session)
        return ImportQueued(
            task=IMPORT_TASK, queue=IMPORT_QUEUE, source=source, format=request.format
        )

    def import_dir_path(self, relative: str) -> Path:
        base = get_locations_settings().effective_import_dir().resolve()
        target = (base / relative).resolve()
        if not target.is_relative_to(base) or not target.exists():
            raise ImportSourceRejected({"path": relative, "reason": "not_in_import_dir"})
        return target


def _check_search(lat: float, lon: float, radius_m: int, limit: int, kind: str | None) -> None:
    problems: dict[str, object] = {}
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        problems["lat"] = lat
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        problems["lon"] = lon
    if not 1 <= radius_m <= MAX_RADIUS_M:
        problems["radius_m"] = radius_m
    if not 1 <= limit <= MAX_LIMIT:
        problems["limit"] = limit
    if kind is not None and kind not in {k.value for k in PointKind}:
        problems["kind"] = kind
    if problems:
        raise InvalidSearch(problems)


def _is_open(site: MergedSite, now: datetime) -> bool | None:
    schedule = parse_hours(site.opening_hours)
    return None if schedule is None else schedule.is_open(now)


locations = LocationsService()
