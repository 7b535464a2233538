"""Measure regeneration while an analyst writes, on the shipped brief, against its floors, in one run.

    python benchmarks/regenerate.py [--edits 5]

- edit → new PDF in `citebrief watch`: a fact statement of the shipped brief is changed on disk; the
  time runs until brief.pdf on disk holds the new PDF. Its floor: a warm WeasyPrint (imported, fonts
  and stylesheet loaded once) printing the same page with the same options, in the same run.
- edit → reloaded HTML in `citebrief serve`: the same edit; the time runs until the browser's event
  stream says "reload" and the page it then fetches holds the new statement. Its bound: a quarter of
  the PDF latency.

Each figure is the median over the edits. It prints a Markdown report with the targets met or missed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CITEBRIEF = [sys.executable, "-m", "citebrief"]
FACT_FILE = "facts/summary.yaml"
SENTENCE = "The Yomiuri reported on 30 May 2025"
PDF_RATIO_TARGET = 1.15  # watch's edit → PDF against a warm WeasyPrint
HTML_SHARE_TARGET = 0.25  # serve's edit → HTML against watch's edit → PDF

# A warm WeasyPrint: imported, fonts and stylesheet loaded, the page printed once; then timed per print.
WARM_PRINT = """
import sys, time, statistics
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
page, templates, repeat = Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]), int(sys.argv[3])
fonts = FontConfiguration()
css = CSS(string=(templates / "pdf.css").read_text(encoding="utf-8"), base_url=templates.as_uri() + "/", font_config=fonts)
def once():
    start = time.perf_counter()
    HTML(string=page, base_url=templates.as_uri() + "/").render(stylesheets=[css], font_config=fonts).write_pdf(
        pdf_variant="pdf/a-3u", custom_metadata=True)  # as watch prints a draft: PDF/A-3u, no tag tree
    return time.perf_counter() - start
once()
print(statistics.median(once() for _ in range(repeat)))
"""


def _project(workdir: Path) -> Path:
    """Copy the shipped brief project."""
    root = workdir / "brief"
    for name in ("citebrief.toml", "facts", "seeds", "templates", "editions"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            (root).mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / name)
    return root


def _edit(root: Path, n: int) -> None:
    """Change one statement of the shipped brief, differently each time."""
    path = root / FACT_FILE
    text = path.read_text(encoding="utf-8")
    old = SENTENCE if n == 1 else f"{SENTENCE} (edit {n - 1})"
    assert old in text, old
    path.write_text(text.replace(old, f"{SENTENCE} (edit {n})", 1), encoding="utf-8")


def _wait(condition, timeout: float = 600.0, step: float = 0.005) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(step)


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)


def watch_latency(root: Path, edits: int) -> list[float]:
    """Edit → new brief.pdf on disk, in `citebrief watch`, once per edit."""
    pdf = root / "output" / "brief.pdf"
    watcher = subprocess.Popen([*CITEBRIEF, "watch", "--project", str(root)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        _wait(lambda: watcher.stdout.readline().startswith(("draft", "edition", "up to date")))
        times = []
        for n in range(1, edits + 1):
            before = pdf.stat().st_mtime_ns
            time.sleep(1)  # let the file system's clock move on
            start = time.perf_counter()
            _edit(root, n)
            _wait(lambda: pdf.stat().st_mtime_ns != before)
            times.append(time.perf_counter() - start)
            watcher.stdout.readline()  # its report of the build
    finally:
        _stop(watcher)
    return times


def serve_latency(root: Path, edits: int, first: int) -> list[float]:
    """Edit → the reload event, and the page fetched then holds the edit, in `citebrief serve`, once per edit."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*CITEBRIEF, "serve", "--project", str(root), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdf = root / "output" / "brief.pdf"
    try:
        _wait(lambda: _reachable(port), step=0.05)
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        events.request("GET", "/__citebrief/events")
        stream = events.getresponse().fp
        times = []
        for n in range(first, first + edits):
            before = pdf.stat().st_mtime_ns
            start = time.perf_counter()
            _edit(root, n)
            while not stream.readline().startswith(b"event: reload"):
                pass
            page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()
            times.append(time.perf_counter() - start)
            assert f"(edit {n})".encode() in page
            _wait(lambda: pdf.stat().st_mtime_ns != before)  # the PDF follows: let it finish before the next edit
            time.sleep(1)
    finally:
        _stop(server)
    return times


def _reachable(port: int) -> bool:
    try:
        return b"<html" in urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().lower()
    except OSError:
        return False


def warm_weasyprint(root: Path, repeat: int) -> float:
    """The median time a warm WeasyPrint takes to print the brief's own page."""
    templates = root / "templates"
    run = subprocess.run([sys.executable, "-c", WARM_PRINT, str(root / "output" / "brief.html"), str(templates),
                          str(repeat)], capture_output=True, text=True, check=True)
    return float(run.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5, help="edits per measure (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        root = _project(Path(workdir))
        load = os.getloadavg()[0]
        pdf = watch_latency(root, args.edits)
        floor = warm_weasyprint(root, args.edits)
        html = serve_latency(root, args.edits, args.edits + 1)
        end_load = os.getloadavg()[0]
    pdf_median, html_median = statistics.median(pdf), statistics.median(html)
    ratio, share = pdf_median / floor, html_median / pdf_median
    mark = {True: "met", False: "missed"}
    print(f"Shipped brief, {args.edits} edits each; load average {load:.2f} at the start, {end_load:.2f} at the end.\n")
    print("| measure | median (s) | each edit (s) |")
    print("|---|--:|---|")
    print(f"| watch: edit → new brief.pdf | {pdf_median:.2f} | {', '.join(f'{t:.2f}' for t in pdf)} |")
    print(f"| warm WeasyPrint printing the same page | {floor:.2f} | |")
    print(f"| serve: edit → reloaded HTML | {html_median:.2f} | {', '.join(f'{t:.2f}' for t in html)} |")
    print()
    print(f"- watch's PDF against warm WeasyPrint: {ratio:.2f}× (target ≤ {PDF_RATIO_TARGET}: "
          f"{mark[ratio <= PDF_RATIO_TARGET]})")
    print(f"- serve's HTML against watch's PDF: {share:.2f} (target < {HTML_SHARE_TARGET}: "
          f"{mark[share < HTML_SHARE_TARGET]})")


if __name__ == "__main__":
    main()
