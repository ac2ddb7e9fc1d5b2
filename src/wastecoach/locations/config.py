"""Settings of the locations service (prefix ``WASTECOACH_LOCATIONS_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from wastecoach.core.config import get_settings


class LocationsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_LOCATIONS_", extra="ignore")

    # Naver Map wants an ``appname`` on every URL: the app's id, or for a web page its URL.
    # Empty: the public base URL of this deployment.
    naver_appname: str = ""
    # Folder that ``POST /locations/imports`` may read server-side paths from (relative paths
    # only). Empty: ``<shared_data_dir>/locations``.
    import_dir: Path | None = None
    max_download_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    download_timeout_s: float = Field(default=30.0, gt=0)
    # SQLite search: first half-width of the R*Tree box, doubled until enough sites are found.
    sqlite_initial_box_m: float = Field(default=400.0, gt=0)
    district_radius_m: int = Field(default=5000, gt=0)
    district_neighbours: int = Field(default=5, ge=1)

    def effective_appname(self) -> str:
        return self.naver_appname or get_settings().public_base_url

    def effective_import_dir(self) -> Path:
        return self.import_dir or get_settings().shared_data_dir / "locations"


@lru_cache(maxsize=1)
def get_locations_settings() -> LocationsSettings:
    return LocationsSettings()
