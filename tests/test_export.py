"""citebrief export: sources as CSL-JSON and BibTeX for reference managers, verified records as JSON."""

import json

from citebrief.cli import main
from conftest import REPO


def _export(root, fmt: str, capsys, *options: str) -> str:
    capsys.readouterr()
    assert main(["export", "--format", fmt, "--project", str(root), *options]) == 0
    return capsys.readouterr().out


def test_csl_json_describes_every_source(project, capsys):
    items = json.loads(_export(project(more_sources=True), "csl-json", capsys))
    assert [item["id"] for item in items] == ["gazette", "wire", "herald"]
    assert items[0] == {
        "id": "gazette",
        "type": "article-newspaper",
        "title": "Ministers Agree to Study Joint Refinery",
        "container-title": "Masthead Daily",
        "publisher": "Masthead Daily",
        "issued": {"date-parts": [[2025, 3, 4]]},
    }
    assert items[1]["type"] == "article" and items[1]["genre"] == "rewrite" and "issued" not in items[1]


def test_csl_json_of_the_shipped_sources(capsys):
    items = json.loads(_export(REPO, "csl-json", capsys))
    assert len(items) == 5 and all(item["type"] in ("article-newspaper", "article") for item in items)


def test_bibtex_entries_are_keyed_by_source_id_and_escaped(project, capsys):
    root = project()
    sources = root / "facts" / "sources.yaml"
    sources.write_text(sources.read_text().replace("title: Ministers Agree to Study Joint Refinery",
                                                   'title: "Ministers & Co. Agree: 50% {Refinery} #1_a"'))
    assert _export(root, "bibtex", capsys) == (
        "@article{gazette,\n"
        "  title = {Ministers \\& Co. Agree: 50\\% \\{Refinery\\} \\#1\\_a},\n"
        "  journal = {Masthead Daily},\n"
        "  date = {2025-03-04},\n"
        "  year = {2025},\n"
        "}\n"
    )


def test_json_carries_the_checked_facts_with_the_lines_of_their_quotes(project, capsys):
    root = project("quote_verbatim.yaml", "quote_across_line_break.yaml")
    data = json.loads(_export(root, "json", capsys))
    assert set(data) == {"citebrief", "settings", "sources", "facts", "judgments", "disagreements"}
    assert data["sources"][0]["file"] == "seeds/gazette.txt" and len(data["sources"][0]["sha256"]) == 64
    across = next(f for f in data["facts"] if f["id"] == "estimate-and-critics")["citations"][0]
    assert (across["line"], across["last_line"]) == (5, 6)
    verbatim = next(f for f in data["facts"] if f["id"] == "refinery-study")
    assert verbatim["citations"] == [{"source": "gazette", "quote": "The ministers said on Tuesday that a joint refinery",
                                      "file": "seeds/gazette.txt", "line": 4, "last_line": 4, "page": None,
                                      "page_label": None}]


def test_json_export_refuses_a_project_with_errors(project, capsys):
    assert main(["export", "--format", "json", "--project", str(project("quote_misquoted_figure.yaml"))]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("facts/quote_misquoted_figure.yaml:6:7: error[quote-not-found] output-share:")


def test_export_writes_a_file_when_asked(project, tmp_path, capsys):
    out = tmp_path / "sources.bib"
    assert main(["export", "--format", "bibtex", "--project", str(project()), "-o", str(out)]) == 0
    assert out.read_text().startswith("@article{gazette,\n")
    assert capsys.readouterr().out == ""


def test_export_needs_a_known_format(capsys):
    import pytest

    with pytest.raises(SystemExit) as exit_:
        main(["export", "--format", "ris"])
    assert exit_.value.code == 2


def test_a_fetched_source_exports_its_url_and_when_it_was_accessed(project, capsys):
    root = project()
    path = root / "facts" / "sources.yaml"
    path.write_text(path.read_text().replace(
        "    published: 2025-03-04\n",
        "    published: 2025-03-04\n    url: https://daily.example/refinery\n    accessed: 2026-11-21T23:05:00Z\n"))
    item = json.loads(_export(root, "csl-json", capsys))[0]
    assert (item["URL"], item["accessed"]) == ("https://daily.example/refinery", {"date-parts": [[2026, 11, 21]]})
    entry = _export(root, "bibtex", capsys)
    assert "  url = {https://daily.example/refinery},\n  urldate = {2026-11-21},\n" in entry
