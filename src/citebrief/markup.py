"""What Markdown a brief may contain: escaping for plain text, and the inline subset allowed in statements."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .errors import clip

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Characters that could start Markdown syntax inside a line; CommonMark lets any be backslash-escaped.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!{}])")
# Characters that start a block (heading, quote, list, thematic break, table) at the start of a line.
_BLOCK_START = re.compile(r"^(\s*)(\d+(?=[.)])|)([#>+\-=]|(?<=\d)[.)])")
_SPACE = re.compile(r"\s+")
# What a statement may not open (a footnote reference, raw HTML or an autolink, a table cell, attributes),
# where the analyst has not escaped it already: after an even number of backslashes, each pair being one
# escaped backslash, so that "\\[^1]" cannot turn the escape added here into a citation.
_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)(\[\^|[<|{])")
# One line opening with a letter, of letters, digits, spaces and punctuation that no Markdown rule
# (inline or block) starts with; anything else is parsed in full.
_PLAIN = re.compile(r"[^\W\d_][\w .,;:!?'\"()%$/@+=\-\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*")  # with no "_"

ALLOWED_INLINE = {
    "text", "em_open", "em_close", "strong_open", "strong_close", "link_open", "link_close",
    "code_inline", "softbreak",
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _parser() -> MarkdownIt:
    """Make a parser with the brief's syntax: CommonMark, tables, footnotes, ids and classes, no raw HTML."""
    # Imported here: a check whose statements are all plain text never parses Markdown.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.use(footnote_plugin)
    # Ids and classes only, so that no attribute (style, on…) can come from a record.
    md.use(attrs_plugin, spans=True, allowed=("id", "class"))
    md.enable("table")
    md.use(attrs_block_plugin, allowed=("id", "class"))
    return md


def markdown() -> MarkdownIt:
    """Make a parser with the brief's syntax and rendering: CommonMark, tables, footnotes, no raw HTML, no images."""
    from mdit_py_plugins.anchors import anchors_plugin

    md = _parser()
    md.disable("image")
    md.use(anchors_plugin, min_level=2, max_level=3)
    # A citation shows its note's number alone; the stylesheet supplies the commas between several.
    md.add_render_rule("footnote_caption", lambda self, tokens, idx, options, env: str(tokens[idx].meta["id"] + 1))
    md.add_render_rule("footnote_anchor", _back_link)
    md.add_render_rule("footnote_ref", _citation)
    md.core.ruler.push("tight_items", _tight_items)
    return md


@lru_cache(maxsize=1)
def _checking_parser() -> MarkdownIt:
    """Make the parser statements are checked with: the brief's, but taking every link and image at its word.

    The brief's parser shows a link to file:, javascript: or data: (and any image) as its bare text; this one
    parses them, so that the check refuses them by name instead of letting brackets slip into the brief.
    """
    md = _parser()
    md.validateLink = lambda url: True
    return md


def _tight_items(state) -> None:
    """Write a note's text, and a list item's one paragraph, straight into its item: one box less to lay out."""
    tokens = state.tokens
    in_note = False
    for i, token in enumerate(tokens):
        if token.type in ("footnote_open", "footnote_close"):
            in_note = token.type == "footnote_open"
        elif in_note and token.type in ("paragraph_open", "paragraph_close"):
            token.hidden = True  # a note's paragraph also holds its back link, before paragraph_close
        elif token.type == "paragraph_open" and _sole_paragraph(tokens, i):
            token.hidden = tokens[i + 2].hidden = True  # paragraph_open, inline, paragraph_close


def _sole_paragraph(tokens: list, i: int) -> bool:
    """Whether the paragraph opening at i is the only block of its list item."""
    return (i > 0 and tokens[i - 1].type == "list_item_open"
            and i + 3 < len(tokens) and tokens[i + 3].type == "list_item_close")


def _citation(self, tokens, idx, options, env) -> str:
    """Render a citation; a run of three or more consecutive notes shows as a range, 4–9."""
    number = tokens[idx].meta["id"]
    sub = tokens[idx].meta.get("subId", 0)
    ident = f"{number + 1}" + (f":{sub}" if sub > 0 else "")

    def note_at(i: int) -> int | None:
        token = tokens[i] if 0 <= i < len(tokens) else None
        return token.meta["id"] if token is not None and token.type == "footnote_ref" else None

    after_one, before_one, before_two = note_at(idx + 1), note_at(idx - 1), note_at(idx - 2)
    follows = before_one == number - 1
    if follows and after_one == number + 1:
        # Inside a range: keep the anchor that the note's back-link lands on, show nothing.
        return f'<a class="footnote-skip" id="fnref{ident}"></a>'
    end_of_range = follows and before_two == number - 2
    cls = "footnote-ref range-end" if end_of_range else "footnote-ref"
    # A word joiner keeps the number on the line of the word it follows; the link is the superscript itself,
    # one box to lay out rather than a link inside a <sup>.
    return f'\u2060<a class="{cls}" href="#fn{number + 1}" id="fnref{ident}">{number + 1}</a>'


