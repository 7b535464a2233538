"""The tutorial, run: new → build → add-source → suggest → accept a suggestion → build, ending in a PDF.

Each command is taken from docs/tutorial.md as written, so the tutorial cannot drift from what works.
"""

import re
import shlex
import shutil

import yaml
from pypdf import PdfReader

from citebrief.build import check
from citebrief.cli import main
from conftest import REPO
from test_extract_pdf import FRONT_MATTER, report_pdf

TUTORIAL = (REPO / "docs" / "tutorial.md").read_text(encoding="utf-8")
ARTICLE = REPO / "docs" / "tutorial-article.txt"
PAGE = REPO / "docs" / "tutorial-page.html"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", TUTORIAL, re.S)


def _commands() -> list[str]:
    """Every citebrief command of the tutorial's shell blocks, in order, comments dropped."""
    lines = [line.split("  #")[0].strip() for block in _blocks("sh") for line in block.splitlines()]
    return [line for line in lines if line]


def _run(command: str, capsys) -> str:
    """Run one tutorial command; return what it printed."""
    capsys.readouterr()
    words = shlex.split(command)
    assert words[0] == "citebrief", command
    assert main(words[1:]) == 0, (command, capsys.readouterr())
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_tutorial_from_an_empty_folder_to_a_pdf(tmp_path, monkeypatch, capsys):
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    shutil.copy(ARTICLE, downloads / "port-costs.txt")
    monkeypatch.setenv("HOME", str(tmp_path))
    commands = iter(_commands())
    monkeypatch.chdir(tmp_path)

    # 1. a new project that builds
    assert next(commands) == "citebrief new harbour-brief"
    _run("citebrief new harbour-brief", capsys)
    assert next(commands) == "cd harbour-brief"
    monkeypatch.chdir(tmp_path / "harbour-brief")
    root = tmp_path / "harbour-brief"
    assert "draft before the first edition" in _run(next(commands), capsys)
    assert (root / "output" / "brief.pdf").is_file()

    # 2. add the article, then fence its body as the tutorial shows
    add = next(commands)
    assert add.startswith("citebrief add-source ~/Downloads/port-costs.txt")
    output = _run(add.replace("~", str(tmp_path)), capsys)
    assert "added source 'example-herald-2025-04-09' (copied to seeds/port-costs.txt)" in output
    body = next(block for block in _blocks("yaml") if block.lstrip().startswith("body:"))
    with (root / "facts" / "sources.yaml").open("a") as sources:
        sources.write(body)
    checked, problems = check(root)
    assert checked is not None and problems == []
    assert checked.texts["example-herald-2025-04-09"].first == 2

    # 3. drafts on standard output, then into a new fact file
    printed = yaml.safe_load(_run(next(commands), capsys))
    assert [d["id"] for d in printed][:2] == ["national-government-offered-pay", "leave-harbour-authority-raise"]
    assert not any("Ferry" in d["citations"][0]["quote"] for d in printed)  # outside the body
    shown = next(block for block in _blocks("yaml") if "vik-cannot-approve-plan" in block)
    assert yaml.safe_load(shown)[0] in printed
    assert "wrote 7 suggestion(s)" in _run(next(commands), capsys)
    drafts_file = root / "facts" / "port-costs.yaml"
    assert drafts_file.read_text().startswith("# yaml-language-server: $schema=../schemas/facts.schema.json\n")

    # 4. accept Anna Vik's view as drafted, the government's offer as edited; delete the rest and the sample
    drafts = {d["id"]: d for d in yaml.safe_load(drafts_file.read_text())}
    edited = next(block for block in _blocks("yaml") if "government-offers-280-million" in block)
    drafts_file.write_text(yaml.safe_dump([drafts["vik-cannot-approve-plan"]], allow_unicode=True, sort_keys=False)
                           + edited)
    (root / "facts" / "sample.yaml").unlink()
    sources = (root / "facts" / "sources.yaml").read_text()
    sample = re.search(r"  - id: example-gazette-2025-04-02\n(?:    .*\n|      .*\n)*\n", sources)
    (root / "facts" / "sources.yaml").write_text(sources.replace(sample.group(0), ""))
    (root / "seeds" / "example-gazette-harbour.txt").unlink()
    assert "no problems found" in _run(next(commands), capsys)

    # 5. the PDF
    output = _run(next(commands), capsys)
    assert "wrote output/brief.pdf" in output and "\nedition 1\n" in output and "no warnings" in output
    markdown = (root / "output" / "brief.md").read_text()
    assert " · Edition 1, " in markdown and "## Changes since" not in markdown
    assert "Removed" not in markdown and "Marta Lind" not in markdown  # the sample facts were only in drafts
    text = " ".join(page.extract_text() for page in PdfReader(root / "output" / "brief.pdf").pages)
    text = " ".join(text.split())
    assert "Anna Vik" in text and "Deputy director of the City Planning Office" in text
    assert "the national government has offered 280 million euros" in text
    assert "Example Herald" in text and "Marta Lind" not in text

    # 6. exports
    for _ in range(3):
        _run(next(commands), capsys)
    assert (root / "sources.bib").read_text().startswith("@article{example-herald-2025-04-09,")

    # 7. a saved web page and a PDF report
    shutil.copy(PAGE, downloads / "barrier-vote.html")
    (downloads / "harbour-report.pdf").write_bytes(report_pdf(FRONT_MATTER, [(0, 1, "/r", 1), (2, 3, "/D", 1)]))
    shown = re.search(r"```\n(added source 'riverside-notes.*?)```", TUTORIAL, re.S).group(1)
    assert _run(next(commands).replace("~", str(tmp_path)), capsys) == shown
    assert "added source 'harbour-report'" in _run(next(commands).replace("~", str(tmp_path)), capsys)
    assert "=== page 3: 1 ===" in (root / "seeds" / "harbour-report.txt").read_text()
    (root / "facts" / "report.yaml").write_text(
        "- id: report-cost\n  section: dependencies\n  statement: The expansion will cost an estimated 1.2 billion euros.\n"
        "  citations:\n    - source: harbour-report\n      quote: \"will cost an estimated 1.2 billion euros\"\n")
    main(["build", "--quiet"])
    assert "p. 1: “will cost an estimated 1.2 billion euros”" in (root / "output" / "brief.md").read_text()
    assert list(commands) == []
