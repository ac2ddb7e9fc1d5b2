"""Feedback on the result card, clicked through in Chromium and read back from the database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.servers import require_shared_data
from tests.web.conftest import Browser, BrowserFactory, WebServer

pytestmark = pytest.mark.browser


def _carton_photo() -> str:
    photos = sorted(require_shared_data("images", "trash-detection", "drink_carton").glob("*.jpg"))
    if not photos:
        pytest.skip("no photos in shared data folder trash-detection/drink_carton")
    return str(photos[0])


def _scan_milk_carton(browser: Browser, web_server: WebServer) -> None:
    web_server.script_vision(("milk-carton", 0.93))
    page = browser.page
    page.goto(web_server.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.set_input_files("#photo-upload", _carton_photo())
    page.click("#scan-submit")
    page.locator("#scan-result article.result .feedback").wait_for()


def _scan_id(browser: Browser) -> str:
    ids = {
        match.group(1)
        for request in browser.api_requests
        if (match := re.search(r"/scans/(\w+)/feedback$", request.url))
    }
    assert len(ids) == 1, ids
    return ids.pop()


def _stored_feedback() -> list[dict[str, object]]:
    from wastecoach.core.db import session_scope
    from wastecoach.waste.models import ScanFeedback

    with session_scope() as session:
        rows = session.scalars(select(ScanFeedback)).all()
        return [
            {
                "scan_id": row.scan_id,
                "item_correct": row.item_correct,
                "actual_item_id": row.actual_item_id,
                "advice_useful": row.advice_useful,
                "predicted_item_id": row.predicted_item_id,
            }
            for row in rows
        ]


def test_wrong_item_is_corrected_through_search_and_stored(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _scan_milk_carton(browser, web_server)
    page = browser.page
    feedback = page.locator("#scan-result .feedback")
    send = feedback.get_by_role("button", name="의견 보내기")
    assert send.is_disabled()

    item_group = feedback.get_by_role("group", name="품목을 맞게 알아봤나요?")
    item_group.get_by_role("button", name="아니에요").click()
    search = feedback.get_by_role("searchbox", name="실제 품목을 찾아 골라 주세요")
    assert search.evaluate("el => el === document.activeElement")
    search.fill("종이컵")
    feedback.get_by_role("button", name="찾기", exact=True).click()
    hit = feedback.locator(".feedback-hits button", has_text="종이컵").first
    hit.click()
    assert hit.get_attribute("aria-pressed") == "true"
    assert "고른 품목: 종이컵" in feedback.inner_text()

    advice_group = feedback.get_by_role("group", name="배출 안내가 도움이 됐나요?")
    useful = advice_group.get_by_role("button", name="도움이 됐어요")
    useful.click()
    assert useful.get_attribute("aria-pressed") == "true"
    feedback.scroll_into_view_if_needed()
    browser.screenshot("scan-feedback-360")
    send.click()

    status = feedback.locator("[role=status][aria-live=polite]", has_text="고마워요")
    status.wait_for()
    assert status.inner_text() == "의견 고마워요! 더 정확한 안내를 만드는 데 쓸게요."
    assert status.evaluate("el => el === document.activeElement")  # focus not lost
    assert feedback.get_by_role("button", name="의견 보내기").count() == 0  # sent once
    browser.screenshot("scan-feedback-sent-360")

    assert _stored_feedback() == [
        {
            "scan_id": _scan_id(browser),
            "item_correct": False,
            "actual_item_id": "paper-cup",
            "advice_useful": True,
            "predicted_item_id": "milk-carton",
        }
    ]
    assert browser.errors == []


def test_feedback_in_english_keeps_the_item_and_marks_the_advice(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    page = browser.page
    page.goto(web_server.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#lang-toggle")
    _scan_milk_carton(browser, web_server)
    feedback = page.locator("#scan-result .feedback")

    feedback.get_by_role("group", name="Did we recognise the item correctly?").get_by_role(
        "button", name="Yes"
    ).click()
    assert feedback.locator(".feedback-pick").is_hidden()
    feedback.get_by_role("button", name="Not helpful").click()
    feedback.get_by_role("button", name="Send feedback").click()
    feedback.get_by_text("Thank you! We use your feedback to improve the advice.").wait_for()

    [row] = _stored_feedback()
    assert (row["item_correct"], row["actual_item_id"], row["advice_useful"]) == (
        True,
        None,
        False,
    )
    assert browser.errors == []
