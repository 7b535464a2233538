"""Each diagnostic of the verify stage, asserted with its code, file, line and fact."""

import pytest

from conftest import diagnostics

CLEAN = ["quote_verbatim.yaml", "quote_with_curly_apostrophe.yaml", "quote_with_ellipsis.yaml", "quote_across_line_break.yaml"]


@pytest.mark.parametrize("case", CLEAN)
def test_clean_case(project, case):
    assert diagnostics(project(case)) == []


CASES = [
    ("quote_misquoted_figure.yaml", ("quote-not-found", "facts/quote_misquoted_figure.yaml", 6, "output-share")),
    ("quote_outside_body.yaml", ("quote-outside-body", "facts/quote_outside_body.yaml", 6, "port-fire")),
    ("quote_ellipsis_across_paragraphs.yaml", ("quote-not-found", "facts/quote_ellipsis_across_paragraphs.yaml", 6, "refinery-output")),
    ("quote_cut_mid_word.yaml", ("quote-not-found", "facts/quote_cut_mid_word.yaml", 6, "refinery-study")),
    ("quote_wrong_case.yaml", ("quote-not-found", "facts/quote_wrong_case.yaml", 6, "refinery-study")),
    ("fact_unknown_source.yaml", ("unknown-source", "facts/fact_unknown_source.yaml", 5, "refinery-study")),
    ("fact_without_citation.yaml", ("no-citation", "facts/fact_without_citation.yaml", 1, "refinery-study")),
    ("expert_view_without_speaker.yaml", ("missing-speaker", "facts/expert_view_without_speaker.yaml", 2, "officials-view")),
    ("statement_with_block_markup.yaml", ("statement-markup", "facts/statement_with_block_markup.yaml", 3, "refinery-study")),
    ("statement_linking_a_local_file.yaml", ("statement-markup", "facts/statement_linking_a_local_file.yaml", 3, "refinery-study")),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c for c, _ in CASES])
def test_verify_diagnostic(project, case, expected):
    assert diagnostics(project(case)) == [expected]


def test_near_miss_message_shows_the_closest_passage(project):
    from citebrief.build import check

    _, problems = check(project("quote_misquoted_figure.yaml"))
    assert problems[0].message == (
        'quote not found in the article body of gazette; closest (line 5): '
        '"Output would rise to 40% of national demand by 2030"'
    )


def test_unknown_source_suggests_the_near_id(project):
    from citebrief.build import check

    _, problems = check(project("fact_unknown_source.yaml"))
    assert problems[0].message == "unknown source 'gazete'; did you mean 'gazette'?"


def test_duplicate_ids_across_files(project):
    root = project("quote_verbatim.yaml", "quote_cut_mid_word.yaml")
    (root / "facts" / "quote_cut_mid_word.yaml").write_text(
        (root / "facts" / "quote_verbatim.yaml").read_text()
    )
    assert diagnostics(root) == [("duplicate-id", "facts/quote_verbatim.yaml", 1, "refinery-study")]


def test_verify_locates_every_quote_once(project):
    from citebrief.build import check

    checked, problems = check(project("quote_verbatim.yaml", "quote_with_ellipsis.yaml", "quote_across_line_break.yaml"))
    assert problems == []
    cited = [c for fact in checked.project.facts for c in fact.citations]
    assert len(checked.evidence) == len(cited)
    located = {c.quote: checked.evidence.of(c) for c in cited}
    across = located["the ministry's estimate. The plan's critics"]
    assert (across.file, across.line, across.last_line) == ("seeds/gazette.txt", 5, 6)
    assert across.text == "the ministry’s estimate.\nThe plan’s critics"  # the source's own characters
    assert (across.pieces[0].column, across.pieces[0].end_column) == (54, 18)
    elided = located["Output would rise … by 2030"]
    assert [p.text for p in elided.pieces] == ["Output would rise", "by 2030"]
    assert elided.sentence.text == "Output would rise to 40% of national demand by 2030 — the ministry’s estimate."


def test_quotes_that_fail_are_not_located(project):
    from citebrief.load import load_project
    from citebrief.seeds import read_seeds
    from citebrief.verify import verify_quotes

    root = project("quote_misquoted_figure.yaml")
    loaded, _ = load_project(root)
    texts, _ = read_seeds(root, loaded.sources)
    problems, evidence = verify_quotes([(f.id, f.citations) for f in loaded.facts], texts)
    assert [p.code for p in problems] == ["quote-not-found"] and len(evidence) == 0
