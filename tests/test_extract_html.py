"""Web pages: the article's sentences verify, the furniture real sites carry is not citable."""

import pytest
import yaml

from citebrief.errors import CitebriefError
from citebrief.extract_html import clean_lines, extract_html, is_furniture_line, table_row
from citebrief.quotes import Paragraph, Passages, find_quote
from conftest import CASES

PAGES = sorted((CASES / "pages").glob("*.html"))


def _passages(lines):
    return Passages([Paragraph(n, line) for n, line in enumerate(lines, 1)])


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_body_sentences_verify_and_furniture_is_refused(page):
    expected = yaml.safe_load(page.with_suffix(".yaml").read_text(encoding="utf-8"))
    text = _passages(extract_html(page.read_bytes(), page.name).lines)
    assert [s for s in expected["body"] if not find_quote(s, text)] == []
    assert [s for s in expected["furniture"] if find_quote(s, text)] == []


def test_metadata_from_open_graph_and_canonical_link():
    page = CASES / "pages" / "news_with_read_more_promo_and_comments.html"
    text = extract_html(page.read_bytes(), page.name)
    assert (text.title, text.site, text.author, text.published, text.url) == (
        "Port plan faces questions over cost", "Example Herald", "Jane Doe", "2025-04-09",
        "https://herald.example/news/port-plan")


def test_metadata_absent_is_none():
    page = b"<html><body><article><p>" + b"The council met on Monday to discuss the new budget for roads. " * 5 + \
        b"</p></article></body></html>"
    text = extract_html(page, "bare.html")
    assert (text.site, text.author, text.published, text.url) == (None, None, None, None)
    assert text.lines[0].startswith("The council met on Monday")


def test_furniture_lines_are_dropped_and_sentences_that_merely_start_alike_are_kept():
    assert is_furniture_line("Read more: Harbour strike enters third week")
    assert is_furniture_line("Related: New flood maps")
    assert is_furniture_line("Leave a Reply")
    assert is_furniture_line("12 comments")
    assert not is_furniture_line("Related industries have seen similar falls, the report said.")
    assert not is_furniture_line("Watchdog groups said the plan was rushed.")
    assert not is_furniture_line("Copyright law was changed in 2019, the court noted.")
    assert is_furniture_line("Copyright 2025 The Daily Ledger")
    assert not is_furniture_line("Comments made by the minister on Tuesday drew criticism from the opposition "
                                 "parties, who said they showed that the government had not read the report at all "
                                 "and would not listen.")
    assert clean_lines(["analysts (opens in a new tab) consider it unlikely", "Advertisement"]) == [
        "analysts consider it unlikely"]


def test_table_rows_read_as_cells_indented_or_not():
    # trafilatura's fallback extractors keep the indentation of the page's source before a row.
    assert table_row("| Westgate | 6 | 4 of them | ") == "Westgate\t6\t4 of them"
    assert table_row("          | Westgate | 6 | 4 of them | ") == "Westgate\t6\t4 of them"
    assert table_row("    |---|---|---|") == ""
    assert table_row("    Station machines | as counted in May") == "    Station machines | as counted in May"


def test_page_in_windows_1252_without_a_charset_is_read_as_browsers_do():
    page = "<html><body><article><p>The mayor’s plan costs €5 million, the council’s auditors said on Friday. " \
           "They added that the money had not yet been found in the city’s budget for the coming year.</p>" \
           "</article></body></html>"
    text = extract_html(page.encode("cp1252"), "old.html")
    assert "The mayor’s plan costs €5 million" in text.lines[0]


def test_page_not_in_its_declared_charset_is_refused():
    page = '<html><head><meta charset="utf-8"></head><body><p>caf\xe9</p></body></html>'.encode("latin-1")
    with pytest.raises(CitebriefError, match=r"bare.html is not valid utf-8 at byte \d+ \(the charset it declares\)"):
        extract_html(page, "bare.html")


def test_page_without_an_article_is_refused():
    with pytest.raises(CitebriefError, match="empty.html: no article text found in the page"):
        extract_html(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty.html")


def test_a_slideshow_goes_however_long_its_captions_unless_it_holds_the_longest_block():
    from lxml import html as lxml_html

    from citebrief.extract_html import strip_furniture

    page = (CASES / "pages" / "news_with_a_gallery_of_other_stories_inside_the_article.html").read_text()
    caption = "A carmaker has recalled forty thousand delivery vans"
    longest = "Most guests judge a hotel room"
    # one caption among the page's longest blocks, second only to a paragraph of the article: the gallery goes
    # all the same, the article stays
    long_caption = page.replace(caption, caption + " and said that it would write to every owner" * 4).replace(
        longest, longest + " in the first minutes of a stay, and often never look at anything else" * 6)
    tree = lxml_html.document_fromstring(long_caption)
    strip_furniture(tree)
    text = tree.text_content()
    assert caption not in text and longest in text
    # a gallery holding the page's longest block is the article (a photo essay): it stays
    essay = page.replace(caption, caption + " and said that it would write to every owner" * 20)
    tree = lxml_html.document_fromstring(essay)
    strip_furniture(tree)
    assert caption in tree.text_content()
    # a gallery of sections, not a list of captions, is a listicle's body: left to the extractor
    sections = long_caption.replace('<ul class="legends">', "<div>").replace("</ul>", "</div>")
    tree = lxml_html.document_fromstring(sections.replace("<li>", "<section>").replace("</li>", "</section>"))
    strip_furniture(tree)
    assert caption in tree.text_content()