def _back_link(self, tokens, idx, options, env) -> str:
    """Link a note back to its citations: ↩ alone, or ↩ a, b, c when several statements cite it.

    No space stands before a link (the stylesheet spaces them): a space left before a link that print
    hides cost the PDF's layout a twentieth of its time on a long annex.
    """
    meta = tokens[idx].meta
    sub = meta["subId"]
    ident = str(meta["id"] + 1) + (f":{sub}" if sub > 0 else "")
    several = sub > 0 or (idx + 1 < len(tokens) and tokens[idx + 1].type == "footnote_anchor")
    label = (chr(ord("a") + sub) if sub < 26 else str(sub + 1)) if several else "\u21a9\ufe0e"
    if several and sub == 0:
        label = "\u21a9\ufe0e\u00a0" + label
    return f'<a href="#fnref{ident}" class="footnote-backref" aria-label="back to citation {ident}">{label}</a>'


def escape(text: object) -> str:
    """Turn plain text into Markdown that shows exactly that text, on one line."""
    flat = _SPACE.sub(" ", str(text)).strip()
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat)
    return _BLOCK_START.sub(_escape_block_start, flat)


def _escape_block_start(found: re.Match[str]) -> str:
    """Escape the mark that would open a block: a backslash escapes punctuation, so "1." becomes "1\\."."""
    indent, digits, mark = found.groups()
    return f"{indent}{digits}\\{mark}"


def statement(text: str) -> str:
    """Put a statement on one line, so its inline Markdown cannot open a block or a footnote."""
    flat = _SPACE.sub(" ", text).strip()
    flat = _UNESCAPED.sub(r"\1\\\2", flat)
    return _BLOCK_START.sub(_escape_block_start, flat)



# Joiners shape the letters on each side (Persian, Indic scripts, emoji sequences) and cannot reorder or
# hide text, so they are allowed between two letters, marks or symbols; every other format control is refused.
_JOINERS = {"\u200c", "\u200d"}
_JOINED = ("L", "M", "So", "Sk")
# Whitespace a text may hold (YAML folds it; statements are put on one line before printing).
_WHITESPACE = {"\t", "\n", "\r"}


def hidden_characters(text: str) -> list[str]:
    """Say which control and format characters (bidi overrides, zero-width marks, …) a text holds.

    Those written as HTML entities (&#x202e;, &rlm;) count too: Markdown decodes them.
    """
    problems = [_hidden_message(char, "") for char in _hidden(text)]
    if "&" in text:
        written = set(_hidden(text))
        problems += [_hidden_message(char, " written as an HTML entity")
                     for char in _hidden(html.unescape(text)) if char not in written]
    return problems


def _hidden_message(char: str, how: str) -> str:
    return f"text holds {_describe(char)}{how}, an invisible character that can reorder or hide what readers see; remove it"


def _hidden(text: str) -> list[str]:
    """The control, format, surrogate and line-separator characters of a text, in order, each once."""
    if text.isprintable():  # most texts: no character of categories C*, Z[lp]
        return []
    found = []
    for index, char in enumerate(text):
        kind = unicodedata.category(char)
        # Zl and Zp (U+2028, U+2029) break a line where the record shows none.
        if kind not in ("Cc", "Cf", "Cs", "Zl", "Zp") or char in _WHITESPACE or char in found:
            continue
        if char in _JOINERS and _joins(text, index):
            continue
        found.append(char)
    return found


def _joins(text: str, index: int) -> bool:
    """Whether a joiner stands between two characters it can shape (letters, marks, symbols)."""
    if index == 0 or index == len(text) - 1:
        return False
    return all(unicodedata.category(text[i]).startswith(_JOINED) for i in (index - 1, index + 1))


def _describe(char: str) -> str:
    """Name a character for a diagnostic: U+202E RIGHT-TO-LEFT OVERRIDE."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (a control character)"


def plain(text: str) -> bool:
    """Whether text is one line that no Markdown rule can act on: it parses to a paragraph of plain text."""
    return _PLAIN.fullmatch(text) is not None and "_" not in text  # one class, not a choice per character


def statement_problems(text: str) -> list[str]:
    """Say what in a statement goes beyond inline Markdown (emphasis, code, links to the web)."""
    if plain(text):
        return []  # most statements; parsing each one cost a second per 10,000
    parser = _checking_parser()
    tokens = parser.parse(text)
    kinds = [t.type for t in tokens]
    if kinds != ["paragraph_open", "inline", "paragraph_close"]:
        blocks = sorted({t.type.removesuffix("_open") for t in tokens if t.type.endswith("_open")} - {"paragraph"})
        what = ", ".join(blocks) or "more than one paragraph"
        return [f"statement may use inline Markdown only, but it has block structure ({what})"]
    # The statement as written says what was meant; as the brief prints it (escaped, on one line) says
    # what would be rendered. A {…} the first reads as attributes can hide a link the second shows.
    problems: list[str] = []
    for inline in (tokens[1], parser.parse(statement(text))[1]):
        for problem in _inline_problems(inline.children or []):
            if problem not in problems:
                problems.append(problem)
    return problems


def _inline_problems(children: list) -> list[str]:
    problems = []
    for token in children:
        if token.type == "footnote_ref":
            problems.append("statement contains a footnote reference; citations come from its quotes")
        elif token.type not in ALLOWED_INLINE:
            problems.append(f"statement contains {token.type.removesuffix('_open')}, which is not allowed")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if urlsplit(href).scheme.lower() not in ALLOWED_SCHEMES:
                problems.append(f"statement links to {clip(href)!r}; links must be http, https or mailto")
    return problems
