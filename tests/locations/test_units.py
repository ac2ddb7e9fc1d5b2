"""Pure helpers: distances and boxes, opening hours, map links."""

from __future__ import annotations

import math
import random
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from wastecoach.core.timeutil import KST
from wastecoach.locations.maplinks import walking_links
from wastecoach.locations.opening import parse_hours
from wastecoach.locations.spatial import EARTH_RADIUS_M, bounding_box, haversine_m


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_m(37.0, 127.0, 38.0, 127.0) == pytest.approx(math.pi * EARTH_RADIUS_M / 180)
    assert haversine_m(37.5, 127.0, 37.5, 127.0) == 0.0


def test_bounding_box_contains_every_point_within_the_distance() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        lat, lon = rng.uniform(33, 38.7), rng.uniform(124.5, 132)
        half = rng.uniform(10, 50_000)
        box = bounding_box(lat, lon, half)
        bearing = rng.uniform(0, 2 * math.pi)
        # A point at distance ``half`` along ``bearing`` (destination formula on the sphere).
        delta = half / EARTH_RADIUS_M
        phi1, lmb1 = math.radians(lat), math.radians(lon)
        phi2 = math.asin(
            math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(bearing)
        )
        lmb2 = lmb1 + math.atan2(
            math.sin(bearing) * math.sin(delta) * math.cos(phi1),
            math.cos(delta) - math.sin(phi1) * math.sin(phi2),
        )
        plat, plon = math.degrees(phi2), math.degrees(lmb2)
        assert haversine_m(lat, lon, plat, plon) == pytest.approx(half, rel=1e-9)
        assert box.min_lat <= plat <= box.max_lat and box.min_lon <= plon <= box.max_lon


WEDNESDAY = datetime(2026, 11, 25, 10, 30, tzinfo=KST)
SATURDAY = datetime(2026, 11, 28, 10, 30, tzinfo=KST)
SUNDAY_1AM = datetime(2026, 11, 29, 1, 0, tzinfo=KST)


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    [
        ("매일 09:00-18:00", WEDNESDAY, True),
        ("월~금 11:00-18:00, 토·일 휴무", WEDNESDAY, False),
        ("월~금 09:00-18:00, 토·일 휴무", SATURDAY, False),
        ("월~금 07:00 ~ 22:00, 토,일 09:00-22:00", SATURDAY, True),
        ("평일 09:00-18:00, 공휴일 10:00-17:00, 휴무: 일요일, 설날", WEDNESDAY, True),
        ("평일 09:00-18:00", SATURDAY, None),  # Saturday not mentioned: unknown
        ("24시간", SUNDAY_1AM, True),
        ("Mo-Fr 09:00-18:00; Sa 10:00-14:00; Su off", SATURDAY, True),
        ("Mo-Fr 09:00-12:00,13:00-18:00", WEDNESDAY, True),
        ("Fr-Sa 22:00-02:00", SUNDAY_1AM, True),  # Saturday night runs past midnight
        ("24/7", WEDNESDAY, True),
        ("10시~19시", WEDNESDAY, None),
        ("월~금 09:00-18:00 (점심시간 12:00-13:00)", WEDNESDAY, None),
        ("", WEDNESDAY, None),
    ],
)
def test_opening_hours(text: str, when: datetime, expected: bool | None) -> None:
    schedule = parse_hours(text)
    assert (None if schedule is None else schedule.is_open(when)) == expected


def test_links_encode_names_and_carry_the_app_name() -> None:
    links = walking_links(
        name="A&B 수거함, 1층", lat=37.5, lon=127.0, appname="kr.example.app", origin=(37.4, 126.9)
    )
    assert links.kakao_app == "kakaomap://route?sp=37.4,126.9&ep=37.5,127&by=FOOT"
    assert links.kakao_web.startswith("https://map.kakao.com/link/to/A%26B%20")
    assert links.kakao_web.endswith("%2C%201%EC%B8%B5,37.5,127")
    naver = urlsplit(links.naver_app)
    assert (naver.scheme, naver.netloc, naver.path) == ("nmap", "route", "/walk")
    assert parse_qs(naver.query) == {
        "dlat": ["37.5"],
        "dlng": ["127"],
        "dname": ["A&B 수거함, 1층"],
        "appname": ["kr.example.app"],
    }
    assert links.google_web == (
        "https://www.google.com/maps/dir/?api=1&destination=37.5,127&travelmode=walking"
    )
    assert walking_links(name="x", lat=37.5, lon=127.0, appname="a").kakao_app is None
