"""Corroboration, figure comparison, judgments and disagreements, on small projects in tmp_path."""

import re

import pytest

from citebrief.analyse import analyse
from citebrief.build import check
from citebrief.cli import main
from citebrief.evidence import Lineage, support
from citebrief.models import Citation, Source
from conftest import diagnostics


def _source(id_, derived_from=None, kind="original"):
    return Source(id=id_, file=f"{id_}.txt", kind=kind, derived_from=derived_from)


def test_a_rewrite_is_not_independent_of_its_original():
    lineage = Lineage([_source("a"), _source("b", "a", "rewrite"), _source("c", "b", "rewrite"), _source("d")])
    assert lineage.origin("c") == "a"
    cite = [Citation(source=s, quote="q") for s in ("a", "b", "c")]
    assert support(cite, lineage).label == "single source, 3 reports"
    assert support(cite + [Citation(source="d", quote="q")], lineage).label == "2 independent sources"


def test_derivation_cycles_end():
    lineage = Lineage([_source("a", "b"), _source("b", "a")])
    assert lineage.origin("a") in {"a", "b"}


def test_an_outlet_name_in_derived_from_is_not_followed():
    lineage = Lineage([_source("a", "a Japan Times article", "analysis")])
    assert lineage.origin("a") == "a"
    assert lineage.derivative("a")


def _brief(root):
    checked, problems = check(root)
    assert checked is not None, problems
    return analyse(checked.project, checked.texts, checked.evidence)


def test_support_per_claim(project):
    brief = _brief(project("corroborated_and_single.yaml", more_sources=True))
    labels = {e.fact.id: e.support.label for e in brief.sections["proposals"]}
    assert labels == {"study-corroborated": "2 independent sources", "study-with-rewrite": "single source, 2 reports"}


def test_a_judgment_says_in_plain_words_what_it_rests_on_in_every_format(project):
    from citebrief.build import build

    root = project("corroborated_and_single.yaml", more_sources=True, judgments="judgment_single_source.yaml")
    build(root)
    line = "Rests on one report (Masthead Daily)."
    assert line in (root / "output" / "brief.md").read_text()
    assert line in (root / "output" / "brief.html").read_text()
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(root / "output" / "brief.pdf").pages)
    assert line in " ".join(text.split())
    # No badge on every statement: a claim's support is in its note, not in a label beside it.
    assert "{.support" not in (root / "output" / "brief.md").read_text()


def test_equal_figures_from_independent_sources_are_compared_as_agreeing(project):
    brief = _brief(project("corroborated_and_single.yaml", "figure_agrees.yaml", more_sources=True))
    (comparison,) = brief.comparisons
    assert comparison.comparison.verdict == "agree"
    assert [row.entry.fact.id for row in comparison.rows] == ["output-gazette", "output-herald"]


def test_conflicting_figures_warn_unless_a_disagreement_records_them(project):
    root = project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True)
    assert ("figure-conflict", "facts/corroborated_and_single.yaml", 20, "output-gazette") in diagnostics(root)
    root = project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True,
                   disagreements="demand_share.yaml", name="recorded")
    assert "figure-conflict" not in {code for code, *_ in diagnostics(root)}


def test_conflicting_figures_are_shown_side_by_side(project):
    brief = _brief(project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True,
                           disagreements="demand_share.yaml"))
    (comparison,) = brief.comparisons
    assert comparison.comparison.verdict == "differ"
    assert sorted(row.figure.value for row in comparison.rows) == [40, 45]


def test_undated_source_warns(project):
    root = project("corroborated_and_single.yaml", more_sources=True)
    assert ("undated-source", "facts/sources.yaml", 15, "wire") in diagnostics(root)


def test_undated_source_acknowledged(project):
    root = project("corroborated_and_single.yaml", more_sources=True)
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text().replace("derived_from: gazette", "derived_from: gazette\n    acknowledge: {undated-source: \"the wire dates nothing it sends\"}"))
    assert "undated-source" not in {code for code, *_ in diagnostics(root)}


JUDGMENT_CASES = [
    ("judgment_without_facts.yaml", ("judgment-unsupported", "facts/judgments.yaml", 1, "gut-feeling")),
    ("judgment_unknown_fact.yaml", ("unknown-fact", "facts/judgments.yaml", 4, "study-likely")),
    ("judgment_single_source.yaml", ("single-source-judgment", "facts/judgments.yaml", 4, "five-years")),
    ("judgment_bad_confidence.yaml", ("invalid-value", "facts/judgments.yaml", 3, "study-likely")),
]


@pytest.mark.parametrize(("case", "expected"), JUDGMENT_CASES, ids=[c for c, _ in JUDGMENT_CASES])
def test_judgment_diagnostic(project, case, expected):
    found = diagnostics(project("corroborated_and_single.yaml", more_sources=True, judgments=case))
    assert [d for d in found if d[0] != "undated-source"] == [expected]


def test_unknown_fact_message_suggests_the_near_id(project):
    _, problems = check(project("corroborated_and_single.yaml", more_sources=True, judgments="judgment_unknown_fact.yaml"))
    (problem,) = [p for p in problems if p.code == "unknown-fact"]
    assert problem.message == "judgment rests on unknown fact 'study-corroborted'; did you mean 'study-corroborated'?"


