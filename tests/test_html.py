"""The HTML page: the brief's Markdown rendered into the page template, standalone, settings escaped."""

import re
from pathlib import Path

from citebrief import __version__
from citebrief.analyse import analyse
from citebrief.build import check
from citebrief.html import render_html
from citebrief.render import render_markdown
from citebrief.templates import Templates


def _page(root: Path) -> tuple[str, str, Templates]:
    """Check a project and render its page; return the Markdown, the page and the templates used."""
    checked, problems = check(root)
    assert checked is not None, problems
    brief = analyse(checked.project, checked.texts, checked.evidence)
    templates = Templates(root)
    text = render_markdown(brief, templates)
    return text, render_html(text, brief, templates), templates


def test_the_body_is_the_markdown_rendered_inside_main(project):
    text, page, _ = _page(project("quote_verbatim.yaml"))
    main = re.search(r'<main class="brief">\n(.*)\n</main>', page, re.S)
    assert main, page
    # Each part of the brief is a section with its class, made by the renderer, not by Markdown syntax.
    assert re.search(r'<section id="part-[a-z-]+" class="[a-z-]+ (front|annex)">', main[1])
    assert "Ministers agreed to study a joint refinery." in main[1] and "{." not in text


def test_the_page_is_standalone_with_its_stylesheet_inlined(project):
    _, page, templates = _page(project("quote_verbatim.yaml"))
    assert page.startswith("<!DOCTYPE html>\n")
    assert templates.read("brief.css") in page
    assert "<link" not in page and "<script" not in page
    assert not re.search(r"""(src|href)=["'](?!#|https?:|mailto:)""", page)


def test_the_head_names_the_brief_from_its_settings(project):
    _, page, _ = _page(project("quote_verbatim.yaml"))
    assert '<html lang="en">' in page
    assert "<title>Refinery Brief</title>" in page
    assert '<meta name="author" content="Test Desk">' in page
    assert '<meta name="description" content="A test project">' in page
    assert f'<meta name="generator" content="citebrief {__version__}">' in page
    assert '<meta name="dcterms.created" content="2025-03-05">' in page


def test_settings_are_escaped_as_text(project):
    root = project("quote_verbatim.yaml", name="hostile_settings")
    settings = root / "citebrief.toml"
    settings.write_text(settings.read_text().replace(
        'title = "Refinery Brief"', 'title = "Refinery </title><script>alert(1)</script> & Co"').replace(
        'author = "Test Desk"', 'author = "Desk\\" onload=\\"alert(1)"'))
    _, page, _ = _page(root)
    assert "<title>Refinery &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>" in page
    assert '<meta name="author" content="Desk&#34; onload=&#34;alert(1)">' in page
    assert "<script" not in page


def test_a_project_page_template_replaces_the_shipped_one(project):
    root = project("quote_verbatim.yaml", name="own_page")
    (root / "templates").mkdir()
    (root / "templates" / "page.html.j2").write_text(
        "<article lang={{ settings.language }}>{{ body }}</article>\n")
    text, page, _ = _page(root)
    assert page.startswith("<article lang=en>") and page.endswith("</article>\n")
    assert "<!DOCTYPE" not in page and "Ministers agreed to study a joint refinery." in page
