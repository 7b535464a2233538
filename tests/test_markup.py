"""The brief's Markdown: plain text escaped to show as written, statements held to inline Markdown, notes rendered."""

import re

import pytest

from citebrief.markup import escape, markdown, plain, statement, statement_problems

# escape() and statement() put the backslash before the digits (`\1. first`), which CommonMark shows as
# written: a backslash escapes punctuation only. `1\. first` would show `1. first`. Needs a fix in markup.py.
WJ = "\u2060"  # word joiner: keeps a note's number on its word's line


def _inline_html(text: str) -> str:
    """Render one line as the brief renders it, without the paragraph around it."""
    html = markdown().render(text)
    assert html.startswith("<p>") and html.endswith("</p>\n"), html
    return html[3:-5]


@pytest.mark.parametrize(("case", "text", "shown"), [
    ("heading_mark", "# Heading", "# Heading"),
    pytest.param("numbered_list_mark", "1. first", "1. first"),
    ("bullet_mark", "- item", "- item"),
    ("quote_mark", "> said", "&gt; said"),
    ("emphasis_link_html_table_attrs", "a *b* [c](d) <e> | f & g {h}", "a *b* [c](d) &lt;e&gt; | f &amp; g {h}"),
    ("footnote_reference", "cited[^1]", "cited[^1]"),
    ("backslash_before_bracket", "\\[^1]", "\\[^1]"),
    ("code_span", "`x`", "`x`"),
    ("line_breaks_flattened", "  two\n  lines ", "two lines"),
])
def test_escape_shows_exactly_the_text(case, text, shown):
    escaped = escape(text)
    assert "\n" not in escaped
    assert _inline_html(escaped) == shown


def test_escape_backslashes_each_special_character():
    assert escape("a *b* [c](d) <e> | f & g {h}") == r"a \*b\* \[c\](d) \<e\> \| f \& g \{h\}"
    assert escape("-5 degrees") == r"\-5 degrees"
    assert escape("costs 40% of $5") == "costs 40% of $5"


@pytest.mark.parametrize(("case", "text", "made"), [
    ("emphasis_kept", "Ministers *agreed*.", "Ministers <em>agreed</em>."),
    ("web_link_kept", "See [it](https://example.com).", 'See <a href="https://example.com">it</a>.'),
    ("footnote_reference_shown_as_text", "Cited[^1] here.", "Cited[^1] here."),
    ("heading_mark_shown_as_text", "# Not a heading", "# Not a heading"),
    pytest.param("list_mark_shown_as_text", "1. Not a list", "1. Not a list"),
    ("raw_html_shown_as_text", "<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ("attributes_shown_as_text", "x {#id onclick=alert(1)}", "x {#id onclick=alert(1)}"),
    ("line_breaks_flattened", "one\n\ntwo", "one two"),
])
def test_statement_keeps_inline_markdown_and_opens_nothing_else(case, text, made):
    assert _inline_html(statement(text)) == made


def test_statement_escapes_only_what_opens_a_block_or_a_note():
    assert statement("a *b* [c](d) <e> | f & g {h}") == r"a *b* [c](d) \<e> \| f & g \{h}"
    # an escaped backslash before "[^" is kept and the bracket escaped too
    assert statement("\\\\[^1]") == "\\\\\\[^1]"


@pytest.mark.parametrize(("case", "text", "expected"), [
    ("words_and_punctuation", "Ministers agreed on 16 June, 40% (of $5) – “soon”.", True),
    ("starts_with_digit", "40% of output", False),
    ("emphasis", "Ministers *agreed*.", False),
    ("two_lines", "one\ntwo", False),
    ("bracket", "a [b]", False),
    ("empty", "", False),
])
def test_plain(case, text, expected):
    assert plain(text) is expected


@pytest.mark.parametrize(("case", "text", "problems"), [
    ("plain_words", "Ministers agreed.", []),
    ("emphasis_and_code", "Ministers *agreed* to `study`.", []),
    ("link_to_the_web", "See [x](https://example.com) or [me](mailto:a@b.example).", []),
    ("link_to_javascript", "See [x](javascript:alert(1))",
     ["statement links to 'javascript:alert(1)'; links must be http, https or mailto"]),
    ("link_to_a_local_file", "see [x](file:///etc/passwd)",
     ["statement links to 'file:///etc/passwd'; links must be http, https or mailto"]),
    ("image", "![i](https://example.com/i.png)", ["statement contains image, which is not allowed"]),
    ("heading", "# Big", ["statement may use inline Markdown only, but it has block structure (heading)"]),
    ("two_paragraphs", "a\n\nb",
     ["statement may use inline Markdown only, but it has block structure (more than one paragraph)"]),
    ("table", "| a | b |\n|---|---|\n| 1 | 2 |",
     ["statement may use inline Markdown only, but it has block structure (table, tbody, td, th, thead, tr)"]),
])
def test_statement_problems(case, text, problems):
    assert statement_problems(text) == problems


def test_markdown_parser_has_no_raw_html_images_or_unsafe_links():
    html = _inline_html("<b>x</b> ![i](https://e.example/i.png) [x](javascript:alert(1))")
    assert html == '&lt;b&gt;x&lt;/b&gt; !<a href="https://e.example/i.png">i</a> [x](javascript:alert(1))'


def test_headings_get_anchors_from_level_two():
    assert markdown().render("# Title\n\n## Open gaps\n\n### Rare earths\n") == (
        '<h1>Title</h1>\n<h2 id="open-gaps">Open gaps</h2>\n<h3 id="rare-earths">Rare earths</h3>\n')


def test_a_citation_shows_its_number_and_the_note_links_back():
    html = markdown().render("A claim.[^1]\n\n[^1]: A note.\n")
    assert f'A claim.{WJ}<a class="footnote-ref" href="#fn1" id="fnref1">1</a>' in html
    # The note's text stands straight in its list item: no paragraph box to lay out.
    # No space before the back link: the stylesheet spaces it, and print hides it.
    assert ('<li id="fn1" class="footnote-item">A note.'
            '<a href="#fnref1" class="footnote-backref" aria-label="back to citation 1">\u21a9\ufe0e</a></li>') in html


def test_three_consecutive_citations_show_as_a_range_and_keep_every_anchor():
    html = markdown().render("A.[^1][^2][^3] B.[^1]\n\n[^1]: a\n[^2]: b\n[^3]: c\n")
    first = html.split("</p>", 1)[0]
    assert first == (
        f'<p>A.{WJ}<a class="footnote-ref" href="#fn1" id="fnref1">1</a>'
        '<a class="footnote-skip" id="fnref2"></a>'
        f'{WJ}<a class="footnote-ref range-end" href="#fn3" id="fnref3">3</a>'
        f' B.{WJ}<a class="footnote-ref" href="#fn1" id="fnref1:1">1</a>'
    )
    # a note cited twice links back to each citation, lettered
    assert ('class="footnote-item">a<a href="#fnref1" class="footnote-backref" aria-label="back to citation 1">'
            '\u21a9\ufe0e\u00a0a</a><a href="#fnref1:1" class="footnote-backref" aria-label="back to citation 1:1">b</a></li>') in html
    # every back-link lands on an id the page has
    assert set(re.findall(r'href="#(fnref[^"]+)"', html)) <= set(re.findall(r'id="(fnref[^"]+)"', html))


def test_two_citations_are_not_a_range():
    html = markdown().render("A.[^1][^2]\n\n[^1]: a\n[^2]: b\n")
    assert "range-end" not in html and "footnote-skip" not in html
    assert html.count('class="footnote-ref"') == 2
