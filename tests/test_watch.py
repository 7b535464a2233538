"""Watch mode: an edit to a fact file is rebuilt; a broken edit keeps the last good outputs; Ctrl-C ends cleanly."""

import signal
import subprocess
import sys
import threading
import time

TIMEOUT = 60.0


def _collect(stream, lines: list[str]) -> threading.Thread:
    """Read a pipe line by line into a list, in the background, so the test can wait on what is printed."""
    thread = threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")), daemon=True)
    thread.start()
    return thread


def _edit_until(path, text: str, happened, retry: float = 3.0) -> bool:
    """Write text to a file, again each `retry` seconds while `happened()` is false; say whether it happened.

    The watcher prints its first build before it starts watching, so an edit made in that gap goes unseen;
    writing the same text again is a new event to the watcher and changes nothing else.
    """
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        path.write_text(text)
        written = time.monotonic()
        while time.monotonic() < min(written + retry, deadline):
            if happened():
                return True
            time.sleep(0.05)
    return happened()


def _wait_for(condition) -> bool:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _kept_after(stderr: list[str], problem: str) -> bool:
    """Whether the watcher reported the problem and then said it kept the last good outputs."""
    reported = [i for i, line in enumerate(stderr) if problem in line]
    return bool(reported) and any("kept the last good outputs" in line for line in stderr[reported[0] + 1:])


def test_watch_rebuilds_on_edit_and_keeps_good_outputs_on_a_broken_one(project):
    root = project("quote_verbatim.yaml")
    brief = root / "output" / "brief.md"
    facts = root / "facts" / "quote_verbatim.yaml"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "citebrief", "watch", "--project", str(root), "--debounce", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    stdout: list[str] = []
    stderr: list[str] = []
    readers = [_collect(watcher.stdout, stdout), _collect(watcher.stderr, stderr)]
    try:
        drafts = lambda: sum(line.startswith("draft before the first edition") and ": wrote" in line for line in stdout)  # noqa: E731
        assert _wait_for(lambda: drafts() == 1), stdout + stderr
        assert "study a joint refinery" in brief.read_text()

        edited = facts.read_text().replace("Ministers agreed to study", "Ministers resolved to study")
        assert _edit_until(facts, edited, lambda: drafts() == 2), (
            stdout + stderr)
        assert "Ministers resolved to study" in brief.read_text()
        good = brief.read_bytes()

        broken = edited.replace("on Tuesday", "on Sunday")
        assert _edit_until(facts, broken, lambda: _kept_after(stderr, "error[quote-not-found] refinery-study")), (
            stdout + stderr)
        assert brief.read_bytes() == good
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=30)
        for reader in readers:
            reader.join(timeout=30)
    assert watcher.returncode == 0
    err = "".join(stderr)
    assert "error[quote-not-found] refinery-study" in err
    assert "kept the last good outputs" in err
    assert "Traceback" not in err
    assert "stopped\n" in stdout


def test_a_session_rebuilds_warm_templates_stylesheet_and_fonts_loaded_once(project, monkeypatch):
    import weasyprint.text.fonts

    from citebrief.watch import Session

    root = project("quote_verbatim.yaml")
    session = Session(root, root / "output")
    assert session.rebuild().built
    warm = dict(session.templates.warm)
    templates = {name: env.get_template(name) for key, env in warm.items() if key[0] == "environment"
                 for name in ("brief.md.j2", "page.html.j2") if (name == "page.html.j2") == key[1]}
    loaded = []
    real = weasyprint.text.fonts.FontConfiguration
    monkeypatch.setattr(weasyprint.text.fonts, "FontConfiguration", lambda: loaded.append(1) or real())
    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("Ministers agreed to study", "Ministers resolved to study"))
    assert session.rebuild().built
    assert "Ministers resolved to study" in (root / "output" / "brief.md").read_text()
    assert loaded == []  # the fonts and stylesheet of the first build
    assert session.templates.warm == warm
    assert all(env.get_template(name) is templates[name]
               for key, env in warm.items() if key[0] == "environment"
               for name in ("brief.md.j2", "page.html.j2") if (name == "page.html.j2") == key[1])


def test_a_session_prints_drafts_without_the_tag_tree_and_build_prints_the_variant(project):
    from pypdf import PdfReader

    from citebrief.build import build
    from citebrief.watch import Session

    root = project("quote_verbatim.yaml")
    settings = root / "citebrief.toml"
    settings.write_text(settings.read_text() + 'pdf_variant = "pdf/a-3a"\n')

    def printed() -> tuple[str, bool]:
        catalog = PdfReader(root / "output" / "brief.pdf").trailer["/Root"]
        metadata = catalog["/Metadata"].get_object().get_data().decode()
        return metadata.split('pdfaid:conformance="', 1)[1][0], "/StructTreeRoot" in catalog

    assert Session(root, root / "output").rebuild().built
    assert printed() == ("U", False)  # the draft: archival, untagged
    result = build(root)
    assert not result.up_to_date  # the draft is not what build makes
    assert printed() == ("A", True)
