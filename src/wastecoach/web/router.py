"""Serve the web client: ``/`` (the index), ``/static/*`` and ``/vendor/leaflet/*``.

The client is plain files with no build step; the server only fills in deployment settings
(tile URL, attribution, whether Leaflet is available) and sets browser security headers.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from wastecoach.web.config import WebSettings, get_web_settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
PLACEHOLDERS = ("__TILE_URL__", "__TILE_ATTRIBUTION__", "__MAP_ENABLED__")


class RevalidatedStaticFiles(StaticFiles):
    """Static files that browsers re-check on every load (file names carry no content hash)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "no-cache")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def tile_source(tile_url: str) -> str | None:
    """The CSP source expression for the tile host ("{s}" subdomains become a wildcard)."""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(settings: WebSettings) -> str:
    images = ["'self'", "data:", "blob:"]
    tiles = tile_source(settings.tile_url)
    if tiles:
        images.append(tiles)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            # Leaflet positions tiles and markers with inline style attributes.
            "style-src 'self' 'unsafe-inline'",
            "img-src " + " ".join(images),
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def render_index(settings: WebSettings) -> str:
    template = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    values = (
        settings.tile_url,
        settings.tile_attribution,
        "true" if settings.effective_vendor_dir() else "false",
    )
    for placeholder, value in zip(PLACEHOLDERS, values, strict=True):
        template = template.replace(placeholder, html.escape(value, quote=True))
    return template


def mount_web(app: FastAPI) -> None:
    """Add the web client's routes to ``app`` (call once, after the API routers)."""
    settings = get_web_settings()
    page = render_index(settings)
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(self), geolocation=(self), microphone=()",
    }

    async def index() -> HTMLResponse:
        return HTMLResponse(page, headers=headers)

    app.add_api_route("/", index, methods=["GET"], include_in_schema=False)
    app.mount("/static", RevalidatedStaticFiles(directory=STATIC_DIR), name="web-static")
    vendor = settings.effective_vendor_dir()
    if vendor is not None:
        app.mount("/vendor/leaflet", RevalidatedStaticFiles(directory=vendor), name="web-leaflet")
