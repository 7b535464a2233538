"""The HTML brief in a real browser: a citation leads to its note, the note's back-link leads home.

Drives headless Chromium (Debian's `chromium`, or CITEBRIEF_CHROMIUM) with Playwright; Playwright's own
browser downloads are never used. Without a browser the tests skip, unless CITEBRIEF_REQUIRE_BROWSER is
set (as .ci/run sets it once it has installed Chromium), where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]


def _chromium() -> str | None:
    """Find a Chromium: CITEBRIEF_CHROMIUM, else one on the PATH."""
    if os.environ.get("CITEBRIEF_CHROMIUM"):
        return os.environ["CITEBRIEF_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


def _unavailable(reason: str):
    if os.environ.get("CITEBRIEF_REQUIRE_BROWSER"):
        pytest.fail(f"CITEBRIEF_REQUIRE_BROWSER is set, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Launch headless Chromium once for the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium is installed (Debian: apt-get install chromium; or set CITEBRIEF_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def brief_html(shipped) -> Path:
    """The shipped brief's HTML, built once per session (conftest.py)."""
    return shipped / "brief.html"


@pytest.fixture
def page(browser):
    """A fresh page with a small window, so that following a link has to scroll; it records every error."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("requestfailed", lambda request: page.errors.append(f"request failed: {request.url}"))
    yield page
    context.close()


def _in_view(page, element_id: str) -> bool:
    return page.evaluate(
        """id => { const box = document.getElementById(id).getBoundingClientRect();
                   return box.bottom > 0 && box.top < window.innerHeight; }""",
        element_id,
    )


def test_a_citation_lands_on_its_note_and_the_back_link_returns(page, brief_html):
    page.goto(brief_html.as_uri())
    citations = page.locator("main a.footnote-ref")
    assert citations.count() > 20  # one note per claim of the front
    citation = citations.first
    note_id = citation.get_attribute("href").removeprefix("#")
    citation_id = citation.get_attribute("id")
    assert (note_id, citation_id) == ("fn1", "fnref1")
    assert not _in_view(page, note_id)

    citation.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=note_id)
    assert page.evaluate("document.querySelector(':target').id") == note_id
    assert _in_view(page, note_id) and not _in_view(page, citation_id)
    note = page.locator(f'[id="{note_id}"]')
    assert note.evaluate("el => el.tagName") == "LI" and "Yomiuri" in note.inner_text()

    note.locator(f'a.footnote-backref[href="#{citation_id}"]').click()
    page.wait_for_function("id => location.hash === '#' + id", arg=citation_id)
    assert page.evaluate("document.querySelector(':target').id") == citation_id
    assert _in_view(page, citation_id)
    assert page.errors == []


def test_every_in_page_link_has_a_target_and_the_page_loads_without_errors(page, brief_html):
    page.goto(brief_html.as_uri())
    missing = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#"]')]
                 .map(a => a.getAttribute('href').slice(1))
                 .filter(id => !document.getElementById(id))"""
    )
    assert missing == []
    assert page.title().startswith("Japan–U.S. Cooperation")
    assert page.errors == []


@pytest.mark.parametrize("width", [360, 1280])
def test_the_page_fits_the_window_and_has_a_table_of_contents(browser, brief_html, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(brief_html.as_uri())
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px at {width}px"
    contents = page.locator("nav.toc a")
    assert contents.count() >= 8 and contents.first.inner_text() == "Bottom line"
    assert page.locator("nav.toc").is_visible()
    # Every entry leads to a section of the page.
    missing = page.evaluate(
        "() => [...document.querySelectorAll('nav.toc a')].filter(a => !document.querySelector(a.getAttribute('href')))"
        ".length"
    )
    assert missing == 0
    # The shipped fonts come with the page: the body is set in Charis SIL, loaded from the page itself.
    assert page.evaluate("() => document.fonts.check('16px \"Charis SIL\"')")
    page.evaluate("() => document.fonts.ready")
    loaded = page.evaluate("() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Charis SIL" in family for family in loaded)
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    context.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_serve_reloads_the_page_and_shows_a_broken_edit_over_the_last_good_brief(page, project):
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    root = project("quote_verbatim.yaml")
    facts = root / "facts" / "quote_verbatim.yaml"
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "citebrief", "serve", "--project", str(root), "--port", str(port), "--debounce", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # the first build
            try:
                if b"Ministers agreed to study" in urllib.request.urlopen(address, timeout=5).read():
                    break
            except OSError:
                pass
            time.sleep(0.2)
        page.goto(address)
        assert "Ministers agreed to study a joint refinery." in page.inner_text("body")
        page.evaluate("window.loadedBeforeTheEdit = true")

        _edit(facts, "Ministers agreed to study", "Ministers resolved to study")
        page.wait_for_function("document.body.innerText.includes('Ministers resolved to study')", timeout=90_000)
        assert page.evaluate("window.loadedBeforeTheEdit === undefined")  # the page reloaded by itself

        _edit(facts, "on Tuesday", "on Sunday")  # the quote no longer stands in the source
        overlay = page.wait_for_selector("#citebrief-problems", timeout=90_000)
        assert "facts/quote_verbatim.yaml:6:7: error[quote-not-found] refinery-study:" in overlay.inner_text()
        assert "Ministers resolved to study a joint refinery." in page.inner_text("body")  # the last good brief

        _edit(facts, "on Sunday", "on Tuesday")
        page.wait_for_selector("#citebrief-problems", state="detached", timeout=90_000)
        assert "Ministers resolved to study a joint refinery." in page.inner_text("body")
    finally:
        server.send_signal(signal.SIGINT)
        stdout, stderr = server.communicate(timeout=30)
    assert server.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert f"serving the brief at {address}" in stdout and stdout.rstrip().endswith("stopped")
