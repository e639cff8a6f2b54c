"""Regenerate the screenshots of the README and docs/web.md (docs/images/*.png) from `make demo`'s data.

    .venv/bin/python scripts/screenshots.py                  # all of them, into docs/images/
    .venv/bin/python scripts/screenshots.py -o /tmp/shots story # one, elsewhere

It builds the demo database as `make demo` does (`veille ingest examples/dispatches`, into a
temporary folder: the checkout's veille.db is left alone), serves it read-only with `veille serve`
on a free loopback port, and drives Debian's chromium with Playwright (headless, offline flags, as
tests/web/test_browser.py does) through the pages below, at 1200 px wide. Each picture is cut to
what it shows (the page down to the end of its content, or to its first events), so that it stays
readable in the README and small in the repository (under 300 KB each: tests/test_docs.py).
Only the pictures named in SHOTS are made here; the docs show no other.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
EXAMPLES = ROOT / "examples" / "dispatches"
WIDTH = 1200
MARGIN = 24  # pixels kept below the last thing shown
OFFLINE_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--metrics-recording-only", "--no-default-browser-check"]


def timeline_map(page, server: str) -> float:
    """The timeline narrowed on Russia by its country facet: the chart, the map, the facets, roles."""
    page.goto(server + "/timeline")
    page.locator("aside.facets ul.facet-country li a").filter(has_text="Russia").first.click()
    page.wait_for_url("**/timeline?*country=*")
    return bottom(page, "li.event", 8)


def timeline(page, server: str) -> float:
    """The timeline filtered on Biden and CONSULT from its form."""
    page.goto(server + "/timeline")
    page.fill("input[name=actor]", "Biden")
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/timeline?*")
    return bottom(page, "main")


def event(page, server: str) -> float:
    """The Geneva summit of 2021 (two sources): each source's sentence in its context."""
    timeline(page, server)
    page.locator("li.event a.headline").first.click()
    page.wait_for_url("**/events/*")
    return bottom(page, "main")


def story(page, server: str) -> float:
    """The demo's story (the pension reform protests): span, events per month, map, its events."""
    page.goto(server + "/stories")
    page.locator("table.list a").first.click()
    page.wait_for_url("**/stories/*")
    return bottom(page, "main")


SHOTS = {"timeline-map": timeline_map, "timeline": timeline, "event": event, "story": story}


def bottom(page, selector: str, nth: int | None = None) -> float:
    """Where the picture ends: below the element (the ``nth`` one, or the last when there are fewer)."""
    found = page.locator(selector)
    count = found.count()
    if count == 0:
        raise SystemExit(f"screenshots: nothing matches {selector!r} on {page.url}")
    box = found.nth(min(nth or count, count) - 1).bounding_box()
    return box["y"] + box["height"] + page.evaluate("window.scrollY") + MARGIN


def build_demo(folder: Path) -> Path:
    """The demo database, as `make demo` builds it."""
    db = folder / "veille.db"
    subprocess.run([sys.executable, "-m", "veille", "ingest", str(EXAMPLES), "--db", str(db)], check=True)
    return db


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    """`veille serve` on a free loopback port (read-only, as it always is), once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(port)])
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/api/stats", timeout=2):
                return server, url
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit("screenshots: veille serve did not start")
            time.sleep(0.2)


def capture(names: list[str], output: Path, server: str) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("screenshots: no chromium on this machine (apt-get install chromium)")
    output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=OFFLINE_FLAGS)
        try:
            for name in names:
                page = browser.new_page(viewport={"width": WIDTH, "height": 900})
                end = SHOTS[name](page, server)
                height = min(end, page.evaluate("document.documentElement.scrollHeight"))
                path = output / f"{name}.png"
                page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height})
                print(f"{path}  {WIDTH}x{round(height)}  {path.stat().st_size // 1024} KB")
                page.close()
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"which pictures (default: all): {', '.join(SHOTS)}")
    parser.add_argument("-o", "--output", type=Path, default=IMAGES, help="folder to write them in (default: docs/images)")
    arguments = parser.parse_args()
    unknown = [name for name in arguments.names if name not in SHOTS]
    if unknown:
        parser.error(f"no picture named {', '.join(unknown)} (there are {', '.join(SHOTS)})")
    with tempfile.TemporaryDirectory(prefix="veille-screenshots-") as folder:
        server, url = serve(build_demo(Path(folder)))
        try:
            capture(arguments.names or list(SHOTS), arguments.output, url)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
