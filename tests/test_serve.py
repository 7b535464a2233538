"""citebrief serve, as a user runs it: loopback by default, the page before the PDF, problems as events."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(root: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "citebrief", "serve", "--project", str(root), "--debounce", "100",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stop(server: subprocess.Popen) -> tuple[str, str]:
    server.send_signal(signal.SIGINT)
    stdout, stderr = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in stderr, stderr
    return stdout, stderr


def _get(url: str, showing: bytes = b"", timeout: float = 90) -> bytes:
    """Fetch a page, waiting for the server to start and the page to show a text."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            body = urllib.request.urlopen(url, timeout=5).read()
            if showing in body or time.monotonic() > deadline:
                return body
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


class Events:
    """A browser's stream of server-sent events, read line by line."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.connection.request("GET", "/__citebrief/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self) -> tuple[str, str]:
        event = data = ""
        while True:
            line = self.response.fp.readline().decode().rstrip("\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif not line and event:
                return event, data


def test_serve_shows_the_page_before_the_pdf_and_reports_a_broken_edit(project):
    root = project("quote_verbatim.yaml")
    facts, pdf = root / "facts" / "quote_verbatim.yaml", root / "output" / "brief.pdf"
    port = _free_port()
    server = _serve(root, "--port", str(port))
    try:
        page = _get(f"http://127.0.0.1:{port}/", b"Ministers agreed to study")
        assert b'<script src="/__citebrief/live.js" defer></script></head>' in page
        assert b"Ministers agreed to study" in page
        while not pdf.exists():
            time.sleep(0.1)
        time.sleep(1)  # the first build has written its outputs
        events = Events(port)
        printed = pdf.read_bytes()
        facts.write_text(facts.read_text().replace("Ministers agreed", "Ministers resolved"))
        assert events.next() == ("reload", "reload")
        assert pdf.read_bytes() == printed  # the page first: the PDF is still being printed
        assert b"Ministers resolved to study" in _get(f"http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 90
        while pdf.read_bytes() == printed and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pdf.read_bytes() != printed and _get(f"http://127.0.0.1:{port}/brief.pdf") == pdf.read_bytes()

        facts.write_text(facts.read_text().replace("on Tuesday", "on Sunday"))
        event, data = events.next()
        assert event == "problems"
        assert [line.split(": error")[0] for line in json.loads(data)] == ["facts/quote_verbatim.yaml:6:7"]
        assert "error[quote-not-found] refinery-study" in json.loads(data)[0]
        assert b"Ministers resolved to study" in _get(f"http://127.0.0.1:{port}/")  # the last good page
        facts.write_text(facts.read_text().replace("on Sunday", "on Tuesday"))
        assert events.next() == ("clear", "clear")
    finally:
        stdout, stderr = _stop(server)
    assert stdout.startswith(f"serving the brief at http://127.0.0.1:{port}/ (the PDF at /brief.pdf)")
    assert "error[quote-not-found] refinery-study" in stderr


def test_serve_listens_on_this_machine_only_unless_told(project):
    root = project("quote_verbatim.yaml")
    port = _free_port()
    server = _serve(root, "--port", str(port))
    try:
        _get(f"http://127.0.0.1:{port}/", b"Ministers agreed to study")
        listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout
    finally:
        _, stderr = _stop(server)
    assert listening.split()[3] == f"127.0.0.1:{port}"
    assert "warning" not in stderr

    port = _free_port()
    server = _serve(root, "--port", str(port), "--host", "0.0.0.0")
    try:
        _get(f"http://127.0.0.1:{port}/")
    finally:
        _, stderr = _stop(server)
    assert stderr.startswith(f"citebrief serve: warning: serving on 0.0.0.0: anyone who can reach this machine on "
                             f"port {port} can read the brief")
