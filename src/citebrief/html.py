"""Turn the brief's Markdown into a standalone HTML page: sections with classes, a table of contents, fonts inlined."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from . import __version__
from .analyse import Brief
from .compose import ANNEX_ANCHOR
from .markup import markdown
from .models import slug
from .templates import Templates

TEMPLATE = "page.html.j2"
STYLESHEET = "brief.css"
# The shipped fonts the page embeds, as the PDF uses them: family, file, weight, style.
FONTS = (
    ("Charis SIL", "fonts/CharisSIL-Regular.ttf", 400, "normal"),
    ("Charis SIL", "fonts/CharisSIL-Italic.ttf", 400, "italic"),
    ("Charis SIL", "fonts/CharisSIL-Bold.ttf", 700, "normal"),
    ("Charis SIL", "fonts/CharisSIL-BoldItalic.ttf", 700, "italic"),
    ("Inter", "fonts/Inter-Regular.otf", 400, "normal"),
    ("Inter", "fonts/Inter-SemiBold.otf", 600, "normal"),
    ("Inter", "fonts/Inter-Bold.otf", 700, "normal"),
)


@dataclass(frozen=True)
class Heading:
    """A `##` section of the brief, for the table of contents."""

    ident: str
    title: str
    annex: bool


def render_html(text: str, brief: Brief, templates: Templates) -> str:
    """Render Markdown to HTML and place it in the page template with the stylesheet and fonts inlined."""
    parser = _sectioned()
    env_data: dict = {}
    tokens = parser.parse(text, env_data)
    body = parser.renderer.render(tokens, parser.options, env_data)
    headings = [Heading(t.attrGet("id"), t.meta["title"], t.meta["annex"]) for t in tokens if t.type == "section_open"]
    env = templates.environment(autoescape=True)
    page = env.get_template(TEMPLATE)
    return page.render(
        brief=brief,
        settings=brief.settings,
        masthead=Markup(body[: max(body.find("<section"), 0)]),
        body=Markup(body[max(body.find("<section"), 0):]),
        contents=headings,
        stylesheet=Markup(font_faces(templates, _characters(text)) + templates.read(STYLESHEET)),
        generator=f"citebrief {__version__}",
    )


@lru_cache(maxsize=1)
def _sectioned() -> MarkdownIt:
    """Make the page's parser: the brief's, plus a core rule that wraps each `##` section in a <section>."""
    parser = markdown()
    parser.core.ruler.push("sections", _wrap_sections)
    parser.add_render_rule("section_open", _open_section)
    parser.add_render_rule("section_close", lambda self, tokens, idx, options, env: "</section>\n")
    return parser


def _wrap_sections(state) -> None:
    """Wrap each `##` heading and what follows it, up to the next `##` or the notes, in a section token."""
    result: list[Token] = []
    open_section = False
    annex = False
    tokens = state.tokens
    for i, token in enumerate(tokens):
        starts = token.type == "heading_open" and token.tag == "h2"
        if (starts or token.type == "footnote_block_open") and open_section:
            result.append(Token("section_close", "section", -1))
            open_section = False
        if starts:
            title = tokens[i + 1].content
            name = slug(title, fallback="section")
            annex = annex or name == ANNEX_ANCHOR
            section = Token("section_open", "section", 1)
            section.attrSet("id", "part-" + name)
            section.attrSet("class", name + (" annex" if annex else " front"))
            section.meta = {"title": title, "annex": annex}
            result.append(section)
            open_section = True
        result.append(token)
    if open_section:
        result.append(Token("section_close", "section", -1))
    state.tokens = result


def _open_section(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return f'<section id="{token.attrGet("id")}" class="{token.attrGet("class")}">\n'


def _characters(text: str) -> str:
    """Every character the page may show: the text itself, ASCII, and the typography the templates add."""
    return "".join(sorted(set(text) | set(map(chr, range(32, 127))) | set("–—‘’“”…·↩\u2060\ufe0e")))


def font_faces(templates: Templates, characters: str) -> str:
    """Make @font-face rules carrying the shipped fonts as data: URLs, cut down to the characters the page shows."""
    rules = []
    for family, name, weight, style in FONTS:
        path = templates.find(name)
        if path is None:
            continue
        data = _subset(path.read_bytes(), characters)
        url = "data:font/woff;base64," + base64.b64encode(data).decode()
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url({url}) format("woff"); '
            f"font-weight: {weight}; font-style: {style}; font-display: swap; }}\n"
        )
    return "".join(rules)


@lru_cache(maxsize=32)
def _subset(font: bytes, characters: str) -> bytes:
    """Keep only the glyphs a page needs, with every layout feature and name, as WOFF (HarfBuzz, then zlib)."""
    import uharfbuzz
    from fontTools.ttLib import TTFont

    wanted = uharfbuzz.SubsetInput()
    for character in characters:
        wanted.unicode_set.add(ord(character))
    wanted.sets(uharfbuzz.SubsetInputSets.NAME_ID).invert()  # keep the font's names and its licence notice
    wanted.sets(uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG).invert()  # kerning, ligatures, small caps
    wanted.flags = uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    subset = uharfbuzz.subset(uharfbuzz.Face(font), wanted)
    # WOFF rather than WOFF2: Brotli takes half a second a page and saves a sixth of the bytes.
    woff = TTFont(io.BytesIO(subset.blob.data), recalcTimestamp=False)
    woff.flavor = "woff"
    out = io.BytesIO()
    woff.save(out, reorderTables=False)
    return out.getvalue()
