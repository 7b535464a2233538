"""The terminal: each build stage with its time, --quiet for schedulers, colour only on a terminal, --version."""

import os
import pty
import re
import select
import subprocess
import sys

from citebrief import __version__
from citebrief.cli import main

STAGES = ["load", "seeds", "verify", "analyse", "markdown", "html", "pdf", "front", "write"]
ANSI = "\x1b["


def test_build_reports_each_stage_with_its_time_on_stderr(project, capsys):
    assert main(["build", "--project", str(project("quote_verbatim.yaml"))]) == 0
    captured = capsys.readouterr()
    *lines, warnings = captured.err.splitlines()
    assert [line.split()[0] for line in lines] == STAGES + ["total"]
    assert all(re.fullmatch(r"\S+ +\d+\.\d\d s", line) for line in lines), lines
    assert warnings == "no warnings"
    assert ANSI not in captured.err  # not a terminal: no colour
    assert captured.out.splitlines()[-1].startswith("draft before the first edition")


def test_a_failed_build_marks_no_stage_done_after_the_failure(project, capsys):
    assert main(["build", "--project", str(project("quote_misquoted_figure.yaml"))]) == 1
    err = capsys.readouterr().err
    assert "error[quote-not-found]" in err
    assert [line.split()[0] for line in err.splitlines() if re.fullmatch(r"\S+ +\d+\.\d\d s", line)] == [
        "load", "seeds"]


def test_quiet_build_prints_nothing_when_all_is_well(project, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["build", "--project", str(root), "--quiet"]) == 0  # the no-op path
    assert capsys.readouterr() == ("", "")
    assert main(["check", "--project", str(root), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_quiet_build_still_reports_problems(project, capsys):
    assert main(["build", "--project", str(project("quote_misquoted_figure.yaml")), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[0].startswith(
        "facts/quote_misquoted_figure.yaml:6:7: error[quote-not-found] output-share:")


def _on_a_terminal(args: list[str], **environment: str) -> str:
    """Run citebrief with a pseudo-terminal as its stdout and stderr; return what it printed."""
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="100", **environment)
    process = subprocess.Popen([sys.executable, "-m", "citebrief", *args], stdout=follower, stderr=follower,
                               stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    output = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    assert process.returncode == 0, output
    return output.decode()


def test_colour_on_a_terminal_only(project):
    output = _on_a_terminal(["build", "--project", str(project("quote_verbatim.yaml"))])
    assert "\x1b[32m✓\x1b[0m load" in output  # a green tick
    assert "total" in output


def test_no_colour_on_a_terminal_when_no_color_is_set(project):
    output = _on_a_terminal(["build", "--project", str(project("quote_verbatim.yaml"))], NO_COLOR="1")
    assert "✓" in output
    # Bold and dim may stay (NO_COLOR is about colour); no foreground colour code may.
    codes = {int(code) for sgr in re.findall(r"\x1b\[([0-9;]*)m", output) for code in sgr.split(";") if code}
    assert codes and not codes & ({38} | set(range(30, 38)) | set(range(90, 98)))


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert capsys.readouterr().out == f"citebrief {__version__}\n"
