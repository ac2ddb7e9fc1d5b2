"""Walking-directions hand-off links for Kakao Map, Naver Map and Google Maps.

Formats as documented by each vendor (see docs/locations.md): Kakao
``kakaomap://route?sp=LAT,LNG&ep=LAT,LNG&by=FOOT`` and ``https://map.kakao.com/link/to/NAME,LAT,LNG``;
Naver ``nmap://route/walk?dlat=&dlng=&dname=&appname=``; Google Maps URLs
``https://www.google.com/maps/dir/?api=1&destination=LAT,LNG&travelmode=walking``. Names are
percent-encoded (a comma in a name would otherwise split the Kakao path).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from wastecoach.locations.schemas import MapLinks


def _coord(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".")


def walking_links(
    *,
    name: str,
    lat: float,
    lon: float,
    appname: str,
    origin: tuple[float, float] | None = None,
) -> MapLinks:
    """Links to walk to (lat, lon); the Kakao app link needs the start point (``origin``)."""
    dest = f"{_coord(lat)},{_coord(lon)}"
    quoted_name = quote(name, safe="")
    kakao_app = None
    if origin is not None:
        start = f"{_coord(origin[0])},{_coord(origin[1])}"
        kakao_app = f"kakaomap://route?sp={start}&ep={dest}&by=FOOT"
    return MapLinks(
        kakao_app=kakao_app,
        kakao_web=f"https://map.kakao.com/link/to/{quoted_name},{dest}",
        naver_app=(
            f"nmap://route/walk?dlat={_coord(lat)}&dlng={_coord(lon)}"
            f"&dname={quoted_name}&appname={_quoted(appname)}"
        ),
        google_web=f"https://www.google.com/maps/dir/?api=1&destination={dest}&travelmode=walking",
    )


@lru_cache(maxsize=8)
def _quoted(text: str) -> str:
    return quote(text, safe="")
