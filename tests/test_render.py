"""Rendering: golden Markdown and HTML for a small project, and record text kept as data.

Regenerate the golden files after an intended change with:
    CITEBRIEF_REGENERATE=1 pytest tests/test_render.py
"""

import os
from pathlib import Path

import pytest

from citebrief.analyse import analyse
from citebrief.build import check
from citebrief.html import render_html
from citebrief.render import render_markdown
from citebrief.templates import Templates

GOLDEN = Path(__file__).parent / "golden"


def _render(root: Path) -> tuple[str, str]:
    checked, problems = check(root)
    assert checked is not None, problems
    brief = analyse(checked.project, checked.texts, checked.evidence)
    templates = Templates(root)
    markdown = render_markdown(brief, templates)
    return markdown, render_html(markdown, brief, templates)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(project, fmt):
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml", "quote_with_curly_apostrophe.yaml",
                   "quote_across_line_break.yaml")
    markdown, html = _render(root)
    # The page's body, not its head: the stylesheet has no golden file of its own.
    actual = markdown if fmt == "md" else html.split('<main class="brief">', 1)[1].split("</main>", 1)[0]
    golden = GOLDEN / f"small.{fmt}"
    if os.environ.get("CITEBRIEF_REGENERATE"):
        golden.write_text(actual)
    assert actual == golden.read_text()


def test_statement_is_data_not_template_nor_html(project):
    markdown, html = _render(project("statement_with_template_syntax.yaml"))
    assert "{{ 7 * 7 }}" in html and "49" not in html
    assert "{% raw %}" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>joint</em>" in html


def test_plain_text_values_are_escaped(project):
    root = project("quote_verbatim.yaml")
    (root / "citebrief.toml").write_text('title = "# *Brief* <b>x</b> [^1] {#id onclick=x}"\n')
    markdown, html = _render(root)
    assert "<title># *Brief* &lt;b&gt;x&lt;/b&gt; [^1] {#id onclick=x}</title>" in html
    assert "<h1># *Brief* &lt;b&gt;x&lt;/b&gt; [^1] {#id onclick=x}</h1>" in html
    assert "onclick=" not in html.replace("{#id onclick=x}", "")


def test_project_template_overrides_the_shipped_one_file_by_file(project):
    root = project("quote_verbatim.yaml")
    (root / "templates").mkdir()
    (root / "templates" / "brief.css").write_text("body { color: rebeccapurple; }\n")
    markdown, html = _render(root)
    assert "rebeccapurple" in html
    assert "## Proposals" in markdown  # brief.md.j2 still the shipped one


def test_template_outside_the_project_is_not_loaded(project, tmp_path):
    root = project("quote_verbatim.yaml")
    (root / "templates").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    (root / "templates" / "brief.md.j2").write_text("{% include '../../secret.txt' %}\n")
    from citebrief.build import build
    from citebrief.errors import ProjectError

    with pytest.raises(ProjectError) as failure:
        build(root)
    assert failure.value.problems[0].code == "template-error"
    assert not (root / "output").exists()
