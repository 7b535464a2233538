"""The incremental layer: "up to date" decided once, from inputs hashed once, and every option counted."""

import subprocess
import sys

import citebrief.incremental
from citebrief.build import PIPELINE
from citebrief.cli import main
from citebrief.incremental import Tracker


def test_a_build_hashes_its_inputs_once(project, monkeypatch, capsys):
    root = project("quote_verbatim.yaml")
    calls = []
    real = citebrief.incremental.input_hashes
    monkeypatch.setattr(citebrief.incremental, "input_hashes", lambda *args: calls.append(args) or real(*args))
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    assert len(calls) == 1
    assert main(["build", "--project", str(root), "--quiet"]) == 0  # up to date
    assert len(calls) == 2


def test_up_to_date_only_when_inputs_and_outputs_are_as_the_last_build_left_them(project):
    root = project("quote_verbatim.yaml")
    assert not Tracker(root).up_to_date  # never built
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    assert Tracker(root).up_to_date
    assert not Tracker(root, force=True).up_to_date
    (root / "output" / "brief.html").write_text("edited by hand")
    assert not Tracker(root).up_to_date


def test_a_plain_pdf_asked_for_is_not_the_settings_variant(project, capsys):
    # "not given" and "plain" were once both spelled "" in the manifest, so the second build did nothing.
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--quiet"]) == 0
    assert Tracker(root).up_to_date
    assert not Tracker(root, pdf_variant="").up_to_date
    assert Tracker(root, pdf_variant=None).up_to_date


def test_stage_names_are_the_pipeline_in_order():
    assert PIPELINE == ["load", "seeds", "verify", "analyse", "markdown", "html", "pdf", "front", "write"]


UNDATED = "facts/sources.yaml:15:5: {}[undated-source] wire: source is undated; claims resting on it alone are weak"


def _citebrief(*args):
    return subprocess.run([sys.executable, "-m", "citebrief", *args], capture_output=True, text=True)


def test_strict_means_strict_even_when_nothing_changed(project):
    root = project("quote_verbatim.yaml", more_sources=True)
    built = _citebrief("build", "--project", str(root))
    assert built.returncode == 0
    assert UNDATED.format("warning") in built.stderr and "0 error(s), 1 warning(s)" in built.stderr
    strict = _citebrief("build", "--project", str(root), "--strict")  # nothing changed: the warning remains
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [UNDATED.format("error"), "1 error(s), 0 warning(s)"]
    quiet = _citebrief("build", "--project", str(root), "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "1 warning(s)\n")


def test_a_build_without_warnings_says_so(project, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root), "--strict"]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == "no warnings"
    assert main(["build", "--project", str(root), "--strict"]) == 0  # up to date, and clean
    assert capsys.readouterr().err == "no warnings\n"
