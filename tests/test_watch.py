"""Watch mode: an edit to a fact file is rebuilt; a broken edit keeps the last good outputs; Ctrl-C ends cleanly."""

import signal
import subprocess
import sys
import time


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_watch_rebuilds_on_edit_and_keeps_good_outputs_on_a_broken_one(project):
    root = project("quote_verbatim.yaml")
    brief = root / "output" / "brief.md"
    facts = root / "facts" / "quote_verbatim.yaml"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "citebrief", "watch", "--project", str(root), "--debounce", "100"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert _wait_for(lambda: brief.exists() and "study a joint refinery" in brief.read_text())
        time.sleep(0.5)  # let the watcher settle on its first build
        facts.write_text(facts.read_text().replace("Ministers agreed to study", "Ministers resolved to study"))
        assert _wait_for(lambda: "Ministers resolved to study" in brief.read_text())
        good = brief.read_bytes()
        facts.write_text(facts.read_text().replace("on Tuesday", "on Sunday"))
        time.sleep(3)
        assert brief.read_bytes() == good
    finally:
        watcher.send_signal(signal.SIGINT)
        stdout, stderr = watcher.communicate(timeout=30)
    assert watcher.returncode == 0
    assert "error[quote-not-found] refinery-study" in stderr
    assert "kept the last good outputs" in stderr
    assert "Traceback" not in stderr
    assert "stopped" in stdout


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
