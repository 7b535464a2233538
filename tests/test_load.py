"""Each diagnostic of the load stage, asserted with its code, file, line and fact."""

import pytest

from conftest import diagnostics

CASES = [
    ("fact_unknown_field.yaml", ("unknown-field", "facts/fact_unknown_field.yaml", 3, "refinery-study")),
    ("fact_unknown_section.yaml", ("unknown-section", "facts/fact_unknown_section.yaml", 2, "refinery-study")),
    ("fact_wrong_type.yaml", ("invalid-value", "facts/fact_wrong_type.yaml", 4, "refinery-study")),
    ("fact_missing_statement.yaml", ("missing-field", "facts/fact_missing_statement.yaml", 1, "refinery-study")),
    ("yaml_malformed.yaml", ("yaml-syntax", "facts/yaml_malformed.yaml", 3, None)),
    ("yaml_tab_indentation.yaml", ("yaml-tab", "facts/yaml_tab_indentation.yaml", 3, None)),
    ("yaml_duplicate_key.yaml", ("yaml-duplicate-key", "facts/yaml_duplicate_key.yaml", 4, None)),
    ("yaml_alias_bomb.yaml", ("yaml-alias", "facts/yaml_alias_bomb.yaml", 4, None)),
    ("empty_file.yaml", ("empty-file", "facts/empty_file.yaml", 1, None)),
    ("not_a_list.yaml", ("invalid-structure", "facts/not_a_list.yaml", 1, None)),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c for c, _ in CASES])
def test_load_diagnostic(project, case, expected):
    assert expected in diagnostics(project(case))


def test_unknown_field_suggests_the_near_spelling(project):
    from citebrief.build import check

    _, problems = check(project("fact_unknown_field.yaml"))
    assert problems[0].message == "unknown field 'statment'; did you mean 'statement'?"


def test_alias_bomb_is_refused_without_expanding(project):
    codes = {code for code, *_ in diagnostics(project("yaml_alias_bomb.yaml"))}
    assert codes == {"yaml-alias"}


def test_file_not_utf8(project):
    root = project()
    (root / "facts" / "latin1.yaml").write_bytes("- id: caf\xe9\n".encode("latin-1"))
    assert ("not-utf8", "facts/latin1.yaml", 1, None) in diagnostics(root)


def test_file_too_large_is_refused_before_parsing(project):
    root = project()
    (root / "facts" / "huge.yaml").write_bytes(b"#" * (5 * 1024 * 1024))
    assert ("file-too-large", "facts/huge.yaml", 1, None) in diagnostics(root)


def test_every_problem_in_every_file_in_one_run(project):
    found = {(code, file) for code, file, *_ in diagnostics(project("fact_unknown_field.yaml", "yaml_malformed.yaml", "fact_unknown_source.yaml"))}
    assert {
        ("unknown-field", "facts/fact_unknown_field.yaml"),
        ("yaml-syntax", "facts/yaml_malformed.yaml"),
        ("unknown-source", "facts/fact_unknown_source.yaml"),
    } <= found


def test_settings_syntax_error(project):
    root = project("quote_verbatim.yaml")
    (root / "citebrief.toml").write_text('title = "Brief\n')
    assert diagnostics(root)[0][:3] == ("toml-syntax", "citebrief.toml", 1)


def test_settings_unknown_key(project):
    root = project("quote_verbatim.yaml")
    (root / "citebrief.toml").write_text('titel = "Brief"\n')
    assert diagnostics(root) == [("unknown-field", "citebrief.toml", 1, None)]


def test_sources_file_missing(project):
    root = project("quote_verbatim.yaml")
    (root / "facts" / "sources.yaml").unlink()
    assert ("file-missing", "facts/sources.yaml", 1, None) in diagnostics(root)


def test_an_unclosed_quote_is_reported_at_the_line_that_opened_it_and_nothing_else_follows(project):
    # YAML reads the unclosed quote on to the next quote mark, six lines on, and only fails there.
    from citebrief.build import check

    root = project("yaml_unclosed_quote_closed_lines_later.yaml",
                   judgments="judgment_on_facts_of_an_unreadable_file.yaml")
    _, problems = check(root)
    assert [str(p) for p in problems if p.severity == "error"] == [
        "facts/yaml_unclosed_quote_closed_lines_later.yaml:6:14: error[yaml-syntax] a quoted value starts here "
        "and is not closed on its line; YAML read on to the next quote mark and then failed at line 12",
        # not written in the broken file either: still unknown
        "facts/judgments.yaml:4:53: error[unknown-fact] study-likely: judgment rests on unknown fact 'refinery-typo'",
    ]
    assert [str(p) for p in problems if p.severity == "note"] == [
        "facts/judgments.yaml:4:3: note[references-skipped] 2 reference(s) to facts in "
        "facts/yaml_unclosed_quote_closed_lines_later.yaml not checked: that file could not be read",
    ]
