"""The web client in Chromium: scanning, search, nearby points, language, layout."""

from __future__ import annotations

import re

import pytest

from tests.servers import require_shared_data
from tests.web.conftest import Browser, BrowserFactory, WebServer

pytestmark = pytest.mark.browser


def _photo(folder: str) -> str:
    photos = sorted(require_shared_data("images", "trash-detection", folder).glob("*.jpg"))
    if not photos:
        pytest.skip(f"no photos in shared data folder trash-detection/{folder}")
    return str(photos[0])


def _load(browser: Browser, web_server: WebServer) -> None:
    browser.page.goto(web_server.base_url + "/")
    browser.page.wait_for_selector("body[data-ready=true]")


def _scan(browser: Browser, photo: str, *, hint: str = "", use_location: bool = True) -> None:
    page = browser.page
    page.set_input_files("#photo-upload", photo)
    if hint:
        page.fill("#scan-hint", hint)
    if use_location:
        page.check("#scan-location")
    page.click("#scan-submit")


def _paths(browser: Browser, pattern: str) -> list[str]:
    return [r.url for r in browser.api_requests if re.search(pattern, r.url)]


def test_photo_scan_shows_the_result_card_with_nearby_points(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    web_server.script_vision(("milk-carton", 0.93), label_attached="not_detected")
    browser = open_browser(360)
    _load(browser, web_server)
    _scan(browser, _photo("drink_carton"))

    card = browser.page.locator("#scan-result article.result")
    card.wait_for()
    assert browser.page.locator("[data-testid=result-category]").inner_text() == "종이팩"
    assert card.locator(".item-name").inner_text() == "우유팩(일반팩)"
    assert card.locator(".checklist li").count() >= 1
    assert "왜 이렇게 버리나요?" in card.locator(".coach-why").inner_text()
    assert "확신도 93%" in card.inner_text()
    assert browser.page.locator("#scan-status").inner_text() == "분석이 끝났어요."
    # Progress came over the event stream (fetch + Authorization), not by polling.
    assert _paths(browser, r"/scans/\w+/events$")
    assert not _paths(browser, r"/scans/\w+$")

    places = card.locator(".places .place")
    assert places.count() == 3  # the three synthetic points that take 종이팩, nearest first
    names = places.locator(".place-name").all_inner_texts()
    assert names == ["TEST 수거함 A", "TEST 수거함 B", "TEST 수거함 C"]
    first_links = places.first.locator(".map-links a")
    assert first_links.all_inner_texts() == ["카카오맵", "네이버 지도", "Google 지도"]
    hrefs = [first_links.nth(i).get_attribute("href") or "" for i in range(3)]
    assert hrefs[0].startswith("https://map.kakao.com/link/to/")
    assert hrefs[1].startswith("nmap://route/walk?dlat=37.501&dlng=127")
    assert hrefs[2].startswith("https://www.google.com/maps/dir/?api=1&destination=37.501,127")
    # Tiles are blocked here, so the map gives way to the list.
    browser.page.locator(".map-note").first.wait_for()
    assert browser.page.locator(".map").first.is_hidden()
    assert any("tile.openstreetmap.org" in url for url in browser.blocked)
    browser.screenshot("scan-result-360")
    assert browser.errors == []


def test_progress_falls_back_to_polling_without_the_event_stream(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    web_server.script_vision(("milk-carton", 0.9))
    browser = open_browser(412)
    browser.page.route(re.compile(r".*/scans/\w+/events$"), lambda route: route.abort())
    _load(browser, web_server)
    _scan(browser, _photo("drink_carton"), use_location=False)

    browser.page.locator("[data-testid=result-category]").wait_for()
    assert browser.page.locator("[data-testid=result-category]").inner_text() == "종이팩"
    assert _paths(browser, r"/scans/\w+$"), "expected GET /scans/{id} polling"


def test_uncertain_scan_asks_and_the_answer_updates_the_card(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    web_server.script_vision(("milk-carton", 0.3), ("paper-cup", 0.25))
    browser = open_browser(360)
    _load(browser, web_server)
    _scan(browser, _photo("drink_carton"), use_location=False)

    question = browser.page.locator("fieldset.question").first
    question.wait_for()
    assert "확실하지 않아요" in browser.page.locator("#scan-result").inner_text()
    browser.screenshot("scan-question-360")
    question.get_by_role("button", name="종이컵").click()

    browser.page.locator("#scan-result .item-name", has_text="종이컵").wait_for()
    assert browser.page.locator("#scan-status").inner_text() == "답변을 반영했어요."
    assert _paths(browser, r"/scans/\w+/answers$")
    assert browser.page.locator("fieldset.question legend", has_text="인가요").count() == 0


def test_item_search_shows_the_category_and_the_item(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.fill("#search-query", "우유팩")
    browser.page.press("#search-query", "Enter")

    first = browser.page.locator("#search-results .result-button").first
    first.wait_for()
    assert "종이팩" in first.inner_text()
    first.click()
    detail = browser.page.locator("#search-detail article")
    detail.wait_for()
    assert detail.locator(".chip-strong").inner_text() == "종이팩"
    assert detail.locator("h3").inner_text() == "우유팩(일반팩)"
    browser.screenshot("search-360")


def test_a_stated_condition_shows_in_the_result_and_the_item(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.fill("#search-query", "기름 묻은 피자박스")
    browser.page.press("#search-query", "Enter")

    first = browser.page.locator("#search-results .result-button").first
    first.wait_for()
    assert "일반종량제폐기물" in first.inner_text()
    assert "기름" in first.locator(".result-disposal").inner_text()
    first.click()
    variants = browser.page.locator("#search-detail article .variants")
    variants.wait_for()
    assert variants.locator("h4").inner_text() == "이럴 땐 다르게 버려요"
    assert "일반종량제폐기물" in variants.inner_text()
    browser.screenshot("search-variant-360")


def test_nearby_list_is_sorted_and_hands_off_to_map_apps(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(1280, 900)
    _load(browser, web_server)
    browser.page.get_by_role("button", name="내 위치 주변 찾기").click()

    places = browser.page.locator("#places-results .place")
    places.first.wait_for()
    assert places.count() == 4
    distances = browser.page.locator("#places-results .place-meta strong").all_inner_texts()
    metres = [float(d.split()[0]) * (1000 if d.endswith("km") else 1) for d in distances]
    assert metres == sorted(metres)
    assert places.nth(0).locator(".map-link-google").get_attribute("target") == "_blank"
    request = next(r for r in browser.api_requests if "/locations/nearby" in r.url)
    assert "lat=37.5" in request.url and "lon=127" in request.url
    browser.page.locator("#places-results .map-note").wait_for()
    browser.screenshot("nearby-desktop")


def test_language_switch_is_remembered_and_sent_to_the_api(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.fill("#search-query", "우유팩")
    browser.page.press("#search-query", "Enter")
    browser.page.locator("#search-results .result-button").first.wait_for()

    browser.page.click("#lang-toggle")
    browser.page.locator("#search-title", has_text="Search items").wait_for()
    assert browser.page.locator("html").get_attribute("lang") == "en"
    # The open search is fetched again in English.
    browser.page.locator("#search-results .chip", has_text="Paper cartons").first.wait_for()
    english = [r for r in browser.api_requests if "/recycling/items" in r.url]
    assert english[-1].headers.get("accept-language") == "en"

    browser.page.reload()
    browser.page.wait_for_selector("body[data-ready=true]")
    assert browser.page.locator("#scan-title").inner_text() == "Check by photo"
    assert browser.page.locator("#lang-toggle").inner_text() == "한국어"
    browser.screenshot("english-360")


@pytest.mark.parametrize("width", [360, 1280])
def test_no_horizontal_scroll(
    web_server: WebServer, open_browser: BrowserFactory, width: int
) -> None:
    web_server.script_vision(("milk-carton", 0.93))
    browser = open_browser(width)
    _load(browser, web_server)
    _scan(browser, _photo("drink_carton"))
    browser.page.locator("#scan-result .places").wait_for()
    browser.page.fill("#search-query", "우유팩")
    browser.page.press("#search-query", "Enter")
    browser.page.locator("#search-results .result-button").first.click()
    browser.page.locator("#search-detail article").wait_for()
    browser.page.get_by_role("button", name="내 위치 주변 찾기").click()
    browser.page.locator("#places-results .place").first.wait_for()

    scroll_width = browser.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    browser.screenshot(f"full-page-{width}")


def _tile_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (256, 256), (222, 230, 222)).save(out, format="PNG")
    return out.getvalue()


def test_map_shows_numbered_markers_when_tiles_load(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(1280, 900)
    tile = _tile_png()
    served: list[str] = []

    def local_tile(route):  # type: ignore[no-untyped-def]
        served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=tile)

    # A plain local image stands in for every tile: still nothing leaves the machine.
    browser.page.route("https://tile.openstreetmap.org/**", local_tile)
    _load(browser, web_server)
    browser.page.get_by_role("button", name="내 위치 주변 찾기").click()

    map_region = browser.page.get_by_role("region", name="수거함 지도")
    map_region.wait_for()
    browser.page.locator("#places-results .map-pin").nth(3).wait_for()
    assert browser.page.locator("#places-results .map-pin").all_inner_texts() == [
        "1",
        "2",
        "3",
        "4",
    ]
    assert served and browser.blocked == []
    browser.page.wait_for_timeout(3000)  # past the give-up delay: the map must stay
    assert map_region.is_visible()
    assert browser.page.locator("#places-results .map-note").is_hidden()
    assert "OpenStreetMap" in browser.page.locator(".leaflet-control-attribution").inner_text()
    browser.page.locator("#places-results .map-pin").first.click()
    assert browser.page.evaluate("document.activeElement.classList.contains('place')")
    browser.screenshot("map-desktop")


def test_guest_session_is_made_once_and_kept(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.reload()
    browser.page.wait_for_selector("body[data-ready=true]")

    guests = [r for r in browser.api_requests if r.url.endswith("/auth/guest")]
    assert len(guests) == 1
    history = [r for r in browser.api_requests if "/users/me/scans" in r.url]
    assert len(history) == 2
    assert all(r.headers.get("authorization", "").startswith("Bearer ") for r in history)
    assert "게스트로 사용 중" in browser.page.locator("#account-status").inner_text()
    # No provider is configured in this app: no login buttons, a note instead.
    assert browser.page.locator("[data-provider]:visible").count() == 0
    assert browser.page.locator("#login-none").is_visible()


def test_history_lists_the_scan_and_reopens_it(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    web_server.script_vision(("milk-carton", 0.93))
    browser = open_browser(360)
    _load(browser, web_server)
    _scan(browser, _photo("drink_carton"), use_location=False)
    browser.page.locator("[data-testid=result-category]").wait_for()

    entry = browser.page.locator("#history-list .history-item").first
    entry.locator(".history-name", has_text="우유팩(일반팩)").wait_for()
    browser.page.reload()
    browser.page.wait_for_selector("body[data-ready=true]")
    assert browser.page.locator("#scan-result").inner_text() == ""
    browser.page.locator("#history-list button").first.click()
    browser.page.locator("[data-testid=result-category]").wait_for()
    assert browser.page.locator("#scan-result .item-name").inner_text() == "우유팩(일반팩)"


def test_collection_days_from_the_real_rules_file(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    from wastecoach.core.db import session_scope
    from wastecoach.recycling.schedules.service import import_schedules

    rules = require_shared_data("rules", "전국생활쓰레기배출정보표준데이터.csv")
    with session_scope() as session:
        import_schedules(session, rules)
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.fill("#schedule-sido", "서울특별시")
    browser.page.fill("#schedule-sigungu", "종로구")
    browser.page.get_by_role("button", name="요일 보기").click()

    area = browser.page.locator("#schedule-results article.area").first
    area.wait_for()
    assert "종로구" in area.locator("h3").inner_text()
    assert area.locator(".schedule-entry").count() >= 1
    days = area.locator(".schedule-entry dd").first.inner_text()
    assert "월" in days and "mon" not in days  # day codes shown as Korean day names
    assert browser.page.evaluate("document.documentElement.scrollWidth") <= 360
    browser.screenshot("schedule-360")


def test_unknown_district_shows_the_api_message(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    browser.page.fill("#schedule-sido", "테스트도")
    browser.page.fill("#schedule-sigungu", "테스트구")
    browser.page.get_by_role("button", name="요일 보기").click()

    status = browser.page.locator("#schedule-status.is-error")
    status.wait_for()
    assert status.inner_text() == "이 지역의 배출 요일 정보가 없어요."


def test_korean_and_english_strings_have_the_same_keys(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    keys = browser.page.evaluate(
        """import('/static/js/i18n.js').then(({ STRINGS }) => ({
            ko: Object.keys(STRINGS.ko).sort(), en: Object.keys(STRINGS.en).sort() }))"""
    )
    assert keys["ko"] == keys["en"]
    assert len(keys["ko"]) > 100