def test_single_source_judgment_acknowledged(project):
    root = project("corroborated_and_single.yaml", more_sources=True, judgments="judgment_single_source_acknowledged.yaml")
    assert "single-source-judgment" not in {code for code, *_ in diagnostics(root)}


DISAGREEMENT_CASES = [
    ("one_sided.yaml", ("disagreement-one-sided", "facts/disagreements.yaml", 3, "demand-share")),
    ("misquoted_position.yaml", ("quote-not-found", "facts/disagreements.yaml", 11, "demand-share")),
]


@pytest.mark.parametrize(("case", "expected"), DISAGREEMENT_CASES, ids=[c for c, _ in DISAGREEMENT_CASES])
def test_disagreement_diagnostic(project, case, expected):
    found = diagnostics(project("corroborated_and_single.yaml", more_sources=True, disagreements=case))
    assert [d for d in found if d[0] != "undated-source"] == [expected]


def test_strict_turns_warnings_into_errors(project, capsys):
    root = project("corroborated_and_single.yaml", more_sources=True)
    assert main(["check", "--project", str(root)]) == 0
    assert main(["check", "--project", str(root), "--strict"]) == 1
    assert "facts/sources.yaml:15:5: error[undated-source] wire:" in capsys.readouterr().err
    assert main(["build", "--project", str(root), "--strict"]) == 1
    assert not (root / "output" / "brief.md").exists()


def test_judgments_open_the_brief_and_disagreements_have_a_section(project):
    from citebrief.build import build

    root = project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True,
                   judgments="judgment_single_source.yaml", disagreements="demand_share.yaml")
    build(root)
    markdown = (root / "output" / "brief.md").read_text()
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings.index("## Key judgments") < headings.index("## Evidence annex")
    assert re.search(r"^- \*\*Low confidence\.\*\* A refinery within five years is plausible\.\[\^\d+\] \*Rests on", markdown, re.M)
    # A resolved disagreement that changes no conclusion is told in the annex, in one line of a list.
    assert headings.index("## Other differences between sources") > headings.index("## Evidence annex")
    assert re.search(r"^Settled as slips in one source:\n\n- \S", markdown, re.M)
    html = (root / "output" / "brief.html").read_text()
    assert '<section id="part-key-judgments" class="key-judgments front">' in html
    assert "<strong>Low confidence.</strong>" in html


def test_evidence_gaps_list_single_source_claims_behind_judgments_and_open_disagreements(project):
    brief = _brief(project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True,
                           judgments="judgment_single_source_acknowledged.yaml", disagreements="demand_share.yaml"))
    kinds = [(gap.kind, gap.statement) for gap in brief.gaps]
    assert ("A key judgment rests on a single-source claim", "Officials said the refinery could be built within five years.") in kinds
    assert ("Only undated or derivative sources support", "A wire rewrite puts output at 45% of national demand by 2030.") in kinds
    assert all(kind != "Unresolved disagreement" for kind, _ in kinds)  # the recorded one is resolved


def test_disagreement_about_an_unknown_figure_key(project):
    root = project("corroborated_and_single.yaml", "figure_conflicts.yaml", more_sources=True,
                   disagreements="demand_share.yaml")
    path = root / "facts" / "disagreements.yaml"
    path.write_text(path.read_text().replace("figure_key: demand-share", "figure_key: demand-shares"))
    found = [d for d in diagnostics(root) if d[0] != "undated-source"]
    assert ("unknown-figure-key", "facts/disagreements.yaml", 3, "demand-share") in found


def test_judgment_text_may_use_inline_markdown_only(project):
    root = project("corroborated_and_single.yaml", more_sources=True, judgments="judgment_well_supported.yaml")
    path = root / "facts" / "judgments.yaml"
    path.write_text(path.read_text().replace("judgment: A joint", "judgment: \"> A joint").replace("go ahead.", "go ahead.\""))
    found = [d for d in diagnostics(root) if d[0] != "undated-source"]
    assert found == [("statement-markup", "facts/judgments.yaml", 2, "study-likely")]


def test_judgment_support_is_its_weakest_fact(project):
    # Pooled, the two facts have two independent sources; the second alone has one (the wire retells the
    # gazette), so the judgment's label is that fact's, as the evidence section prints it.
    brief = _brief(project("corroborated_and_single.yaml", more_sources=True,
                           judgments="judgment_on_strong_and_weak_facts.yaml"))
    (entry,) = brief.judgments
    assert entry.support.label == "single source, 2 reports"
    assert entry.support == brief.entries["study-with-rewrite"].support


def test_high_confidence_needs_every_fact_corroborated(project):
    root = project("corroborated_and_single.yaml", more_sources=True,
                   judgments="judgment_high_confidence_single_source.yaml")
    assert ("confidence-unsupported", "facts/judgments.yaml", 3, "output-plausible") in diagnostics(root)


def test_high_confidence_acknowledged_with_a_reason(project):
    root = project("corroborated_and_single.yaml", more_sources=True,
                   judgments="judgment_high_confidence_acknowledged.yaml")
    acknowledged = []
    _, problems = check(root, acknowledged=acknowledged)
    assert "confidence-unsupported" not in {p.code for p in problems}
    assert [(p.code, p.line) for p in acknowledged] == [("single-source-judgment", 4), ("confidence-unsupported", 3)]
    assert acknowledged[1].message.endswith("— acknowledged: the ministry publishes the plan it estimates; "
                                            "its own figure is authoritative")
