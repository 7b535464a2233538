"""The incremental layer: "up to date" decided once, from inputs hashed once, and every option counted."""

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
