"""Properties that hold for any input: statements never become tags, quotes match exactly or not at all,
normalisation is idempotent, and the fast paths taken for speed agree with the full ones."""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from citebrief.analyse import analyse
from citebrief.build import check
from citebrief.html import render_html
from citebrief.markup import markdown, plain, statement_problems
from citebrief.quotes import Paragraph, Passages, find_quote, normalise
from citebrief.render import render_markdown
from citebrief.templates import Templates
from citebrief.yamlfile import parse_yaml
from conftest import CASES

# Pieces of hostile or tricky statement text, mixed with any text at all.
FRAGMENTS = [
    "<script>", "</script>", "alert(1)", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>", "</a>",
    "<style>", "<!--", "-->", "<![CDATA[", "&lt;", "&#60;", "&amp;", "<https://example.com>",
    "<javascript:alert(1)>", "[x](javascript:alert(1))", "[x](file:///etc/passwd)", "[x](/etc/passwd)",
    "[x](https://example.com)", "![i](file:///etc/passwd)", "[^1]", "{#id onclick=alert(1)}", "{.cls}",
    "{{ 7 * 7 }}", "{% raw %}", "{%", "%}", "*", "**", "_", "`", "\\", "|", "# ", "> ", "- ", "1. ", "\n", "\n\n",
    "    ", "<", ">", "=", '"', "'", "[", "]", "(", ")", "on", "word", " ", "Ministers",
]
statements = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.text(max_size=60),
).filter(lambda text: text.strip())


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """A small project that passed every check, to render with statements of any kind."""
    root = tmp_path_factory.mktemp("properties") / "brief"
    shutil.copytree(CASES / "base", root)
    shutil.copy(CASES / "facts" / "quote_verbatim.yaml", root / "facts")
    result, problems = check(root)
    assert result is not None, problems
    return result, Templates(root)


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.tags[(tag, tuple(sorted(attrs)))] += 1


def _page(checked, text: str) -> Counter:
    result, templates = checked
    fact = result.project.facts[0].model_copy(update={"statement": text})
    brief = analyse(replace(result.project, facts=[fact]), result.texts, result.evidence)
    markdown_text = render_markdown(brief, templates)
    parser = _Tags()
    parser.feed(render_html(markdown_text, brief, templates))
    return parser.tags


@pytest.fixture(scope="module")
def baseline(checked) -> Counter:
    """The tags of the page whose one statement is plain words: what any statement's page is compared with."""
    return _page(checked, "Ministers agreed to study a joint refinery.")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=statements)
def test_no_tag_in_the_html_comes_from_a_statement(checked, baseline, text):
    assume(not statement_problems(text))  # a statement the check refuses (statement-markup) is never rendered
    added = _page(checked, text) - baseline
    for (tag, attrs), _ in added.items():
        # Only what inline Markdown makes: emphasis, code, and links to the web, with no other attribute.
        assert tag in {"em", "strong", "code", "a"}, (tag, attrs)
        names = {name for name, _ in attrs}
        assert names <= ({"href"} if tag == "a" else set()), (tag, attrs)
        if tag == "a":
            assert urlsplit(dict(attrs)["href"]).scheme in {"http", "https", "mailto"}, attrs


# Quotes: words of letters, digits and punctuation, typographic quotes and dashes included.
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789,;:%’‘“”—–-'\"", min_size=1, max_size=7)
paragraphs = st.lists(st.lists(words, min_size=2, max_size=10).map(" ".join), min_size=1, max_size=4)
# What a one-character change may bring: any of the above, spaces, a no-break space, accents, other scripts.
changes = st.one_of(st.sampled_from(list("abcXYZ019.,;:!?'\"’“—–- \u00a0\u0301éßİı\u00ad\u200d")), st.characters())


