"""Accessibility checks in Chromium: names for controls, text contrast, visible focus."""

from __future__ import annotations

import pytest

from tests.servers import require_shared_data
from tests.web.conftest import Browser, BrowserFactory, WebServer

pytestmark = pytest.mark.browser

UNNAMED_CONTROLS = """
() => [...document.querySelectorAll('input, select, textarea, button, a[href]')]
  .filter((el) => el.type !== 'hidden')
  .filter((el) => el.getClientRects().length > 0 || el.classList.contains('file-input'))
  .filter((el) => {
    if (el.getAttribute('aria-label')) return false;
    if (el.labels && el.labels.length) return false;
    if (['BUTTON', 'A'].includes(el.tagName)) return !el.textContent.trim();
    return true;
  })
  .map((el) => el.outerHTML.slice(0, 120))
"""

# WCAG 2 contrast of every visible text run against the background it is drawn on
# (semi-transparent layers blended; text over images, e.g. the map, is skipped).
CONTRAST = """
() => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const blend = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== 'none') return null;
      const colour = parse(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    let result = [255, 255, 255];
    for (const layer of layers.reverse()) result = blend(layer, result);
    return result;
  };
  const failures = [];
  let checked = 0;
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.leaflet-container')) continue;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
    const bg = background(el);
    if (!bg) continue;
    const fg = parse(style.color);
    const colour = blend(fg, bg);
    const [a, b] = [luminance(colour), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    checked += 1;
    if (ratio < 4.5) {
      const text = el.textContent.trim().slice(0, 40);
      failures.push(`${ratio.toFixed(2)} ${el.tagName}.${el.className}: ${text}`);
    }
  }
  return { checked, failures };
}
"""

FOCUS_OUTLINE = """
() => {
  const el = document.activeElement;
  const target = el.classList.contains('file-input') ? el.nextElementSibling : el;
  const style = getComputedStyle(target);
  return { tag: el.tagName, id: el.id, text: (target.textContent || '').trim().slice(0, 30),
           width: parseFloat(style.outlineWidth), outline: style.outlineStyle };
}
"""


def _load_with_result(browser: Browser, web_server: WebServer) -> None:
    photo = sorted(require_shared_data("images", "trash-detection", "drink_carton").glob("*.jpg"))
    web_server.script_vision(("milk-carton", 0.93))
    browser.page.goto(web_server.base_url + "/")
    browser.page.wait_for_selector("body[data-ready=true]")
    browser.page.set_input_files("#photo-upload", str(photo[0]))
    browser.page.check("#scan-location")
    browser.page.click("#scan-submit")
    browser.page.locator("#scan-result .places").wait_for()
    browser.page.fill("#search-query", "우유팩")
    browser.page.press("#search-query", "Enter")
    browser.page.locator("#search-results .result-button").first.click()
    browser.page.locator("#search-detail article").wait_for()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_control_has_a_name_and_text_has_contrast(
    web_server: WebServer, open_browser: BrowserFactory, lang: str
) -> None:
    browser = open_browser(360)
    _load_with_result(browser, web_server)
    if lang == "en":
        browser.page.click("#lang-toggle")
        browser.page.locator("#scan-result .item-name", has_text="Milk carton").wait_for()

    assert browser.page.evaluate(UNNAMED_CONTROLS) == []
    contrast = browser.page.evaluate(CONTRAST)
    assert contrast["checked"] > 50
    assert contrast["failures"] == []


def test_keyboard_reaches_controls_with_a_visible_focus_ring(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    browser.page.goto(web_server.base_url + "/")
    browser.page.wait_for_selector("body[data-ready=true]")

    seen = []
    for _ in range(14):
        browser.page.keyboard.press("Tab")
        focus = browser.page.evaluate(FOCUS_OUTLINE)
        seen.append(focus)
        assert focus["outline"] != "none" and focus["width"] >= 2, focus
    ids = [f["id"] for f in seen]
    assert seen[0]["text"] == "본문으로 건너뛰기"
    assert {"lang-toggle", "photo-camera", "photo-upload", "scan-hint", "scan-submit"} <= set(ids)


def test_progress_and_messages_are_announced(
    web_server: WebServer, open_browser: BrowserFactory
) -> None:
    browser = open_browser(360)
    browser.page.goto(web_server.base_url + "/")
    browser.page.wait_for_selector("body[data-ready=true]")
    for region in ("scan-status", "places-status", "search-status", "schedule-status"):
        element = browser.page.locator(f"#{region}")
        assert element.get_attribute("role") == "status"
        assert element.get_attribute("aria-live") == "polite"
    assert (
        browser.page.get_by_role("progressbar", name="분석 진행률", include_hidden=True).count()
        == 1
    )
