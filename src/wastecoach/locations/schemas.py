"""API shapes of the locations service (labels already in the client's language)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, HttpUrl, model_validator

from wastecoach.locations.importers import ImportFormat, PointKind

KIND_LABELS: dict[PointKind, tuple[str, str]] = {
    PointKind.CLOTHING_BIN: ("의류수거함", "Clothing bin"),
    PointKind.BATTERY_LAMP_BIN: ("폐건전지·폐형광등 수거함", "Battery and lamp bin"),
    PointKind.MEDICINE_BIN: ("폐의약품 수거함", "Waste medicine bin"),
    PointKind.RECYCLING_CENTER: ("재활용센터", "Recycling centre"),
    PointKind.STREET_RECYCLING_BIN: ("가로 재활용 분리수거함", "Street recycling bin"),
    PointKind.REVERSE_VENDING: ("자원순환가게·무인회수기", "Reverse vending point"),
    PointKind.ZERO_WASTE_SHOP: ("제로웨이스트샵", "Zero-waste shop"),
    PointKind.OSM_RECYCLING: ("재활용 수거함 (OpenStreetMap)", "Recycling point (OpenStreetMap)"),
}


class MapLinks(BaseModel):
    kakao_app: str | None = Field(
        description="kakaomap:// walking route from the search point (None without a start point)"
    )
    kakao_web: str
    naver_app: str
    google_web: str


class PointRead(BaseModel):
    """A collection site: the listings of every source with the same site_key, merged."""

    id: int = Field(description="The listing whose location is shown; GET /locations/{id}")
    kind: PointKind
    kind_label: str
    name: str
    address: str | None
    lat: float
    lon: float
    accepts: list[str] = Field(description="Official categories (union over the site's sources)")
    accepts_items: list[str] = Field(description="Items as the sources spell them")
    opening_hours: str | None
    phone: str | None
    detail: str | None
    sido: str | None
    sigungu: str | None
    provider: str | None
    data_date: date | None
    source: str = Field(description="Source of the listing the scalar fields mostly come from")
    sources: list[str] = Field(description="Every source that lists this site")
    open_now: bool | None = Field(description="None when the opening hours are not understood")
    links: MapLinks


class NearbyPoint(PointRead):
    distance_m: float = Field(description="Great-circle distance from the search point")


class NearbyResponse(BaseModel):
    lat: float
    lon: float
    radius_m: int
    accepts: str | None = Field(description="The accepts filter as given")
    category: str | None = Field(description="Official category the accepts filter resolved to")
    kind: PointKind | None
    open_now: bool
    count: int
    points: list[NearbyPoint]

    def to_feature_collection(self) -> FeatureCollection:
        """RFC 7946: one Point feature per site, coordinates [lon, lat], the rest as properties."""
        return FeatureCollection(
            features=[
                Feature(
                    id=point.id,
                    geometry=PointGeometry(coordinates=(point.lon, point.lat)),
                    properties=point.model_dump(mode="json", exclude={"id", "lat", "lon"}),
                )
                for point in self.points
            ]
        )


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: tuple[float, float] = Field(description="[longitude, latitude] (RFC 7946)")


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: int
    geometry: PointGeometry
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]


class ImportRequest(BaseModel):
    """Exactly one of ``url`` (http or https) or ``path`` (relative to the import folder)."""

    url: HttpUrl | None = None
    path: str | None = Field(default=None, min_length=1, max_length=500)
    format: ImportFormat | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ImportRequest:
        if (self.url is None) == (self.path is None):
            raise ValueError("give exactly one of url or path")
        if self.url is not None and self.url.scheme not in ("http", "https"):
            raise ValueError("only http and https URLs can be imported")
        return self


class ImportQueued(BaseModel):
    task: str
    queue: str
    source: str
    format: str | None


class FileImportReport(BaseModel):
    file: str
    format: str | None
    source: str | None = Field(description="Provenance name of the rows")
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = Field(default=0, description="site_keys this source shares with another source")
    pending_geocode: int = Field(default=0, description="Address-only rows (no coordinates)")
    swapped_coordinates_fixed: int = 0
    rejected: dict[str, int] = Field(default_factory=dict)
    error: str | None = Field(default=None, description="Why the file was skipped")


class ImportReport(BaseModel):
    files: list[FileImportReport]

    def total(self, field: str) -> int:
        return sum(int(getattr(f, field)) for f in self.files)

    @property
    def rejected(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for report in self.files:
            for reason, count in report.rejected.items():
                totals[reason] = totals.get(reason, 0) + count
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))