@settings(max_examples=300, deadline=None)
@given(data=st.data(), source=paragraphs)
def test_a_quote_changed_by_one_character_is_rejected(data, source):
    passages = Passages([Paragraph(n, text) for n, text in enumerate(source, 1)])
    index = data.draw(st.integers(0, len(source) - 1))
    tokens = source[index].split(" ")
    start = data.draw(st.integers(0, len(tokens) - 1))
    end = data.draw(st.integers(start + 1, len(tokens)))
    quote = " ".join(tokens[start:end])
    assume("..." not in normalise(" ".join(source)))
    assert find_quote(quote, passages) is not None  # verbatim, word-aligned: found

    at = data.draw(st.integers(0, len(quote)))
    kind = data.draw(st.sampled_from(["replace", "insert", "delete"]))
    char = data.draw(changes)
    if kind == "insert":
        changed = quote[:at] + char + quote[at:]
    else:
        assume(at < len(quote))
        changed = quote[:at] + (char if kind == "replace" else "") + quote[at + 1:]
    # A change the normalisation folds (a curly quote for a straight one, a second space) is no change;
    # an ellipsis is quote syntax, not a character; and the changed text may happen to be in the source.
    assume(normalise(changed) != normalise(quote))
    assume("..." not in normalise(changed))
    assume(normalise(changed) not in normalise(" ".join(source)))
    assert find_quote(changed, passages) is None


def _reference_normalise(text: str) -> str:
    """Normalisation as the README defines it, spelled out without the fast path."""
    kept = ("<super>", "<sub>", "<fraction>")  # forms that carry a value: never folded (issue 16)
    shown = "".join(c for c in text if c not in "\u00ad\u200c\u200d")  # soft hyphen and joiners: invisible
    folded = "".join(c if unicodedata.decomposition(c).startswith(kept) else unicodedata.normalize("NFKC", c)
                     for c in unicodedata.normalize("NFC", shown))
    folded = unicodedata.normalize("NFC", folded).translate(str.maketrans({
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    }))
    return re.sub(r"\s+", " ", folded).strip()


@settings(max_examples=500)
@given(text=st.one_of(st.text(), st.text(alphabet=" ae\u0301\u0323\u00ad\u200c\u200d")))
def test_normalisation_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=500)
@given(text=st.one_of(st.text(), st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028abc’—…"),
                     st.text(alphabet=" ae\u0301\u0323\u00ad\u200c\u200d\U0001f468-")))
def test_normalisation_is_as_documented(text):
    assert normalise(text) == _reference_normalise(text)


@settings(max_examples=500)
@given(text=st.one_of(
    st.text(alphabet="abcXYZ éß019 .,;:!?'\"()%$/@+=-–—‘’“”…*_`[]<>{}&\\#|~^", max_size=40),
    st.lists(st.sampled_from(FRAGMENTS + ["The", "plan", "40%", "costs"]), max_size=8).map(" ".join),
    st.lists(st.sampled_from(FRAGMENTS + ["The", "plan", "40%", "costs"]), max_size=8).map("".join),
))
def test_statements_taken_as_plain_text_parse_as_plain_text(text):
    if plain(text):
        tokens = markdown().parse(text)
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert {child.type for child in tokens[1].children} <= {"text"}
        assert statement_problems(text) == []


@pytest.mark.parametrize("special", list("*_`[]<>{}&\\#|~^!:=-+.)0123456789\n\t\u00a0\u2028"))
@settings(max_examples=60)
@given(data=st.data())
def test_plain_text_with_one_markdown_character(special, data):
    # Words and one character that may start Markdown, so that the edge of "plain" is probed character by character.
    text = data.draw(st.text(alphabet="ab Z.,'" + special, min_size=1, max_size=12))
    test_statements_taken_as_plain_text_parse_as_plain_text.hypothesis.inner_test(text)


# YAML: plain data of every kind the records use, with keys that are plain words.
keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
                    st.dates())
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=4)), max_leaves=20)


@settings(max_examples=300)
@given(data=documents, flow=st.booleans())
def test_yaml_reads_as_pyyaml_reads_it(data, flow):
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    assume(text.strip() and not text.startswith("..."))
    document, problems = parse_yaml(text, "facts/any.yaml")
    assert problems == []
    assert document.data == yaml.safe_load(text)
    expected = dict(_marks(yaml.compose(text, Loader=yaml.SafeLoader)))
    assert set(document.locations) == set(expected)
    for path, (line, column) in expected.items():
        location = document.location(path)
        assert (location.file, location.line, location.column) == ("facts/any.yaml", line, column), path


def _marks(node, path=(), mark=None):
    """Where PyYAML's composer says each value starts, 1-based: a mapping's value at its key, an item at itself."""
    start = mark or node.start_mark
    yield path, (start.line + 1, start.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _marks(value, path + (key.value,), key.start_mark)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _marks(item, path + (index,))
