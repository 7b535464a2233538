"""The HTML page: the brief's Markdown rendered into the page template, standalone, settings escaped."""

import base64
import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

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


def _embedded_fonts(page: str) -> list[tuple[str, str, TTFont]]:
    """Read back each @font-face the page carries: family, weight and style, and the font itself."""
    found = []
    for family, data, weight, style in re.findall(
        r'@font-face \{ font-family: "([^"]+)"; src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\) format\("woff"\); '
        r"font-weight: (\d+); font-style: (\w+);", page):
        found.append((family, f"{weight} {style}", TTFont(io.BytesIO(base64.b64decode(data)))))
    return found


def test_fonts_are_embedded_cut_down_to_the_characters_the_page_shows(project):
    root = project("quote_verbatim.yaml")
    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("Ministers agreed to study", "Ministers in Łódź agreed to study"))
    _, page, templates = _page(root)
    fonts = _embedded_fonts(page)
    assert [(family, style) for family, style, _ in fonts] == [
        ("Charis SIL", "400 normal"), ("Charis SIL", "400 italic"), ("Charis SIL", "700 normal"),
        ("Charis SIL", "700 italic"), ("Inter", "400 normal"), ("Inter", "600 normal"), ("Inter", "700 normal")]
    shipped = {font: TTFont(templates.find(name)) for font, name in
               (("Charis SIL 400 normal", "fonts/CharisSIL-Regular.ttf"), ("Inter 400 normal", "fonts/Inter-Regular.otf"))}
    for family, style, font in fonts:
        mapped = set(map(chr, font.getBestCmap()))
        assert {"Ł", "ó", "ź", "“", "—"} <= mapped  # the statement's letters and the templates' typography
        assert "Ж" not in mapped and len(mapped) < 200  # nothing the page does not show
        assert "GSUB" in font and "GPOS" in font  # ligatures and kerning kept
        original = shipped.get(f"{family} {style}")
        if original is not None:
            # The licence travels with the font, and the stamp is the font's own, not the time of the build.
            assert font["name"].getDebugName(13) == original["name"].getDebugName(13)
            assert font["head"].modified == original["head"].modified

