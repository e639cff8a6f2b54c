"""The web UI in a real browser: Playwright drives Debian's chromium (installed by .ci/run) against
`veille serve` on loopback. Screenshots go to test-output/screenshots/."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from veille.web import ServeConfig, create_app

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
OFFLINE_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--metrics-recording-only", "--no-default-browser-check"]

if CHROMIUM is None:
    if os.environ.get("CI"):
        raise RuntimeError("chromium is missing: .ci/run installs it with apt-get")
    pytest.skip("no chromium on this machine (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(web_db):
    yield from _serve(web_db)


@pytest.fixture(scope="module")
def many_server(many_db):
    yield from _serve(many_db)


def _serve(db: str):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(ServeConfig(db=db)), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=OFFLINE_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda err: errors.append(str(err)))
    opened.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield opened
    context.close()
    assert not errors, f"browser errors (CSP violations, scripts): {errors}"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_every_page_loads(page, server):
    for path, heading in [("/", "Latest events"), ("/timeline", "Timeline"), ("/stories", "Stories"),
                          ("/actors", "Actors"), ("/articles", "Articles")]:
        response = page.goto(server + path)
        assert response.status == 200, path
        assert page.locator("h1, h2").filter(has_text=heading).count() >= 1, path
    page.goto(server + "/")
    shot(page, "home")


def test_timeline_filters_then_event_then_article(page, server):
    page.goto(server + "/timeline")
    total = page.locator("li.event").count()
    page.fill("input[name=actor]", "Biden")
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/timeline?*")
    assert 0 < page.locator("li.event").count() < total
    assert page.locator("figure.chart svg rect.bar").count() >= 1
    shot(page, "timeline")
    page.locator("li.event a.headline").first.click()
    page.wait_for_url("**/events/*")
    assert page.locator("blockquote.evidence mark").count() >= 1
    assert "Genève" in page.locator("blockquote.evidence").first.inner_text() or page.locator("a.original").count()
    shot(page, "event")
    page.locator("li.source a[href^='/articles/']").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("div.text mark").count() >= 1
    shot(page, "article")


def test_actor_page_has_a_network_and_a_chart(page, server):
    page.goto(server + "/actors?q=Putin")
    page.locator("table.list a").first.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("figure.network svg circle.node").count() >= 3
    assert page.locator("figure.chart svg rect.bar").count() >= 1
    shot(page, "actor")
    page.locator("figure.network a").first.click()
    page.wait_for_url("**/actors/*")


def test_timeline_map_facets_and_bars_filter_it(page, server):
    page.goto(server + "/timeline")
    assert page.locator("figure.map svg a.place circle").count() >= 3
    assert page.locator("figure.map svg path.land").count() >= 20
    assert page.locator("aside.facets ul.facet-type li").count() >= 1
    facet = page.locator("aside.facets ul.facet-country li").first
    expected = int(facet.locator(".count").inner_text())
    facet.locator("a").click()
    page.wait_for_url("**/timeline?*country=*")
    assert page.locator("li.event").count() == expected
    assert page.locator("aside.facets ul.facet-country li.active").count() == 1
    shot(page, "timeline-map")
    bar = page.locator("figure.months a.month").first
    month, count = re.fullmatch(r"(\d{4}-\d{2}): (\d+) events?", bar.locator("title").text_content()).groups()
    bar.click()
    page.wait_for_url(f"**/timeline?*since={month}*")
    assert page.locator("li.event").count() == int(count)
    page.goto(server + "/timeline")
    dot = page.locator("figure.map svg a.place").first  # the busiest place, drawn first
    place, count = re.fullmatch(r"(.+): (\d+) events?", dot.locator("title").text_content()).groups()
    dot.click()
    page.wait_for_url("**/timeline?*")
    city = place.removesuffix(" (no city)").split(",")[0]
    assert page.locator("li.event").count() >= int(count) and city in page.url.replace("+", " ")


def test_network_labels_stay_inside_the_frame(page, server):
    page.goto(server + "/actors/Q7747")
    outside = page.evaluate("""() => {
        const svg = document.querySelector('figure.network svg'), frame = svg.viewBox.baseVal;
        return [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()]).filter(([, b]) =>
            b.x < frame.x || b.y < frame.y || b.x + b.width > frame.x + frame.width
            || b.y + b.height > frame.y + frame.height).map(([text]) => text);
    }""")
    assert page.locator("figure.network svg text").count() >= 3 and outside == []
    assert page.locator("a.wikidata").get_attribute("href") == "https://www.wikidata.org/wiki/Q7747"


def test_story_page_and_search_box(page, server):
    page.goto(server + "/stories")
    page.locator("table.list a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("li.event").count() >= 1
    shot(page, "story")
    page.fill("header input[name=q]", "Genève")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/timeline?q=*")
    assert page.locator("li.event").count() >= 1


def test_a_long_story_is_paged_not_a_wall(page, many_server):
    """A story of 620 events shows a page of them (the whole list ran to some 40,000 pixels); its map,
    at most 26rem high whatever the story, is counted apart."""
    page.goto(many_server + "/stories/s1")
    assert page.locator("li.event").count() == 20
    height, map_height = page.evaluate("""() => [document.documentElement.scrollHeight,
                                                 document.querySelector('figure.map').getBoundingClientRect().height]""")
    assert 0 < map_height < 500 and height - map_height < 2500, f"the story page is {height}px high, {map_height}px of map"
    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**/stories/s1?offset=20*")
    assert page.locator("nav.pager a[rel=prev]").count() == 1 and page.locator("li.event").count() == 20
    shot(page, "story-paged")


def test_hostile_article_runs_no_script(page, server, hostile_id):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/articles/{hostile_id}")
    page.hover("div.text")
    assert "<script>" in page.locator("div.text").inner_text() and not dialogs


def test_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(server + "/timeline")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the timeline scrolls sideways at phone width ({width}px)"
    shot(phone, "timeline-phone")
    context.close()


def test_api_docs_render_offline(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock-summary-path").filter(has_text="/api/events").count() >= 1
