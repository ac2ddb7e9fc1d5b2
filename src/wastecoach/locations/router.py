"""HTTP endpoints of the locations service: nearby search, one point, imports."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from wastecoach.auth.dependencies import AdminUser
from wastecoach.core.deps import DbId, DbSession, Language
from wastecoach.locations.importers import PointKind
from wastecoach.locations.schemas import (
    FeatureCollection,
    ImportQueued,
    ImportRequest,
    NearbyResponse,
    PointRead,
)
from wastecoach.locations.service import MAX_LIMIT, MAX_RADIUS_M
from wastecoach.locations.service import locations as locations_service

router = APIRouter(prefix="/locations", tags=["locations"])
_errors: dict[int | str, dict[str, object]] = {
    404: {"description": "Not found (error format)"},
    422: {"description": "Invalid parameters (error format)"},
}

Latitude = Annotated[float, Query(ge=-90, le=90, allow_inf_nan=False, description="WGS84")]
Longitude = Annotated[float, Query(ge=-180, le=180, allow_inf_nan=False, description="WGS84")]


@router.get(
    "/nearby",
    response_model=NearbyResponse | FeatureCollection,
    responses=_errors,
)
def nearby(
    session: DbSession,
    lang: Language,
    lat: Latitude,
    lon: Longitude,
    radius_m: Annotated[int, Query(ge=1, le=MAX_RADIUS_M)] = 3000,
    accepts: Annotated[
        str | None,
        Query(max_length=100, description="Official category (종이류 …) or knowledge-base item id"),
    ] = None,
    kind: PointKind | None = None,
    open_now: Annotated[
        bool, Query(description="Only points open now; unknown hours are left out")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
    format: Literal["json", "geojson"] = "json",
) -> NearbyResponse | FeatureCollection:
    """Nearest collection sites first, with walking links for Kakao, Naver and Google maps."""
    result = locations_service.nearby(
        session,
        lat=lat,
        lon=lon,
        accepts=accepts,
        kind=kind.value if kind else None,
        radius_m=radius_m,
        limit=limit,
        open_now=open_now,
        lang=lang,
    )
    return result.to_feature_collection() if format == "geojson" else result


@router.get("/{point_id}", response_model=PointRead, responses=_errors)
def get_point(
    point_id: DbId,
    session: DbSession,
    lang: Language,
    lat: Annotated[float | None, Query(ge=-90, le=90, allow_inf_nan=False)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180, allow_inf_nan=False)] = None,
) -> PointRead:
    """One site (merged over its sources); give lat/lon to get the Kakao app route link."""
    origin = (lat, lon) if lat is not None and lon is not None else None
    return locations_service.get_point(session, point_id, lang=lang, origin=origin)


@router.post(
    "/imports",
    response_model=ImportQueued,
    status_code=status.HTTP_202_ACCEPTED,
    responses={400: {"description": "Source refused (error format)"}, **_errors},
)
def queue_import(body: ImportRequest, session: DbSession, _admin: AdminUser) -> ImportQueued:
    """Admin only: import a file or folder (relative to the import folder) or an http(s) URL."""
    return locations_service.queue_import(session, body)
