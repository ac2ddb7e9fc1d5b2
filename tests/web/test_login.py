"""Sign-in from the web client through a loopback fake of Kakao's OAuth pages."""

from __future__ import annotations

import pytest

from tests.fakes.oauth_providers import FakeProvider
from tests.web.conftest import Browser, BrowserFactory, WebServer

pytestmark = pytest.mark.browser


@pytest.fixture
def web_overrides(fake_kakao: tuple[FakeProvider, str]) -> dict[str, str]:
    """Only Kakao is configured (Naver and Google have no client id)."""
    fake, url = fake_kakao
    return {
        "oauth_kakao_client_id": fake.client_id,
        "oauth_kakao_client_secret": fake.client_secret or "",
        "oauth_kakao_base_url": url,
        "oauth_kakao_api_base_url": url,
    }


def _load(browser: Browser, web_server: WebServer) -> None:
    browser.page.goto(web_server.base_url + "/")
    browser.page.wait_for_selector("body[data-ready=true]")


def _stored_user(browser: Browser) -> dict[str, str]:
    stored: dict[str, str] = browser.page.evaluate(
        "JSON.parse(localStorage.getItem('wastecoach.tokens'))"
    )
    return stored


def test_kakao_login_round_trip_keeps_the_guest_account(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    _load(browser, web_server)
    guest = _stored_user(browser)
    assert guest["role"] == "guest"
    assert browser.page.locator("[data-provider]:visible").all_inner_texts() == ["카카오로 로그인"]

    browser.page.get_by_role("button", name="카카오로 로그인").click()
    browser.page.wait_for_url(f"{web_server.base_url}/")  # the fragment is gone again
    browser.page.wait_for_selector("body[data-ready=true]")
    browser.page.locator("#account-message", has_text="로그인했어요.").wait_for()

    user = _stored_user(browser)
    assert user["role"] == "user"
    assert user["user_id"] == guest["user_id"]  # the guest was linked, not replaced
    assert "access_token" not in browser.page.url
    assert "로그인되어 있어요" in browser.page.locator("#account-status").inner_text()
    assert browser.page.locator("[data-provider]:visible").count() == 0
    browser.screenshot("signed-in-360")

    browser.page.get_by_role("button", name="로그아웃하고 게스트로 사용").click()
    browser.page.locator("#account-status", has_text="게스트로 사용 중").wait_for()
    assert _stored_user(browser)["user_id"] != guest["user_id"]


def test_providers_are_probed_when_the_list_is_unavailable(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    browser.page.route("**/auth/providers", lambda route: route.abort())
    _load(browser, web_server)

    assert browser.page.locator("[data-provider]:visible").all_inner_texts() == ["카카오로 로그인"]
    probed = sorted(
        r.url.split("/auth/")[1].split("/")[0] for r in browser.api_requests if "/login?" in r.url
    )
    assert probed == ["google", "kakao", "naver"]
