"""Settings of the web client (prefix ``WASTECOACH_WEB_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
# Only meaningful in a source checkout; an installed package has no frontend/ next to it.
REPO_LEAFLET_DIR = Path(__file__).resolve().parents[3] / "frontend" / "node_modules" / "leaflet"


def _default_vendor_dir() -> Path | None:
    dist = REPO_LEAFLET_DIR / "dist"
    return dist if dist.is_dir() else None


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_WEB_", extra="ignore")

    # Leaflet tile URL template ({z}/{x}/{y}, optionally {s}); the browser fetches tiles directly.
    tile_url: str = OSM_TILE_URL
    # Tile providers require credit on the map; must match the tile_url's provider.
    tile_attribution: str = OSM_ATTRIBUTION
    # Leaflet's dist folder (leaflet.css, leaflet-src.esm.js); None: the page shows lists only.
    vendor_dir: Path | None = None

    def effective_vendor_dir(self) -> Path | None:
        chosen = self.vendor_dir if self.vendor_dir is not None else _default_vendor_dir()
        return chosen if chosen is not None and chosen.is_dir() else None


@lru_cache(maxsize=1)
def get_web_settings() -> WebSettings:
    return WebSettings()
