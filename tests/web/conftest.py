"""Browser tests of the web client: the real app on loopback, Debian's Chromium via Playwright.

Every request to a host other than the loopback server is aborted in the browser, so map
tiles (and anything else) never leave the machine; the page must then fall back to its list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.fakes.openai_compatible import FakeOpenAI
from tests.fakes.server import LoopbackServer
from tests.locations.conftest import recycling_node
from tests.servers import IN_CI, REPO_ROOT
from wastecoach.core import migrations

if TYPE_CHECKING:
    from playwright.sync_api import (
        BrowserContext,
        ConsoleMessage,
        Geolocation,
        Page,
        Playwright,
        Request,
        Route,
    )

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
ARTIFACTS = REPO_ROOT / "test-artifacts" / "web"

# Clearly synthetic test geometry: a search origin on round numbers and points at round
# offsets from it, named TEST. Not real collection sites.
ORIGIN: Geolocation = {"latitude": 37.5, "longitude": 127.0}
SYNTHETIC_POINTS = [
    recycling_node(9001, 37.5030, 127.0, "beverage_cartons", "paper", name="TEST 수거함 C"),
    recycling_node(9002, 37.5010, 127.0, "beverage_cartons", name="TEST 수거함 A"),
    recycling_node(9003, 37.5, 127.0020, "beverage_cartons", "cans", name="TEST 수거함 B"),
    recycling_node(9004, 37.4990, 127.0, "batteries", name="TEST 건전지 수거함"),
]


def _require(condition: bool, message: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{message} (CI=true: browser tests must run)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    _require(
        CHROMIUM.exists(),
        f"{CHROMIUM} not found; install it with: apt-get install -y chromium chromium-driver",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "playwright is not installed; pip install playwright==1.65.2")
        raise
    with sync_playwright() as instance:
        yield instance


@dataclass
class WebServer:
    base_url: str
    vision: FakeOpenAI

    def script_vision(self, *items: tuple[str, float], **conditions: str) -> None:
        """The next scan's remote vision answer (the fake stands in for a vision model)."""
        self.vision.reply_with(
            json.dumps(
                {
                    "items": [{"item_id": i, "confidence": c} for i, c in items],
                    "material": "paper",
                    "shape": "box",
                    "conditions": conditions,
                }
            )
        )


def _clear_domain_settings() -> None:
    from wastecoach.waste.config import get_vision_settings
    from wastecoach.web.config import get_web_settings

    get_vision_settings.cache_clear()
    get_web_settings.cache_clear()


@pytest.fixture
def web_overrides() -> dict[str, str]:
    """Extra WASTECOACH_* settings for web_server; a test module overrides this fixture."""
    return {}


@pytest.fixture
def web_server(
    configure: Callable[..., None],
    web_overrides: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    fake_openai: tuple[FakeOpenAI, str],
    tmp_path: Path,
) -> Iterator[WebServer]:
    """The whole app plus the web client on 127.0.0.1, with a fresh SQLite database."""
    from wastecoach.core.config import get_settings, reset_settings_cache
    from wastecoach.core.db import session_scope
    from wastecoach.locations.service import locations as locations_service
    from wastecoach.main import create_app
    from wastecoach.web import mount_web

    vision, vision_url = fake_openai
    configure(
        vision_provider="openai",
        vision_openai_base_url=f"{vision_url}/v1",
        vision_openai_api_key=vision.api_key,
        **web_overrides,
    )
    _clear_domain_settings()
    migrations.upgrade(get_settings().effective_database_url)
    overpass = tmp_path / "synthetic_points.json"
    overpass.write_text(
        json.dumps(
            {"osm3s": {"timestamp_osm_base": "2025-01-01T00:00:00Z"}, "elements": SYNTHETIC_POINTS}
        ),
        encoding="utf-8",
    )
    with session_scope() as session:
        locations_service.import_path(session, overpass)
    app = create_app()
    if not any(getattr(route, "path", None) == "/" for route in app.routes):
        mount_web(app)  # until create_app mounts the web client itself
    try:
        with LoopbackServer(app) as server:
            # OAuth callbacks are built from the public URL, known once the port is bound.
            monkeypatch.setenv("WASTECOACH_PUBLIC_BASE_URL", server.base_url)
            reset_settings_cache()
            yield WebServer(base_url=server.base_url, vision=vision)
    finally:
        _clear_domain_settings()


@dataclass
class Browser:
    context: BrowserContext
    page: Page
    blocked: list[str] = field(default_factory=list)
    api_requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


BrowserFactory = Callable[..., Browser]


def _watch(browser: Browser) -> None:
    def block_outside_loopback(route: Route) -> None:
        url = route.request.url
        if (urlsplit(url).hostname or "") in LOOPBACK_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            browser.blocked.append(url)
            route.abort("blockedbyclient")

    def console(message: ConsoleMessage) -> None:
        # Failed loads show up as console errors too; API errors are asserted where expected.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            browser.errors.append(message.text)

    def request(request: Request) -> None:
        if request.resource_type in ("fetch", "xhr"):
            browser.api_requests.append(request)

    browser.context.route("**/*", block_outside_loopback)
    browser.page.on("pageerror", lambda error: browser.errors.append(str(error)))
    browser.page.on("console", console)
    browser.page.on("request", request)


@pytest.fixture
def open_browser(playwright: Playwright, tmp_path: Path) -> Iterator[BrowserFactory]:
    """Open Chromium (fresh profile) at a viewport size; geolocation is granted at ORIGIN."""
    contexts: list[BrowserContext] = []

    def open_(width: int = 360, height: int = 780, **options: Any) -> Browser:
        profile = tmp_path / f"profile-{len(contexts)}"
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            geolocation=ORIGIN,
            permissions=["geolocation"],
            service_workers="block",
            **options,
        )
        contexts.append(context)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(15_000)
        browser = Browser(context=context, page=page)
        _watch(browser)
        return browser

    yield open_
    for context in contexts:
        context.close()
