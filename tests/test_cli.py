"""The command line: exit statuses, diagnostics formats, and outputs left alone on failure."""

import json
import subprocess
import sys

from citebrief.cli import main


def test_check_clean_project_exits_0(project, capsys):
    assert main(["check", "--project", str(project("quote_verbatim.yaml"))]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_check_json_reports_misquoted_figure_and_exits_1(project, capsys):
    root = project("quote_misquoted_figure.yaml")
    status = main(["check", "--project", str(root), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [set(item) for item in report] == [{"file", "line", "column", "fact", "code", "severity", "message"}]
    assert report[0]["file"] == "facts/quote_misquoted_figure.yaml"
    assert (report[0]["line"], report[0]["fact"], report[0]["code"]) == (6, "output-share", "quote-not-found")
    assert report[0]["severity"] == "error"


def test_check_text_format_is_file_line_col_code_fact_message(project, capsys):
    main(["check", "--project", str(project("fact_unknown_source.yaml"))])
    first = capsys.readouterr().err.splitlines()[0]
    assert first == (
        "facts/fact_unknown_source.yaml:5:7: error[unknown-source] refinery-study: "
        "unknown source 'gazete'; did you mean 'gazette'?"
    )


def test_failed_build_leaves_previous_outputs_untouched(project, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["build", "--project", str(root)]) == 0
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "output").iterdir() if p.is_file()}
    (root / "facts" / "quote_verbatim.yaml").write_text(
        (root / "facts" / "quote_verbatim.yaml").read_text().replace("on Tuesday", "on Monday")
    )
    assert main(["build", "--project", str(root)]) == 1
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / "output").iterdir() if p.is_file()}
    assert after == before
    assert {"brief.md", "brief.html", "brief.pdf"} <= set(before)


def test_failed_check_writes_no_output(project):
    root = project("quote_misquoted_figure.yaml")
    assert main(["build", "--project", str(root)]) == 1
    assert not (root / "output").exists()  # not even the lock is left behind


def test_usage_error_exits_2(capsys):
    assert subprocess.run([sys.executable, "-m", "citebrief", "frobnicate"], capture_output=True).returncode == 2
    assert subprocess.run([sys.executable, "-m", "citebrief", "check", "--project", "/no/such/dir"],
                          capture_output=True).returncode == 2


def test_bad_input_never_shows_a_traceback(project):
    root = project("yaml_alias_bomb.yaml", "yaml_malformed.yaml", "fact_wrong_type.yaml")
    (root / "facts" / "latin1.yaml").write_bytes(b"- id: caf\xe9\n")
    run = subprocess.run([sys.executable, "-m", "citebrief", "build", "--project", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert "error[not-utf8]" in run.stderr


def test_out_option_chooses_where_outputs_go(project, tmp_path):
    root = project("quote_verbatim.yaml")
    out = tmp_path / "elsewhere"
    assert main(["build", "--project", str(root), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "brief.html", "brief.md", "brief.pdf"]
    assert not (root / "output").exists()


def test_watch_takes_only_the_options_it_honours(capsys):
    import pytest

    for ignored in (["--format", "json"], ["--quiet"], ["--force"]):
        with pytest.raises(SystemExit) as exit:
            main(["watch", *ignored])
        assert exit.value.code == 2
        assert "unrecognized arguments" in capsys.readouterr().err


def test_command_line_choices_are_the_models():
    from typing import get_args

    from citebrief.cli import _parser
    from citebrief.models import Settings, SourceKind
    from citebrief.schema import KINDS

    commands = _parser()._subparsers._group_actions[0].choices
    assert tuple(commands["add-source"]._option_string_actions["--kind"].choices) == get_args(SourceKind)
    assert tuple(commands["schema"]._positionals._group_actions[-1].choices) == tuple(KINDS)
    variants = commands["build"]._option_string_actions["--pdf-variant"].choices
    assert [v if v != "none" else "" for v in variants] == list(get_args(Settings.model_fields["pdf_variant"].annotation))


def _citebrief(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "citebrief", *args], capture_output=True, text=True)


def test_check_strict_makes_a_support_finding_an_error(project):
    root = project("statement_drops_hedge.yaml")
    plain = _citebrief("check", "--project", str(root))
    strict = _citebrief("check", "--project", str(root), "--strict")
    assert plain.returncode == 0 and "warning[certainty-raised] refinery-timing" in plain.stdout
    assert strict.returncode == 1
    assert strict.stderr.startswith("facts/statement_drops_hedge.yaml:3:3: error[certainty-raised] refinery-timing:")


def test_check_verbose_lists_acknowledged_findings_with_reasons(project):
    root = project("statement_drops_hedge_acknowledged.yaml")
    quiet = _citebrief("check", "--project", str(root))
    verbose = _citebrief("check", "--project", str(root), "--verbose")
    assert quiet.returncode == verbose.returncode == 0
    assert "acknowledged" not in quiet.stdout
    lines = verbose.stdout.splitlines()
    assert lines[:2] == ["no problems found", "acknowledged (1):"]
    assert lines[2].startswith("facts/statement_drops_hedge_acknowledged.yaml:3:3: acknowledged[certainty-raised] "
                               "refinery-timing:")
    assert lines[2].endswith("— acknowledged: the ministry's later order confirms the date; see the note in sources.yaml")


def test_check_explain_shows_the_statement_beside_its_quote(project):
    result = _citebrief("check", "--project", str(project("statement_drops_hedge.yaml")), "--explain", "refinery-timing")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("facts/statement_drops_hedge.yaml:3:3: refinery-timing\nstatement: The ministers said on Tuesday")
    assert 'quote 1 (gazette, original, Masthead Daily): "a joint refinery "could be built within five years,""' in out
    assert "[hedge could; attribution said, said] matches" in out
    assert "certainty-raised:" in out.split("findings:")[1]


def test_check_explain_unknown_id_suggests_the_near_one(project):
    result = _citebrief("check", "--project", str(project("statement_drops_hedge.yaml")), "--explain", "refinery-timin")
    assert result.returncode == 2
    assert result.stderr == ("citebrief check: error: no fact, judgment or disagreement 'refinery-timin'; "
                             "did you mean 'refinery-timing'?\n")


def test_shipped_project_is_clean_under_strict():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    result = _citebrief("check", "--project", str(repo), "--strict")
    assert (result.returncode, result.stdout, result.stderr) == (0, "no problems found\n", "")
