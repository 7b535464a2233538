"""Extract a saved web page's article text and metadata, leaving out the page furniture, for quotes to be checked against.

trafilatura finds the main text; before it runs, the page's furniture that trafilatura is known to keep
inside an article (related-story lists, promotions, newsletter boxes, share bars, comment threads) is
taken out of the tree, and after it, the lines that are still furniture ("Read more: …", "Related: …",
"Leave a Reply", "(opens in a new tab)") are dropped. What is dropped is not citable. The article's own
containers are never furniture, whatever their tag or name (a form around a whole ASP.NET page, an embedded
tweet's "social-media-embed"); text a container opens with is made a paragraph, which trafilatura would pass
over; a table that lays out the page (its cell holds the article's paragraphs) reads as blocks; and a data table's
row reads as its cells' text, as a reader copies it, not as trafilatura's Markdown. Last, a paragraph trafilatura
dropped among or after the article's paragraphs it kept (in a container of the same kind: the article's next chunk
after an advertisement), or above them in the article (the lede in its header), is put back where it stands, unless
it is a caption, a byline, a pop-up or other furniture by its name, hidden, or mostly links.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .errors import CitebriefError, clip

# Class and id words of containers that hold furniture rather than the article (matched as whole words).
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:related|recommended|recommendations|more-stories|morestories|also-read|read-more|readmore|"
    r"read-next|up-next|promo|promotion|promoted|sponsored|advert|advertisement|ad-slot|ad-container|ads|"
    r"newsletter|subscribe|subscription|signup|sign-up|paywall|share|sharing|social|share-bar|sharebar|"
    r"comments?|comment-list|commentlist|comment-respond|respond|disqus|reply|cookie|cookies|consent|gdpr|"
    r"sidebar|widget|popular|most-read|mostread|trending|outbrain|taboola|breadcrumbs?|byline-share|"
    r"author-bio|tags|tag-list|post-tags|pagination|nav|navigation|menu|footer|masthead)(?:$|[\s_-])",
    re.I,
)
# Class and id words of a gallery of pictures and their captions: a slideshow whose captions are a list is furniture
# however much text it holds (a news site's may caption fifty other stories), unless it is the article or holds its
# longest block; a gallery of sections (a listicle, an editorial gallery) is left to the extractor.
_GALLERY_NAMES = re.compile(r"(?:^|[\s_-])(?:gallery|galleries|slideshow|carousel)(?:$|[\s_-])", re.I)
# Names a page builder gives every block, whatever it holds: Elementor's text blocks are "elementor-widget-container"
# in an "elementor-widget-text-editor"; what follows them names the block ("elementor-widget-share-buttons").
_BUILDER_NAMES = re.compile(r"\belementor-(?:widget|element|column|section)\b")
# Elements that never hold article text.
_FURNITURE_TAGS = ("nav", "aside", "footer", "form", "button", "dialog", "noscript", "template", "iframe")
# Containers a furniture name can rule out; inline elements never are, being part of a sentence.
_BLOCK_TAGS = frozenset("div section ul ol li p aside header figure table dl details h2 h3 h4 h5 h6".split())
# Lines that introduce furniture, as trafilatura leaves them in the text: a label and a colon or nothing more
# ("Read more: …", "Related", "Advertisement") …
_FURNITURE_LABEL = re.compile(
    r"^\W*(?:read more|read this next|related|related articles?|related stories|related content|related posts?|"
    r"related coverage|related reading|related topics|more on this(?: story| topic)?|more from [^:]{1,40}|"
    r"more stories|more news|recommended(?: for you| stories| reading)?|you (?:may|might) also like|also read|"
    r"read also|see also|read next|up next|top stories|most read|most popular|trending|advertisement|sponsored|"
    r"promoted|share(?: this)?(?: article| story| post)?|follow us(?: on [^:]{1,20})?|comments?|tags?|topics|"
    r"watch|listen|photo|image|credit|newsletter)\s*(?:[:|»›>–—]|-\s|$)",
    re.I,
)
# … and lines that are furniture whatever follows.
_FURNITURE_PHRASE = re.compile(
    r"^\W*(?:leave a (?:reply|comment)|post a comment|cancel reply|add a comment|join the (?:conversation|discussion)|"
    r"your email address will not be published|sign up (?:for|to)|subscribe (?:to|for|now)|click here|"
    r"continue reading|\d+ (?:comments?|replies)|copyright (?:©|\(c\)|\d{4})|©|all rights reserved|"
    r"this (?:article|story) (?:was )?(?:originally|first) (?:appeared|published)|"
    r"we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies|"
    r"(?:get|download) (?:our|the) app|support (?:our|independent) journalism|"
    r"(?:log|sign) in to (?:comment|reply)|share (?:on|via) (?:facebook|twitter|x|linkedin|email|whatsapp))",
    re.I,
)
# Link residue that screen-reader text leaves behind in copied text.
_RESIDUE = re.compile(r"\s*\((?:opens|open|link opens) in (?:a )?new (?:tab|window)\)|\s*\(external link\)", re.I)
_MAX_FURNITURE_LINE_WORDS = 25
_MIN_MAIN_BLOCK_CHARS = 100  # a sentence of the article's, some 15 words and more
_META_CHARSET = re.compile(r"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_WINDOWS_1252_LABELS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                        "ascii": "cp1252", "windows-1252": "cp1252"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A post from another site embedded in the article (a tweet, an Instagram post …), which the article quotes; its
# container is often named "social" or "embed", like a share bar, but it is the article's.
_EMBEDDED_POST = re.compile(r"(?:^|\s)(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|bluesky-embed|"
                            r"mastodon-embed|reddit-embed|reddit-card|fb-xfbml-parse-ignore)(?:$|\s)")
# Elements that start a block of their own: text in a container before the first of them is a paragraph.
_BLOCK_LEVEL = frozenset("address article aside blockquote details dialog div dl fieldset figure footer form h1 h2 h3 "
                         "h4 h5 h6 header hr li main nav ol p pre section table ul".split())
# Containers whose own leading text trafilatura passes over when block elements follow it (a list item's text before
# a paragraph in it too).
_LOOSE_TEXT_CONTAINERS = frozenset("article section main div blockquote td li dd".split())
# Blocks a layout table's cell holds, two and more (the article's paragraphs and lists), and a data table's cells do
# not: they hold words and numbers, a heading, at most one paragraph.
_LAYOUT_CELL_BLOCKS = ("p", "ul", "ol", "blockquote", "pre", "table")
# A row of a table as trafilatura writes it in Markdown: "| cell | cell | ", and the rule under a head row; indented
# as the page source indents it when one of trafilatura's fallback extractors found the text.
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-+:?\s*\|)+\s*$")
_CELL_BREAK = re.compile(r"(?<!\\)\|")
# Gap fill. The extractor keeps the article's paragraphs but may drop one among them, the chunks after the first one,
# or the lede above them; a block of the page that reads as a paragraph of the article and stands there is put back
# where it stands.
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_PARAGRAPH_TAGS = ("p", "div", "li", "blockquote", "dd", "dt", "td", "th", "section", "article", "pre", *_HEADINGS)
_SHINGLE_WORDS = 5  # words in a row that place a block's text in the extracted text
_KEPT_SHARE = 0.8  # of a block's runs of words found in the extracted text: the extractor kept the block
_DROPPED_SHARE = 0.5  # less, and the extractor dropped the block (a lede shares some words with the body)
_MAIN_SHARE = 0.9  # of the kept blocks' words, held by the article's container
_MIN_GAP_WORDS = 8
_MAX_GAP_LINK_SHARE = 0.25  # of a block's text in links: more, and it is a list of links, not a paragraph
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Words of class and id names of what sits among an article's paragraphs without being one of them: captions,
# bylines and author boxes, pop-ups, buy boxes, promotions. Words are split at dashes, underscores and capitals.
_APART_NAMES = re.compile(r"^(?:caption|credits?|byline|author|bio|meta|metadata|tooltip|popup|modal|overlay|dialog|"
                          r"flyout|messenger|buybox|buy|paywall|related|promo|newsletter|subscribe|share|social|"
                          r"comments?|sidebar|widget|ad|ads|advert|advertisement|sponsored|hidden|hide|invisible)$",
                          re.I)
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True)
class PageText:
    """A web page's article text, one paragraph a line, and what its metadata says."""

    lines: tuple[str, ...]
    title: str | None
    site: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD
    url: str | None  # the canonical address the page gives


def extract_html(data: bytes, name: str, url: str | None = None, charset: str | None = None) -> PageText:
    """Find the article in a saved page and its metadata; refuse a page in which no article is found."""
    import trafilatura

    text = decode_page(data, name, charset)
    # trafilatura's own parser settings: lxml's defaults build a tree on which it finds less of the article.
    tree = trafilatura.load_html(_XML_DECLARATION.sub("", text, count=1))
    if tree is None:
        raise CitebriefError(f"{name} is not a readable HTML page")
    # Only the dates the page declares (markup, metadata), not a guess from its text; a guess costs seconds on a
    # large page and could date the source wrongly.
    metadata = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
    strip_furniture(tree)
    unwrap_layout_tables(tree)
    wrap_loose_text(tree)
    text = trafilatura.extract(tree, url=url, output_format="txt", include_comments=False, include_tables=True,
                               include_links=False, include_images=False, deduplicate=False, with_metadata=False)
    lines = clean_lines([table_row(line) for line in (text or "").splitlines()])
    lines = fill_gaps(tree, lines)
    if not lines:
        raise CitebriefError(f"{name}: no article text found in the page; save the article's own page "
                             "(not an index or a search page), or copy its text into a .txt file and add that")
    meta = metadata or None
    return PageText(tuple(lines), _field(meta, "title"), _field(meta, "sitename"), _field(meta, "author"),
                    _field(meta, "date"), _field(meta, "url"))


def decode_page(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode a page strictly, by the charset the server or the page declares, else as UTF-8."""
    head = data[:4096].decode("ascii", "replace")
    declared = charset or next(iter(_META_CHARSET.findall(head)), None)
    encoding = (declared or "utf-8").strip().lower()
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, data = "utf-8", data[3:]
    # As browsers do (HTML standard, "encoding sniffing"): Latin-1 labels mean windows-1252, and a page that
    # declares nothing and is not UTF-8 is read as windows-1252.
    encoding = _WINDOWS_1252_LABELS.get(encoding, encoding)
    if not declared and not _is_utf8(data):
        encoding = "cp1252"
    try:
        return data.decode(encoding)
    except LookupError:
        raise CitebriefError(f"{name} declares the unknown character set {clip(encoding)!r}") from None
    except UnicodeDecodeError as exc:
        raise CitebriefError(f"{name} is not valid {encoding} at byte {exc.start}"
                             f"{' (the charset it declares)' if declared else '; it declares no charset'}; "
                             "save the page again from the browser, or convert it to UTF-8") from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def strip_furniture(tree) -> None:
    """Take furniture containers out of a parsed page: named as related lists, promos, comments, share bars…"""
    body = tree.find("body")
    if body is None:
        return
    # The blocks holding the most text of their own are the article's, whatever their containers are called
    # (a blog's article may sit in a "widget"): none of those containers is furniture.
    own = sorted(((sum(len(t.strip()) for t in e.xpath("text()")), i, e) for i, e in enumerate(body.iter())
                  if isinstance(e.tag, str) and e.tag not in ("script", "style")), reverse=True)[:3]
    keep = {a for _, _, e in own for a in (e, *e.iterancestors())}
    first = {a for _, _, e in own[:1] for a in (e, *e.iterancestors())}  # around the block with the most text
    # Those of them that are paragraphs: an element of a furniture tag around one of them holds the article (a form
    # around a whole ASP.NET page, the copy of a script-rendered article in a noscript, a nav left unclosed).
    holds_main = {a for length, _, e in own if length >= _MIN_MAIN_BLOCK_CHARS for a in e.iterancestors()}
    doomed = []
    for element in body.iter():
        if not isinstance(element.tag, str) or element is body:
            continue
        if element.tag in _FURNITURE_TAGS or element.get("role") in ("navigation", "complementary", "contentinfo"):
            if element in holds_main:
                continue
            doomed.append(element)
            continue
        if element.tag not in _BLOCK_TAGS:
            continue  # a link or a span inside a sentence is part of it, whatever it is called
        names = class_names(element).replace("_", "-")
        if _GALLERY_NAMES.search(names) and element not in first and not _is_article(element) and \
                _captions_in_a_list(element):
            doomed.append(element)  # however long its captions, a slideshow does not hold the article's longest block
        elif element in keep:
            continue
        elif names.strip() and _FURNITURE_NAMES.search(names) and not _holds_article(element):
            if _holds_embedded_post(element):
                unname(element)  # else trafilatura too takes it for a share bar
            else:
                doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            _drop(element)


def _captions_in_a_list(element) -> bool:
    """Whether most of a gallery's text stands in list items: a slideshow's captions, not a listicle's sections."""
    listed = 0
    for item in element.iter("li"):
        outer = item.getparent()
        while outer is not None and outer is not element and outer.tag != "li":
            outer = outer.getparent()
        if outer is element:  # an outermost item of the gallery's lists: counted once, with what it holds
            listed += len("".join(item.itertext()).strip())
    return listed * 2 > len("".join(element.itertext()).strip())


def _is_article(element) -> bool:
    """Whether an element is the article or the page's main part, or holds one."""
    if element.tag in ("article", "main", "body", "html"):
        return True
    return element.find(".//article") is not None or element.find(".//main") is not None


def _holds_article(element) -> bool:
    """Whether a container holds the article itself (a wrapper named e.g. 'post-with-comments')."""
    if _is_article(element):
        return True
    paragraphs = element.findall(".//p")
    words = sum(len((p.text_content() or "").split()) for p in paragraphs)
    return len(paragraphs) >= 4 and words >= 150 and not _is_comment_thread(element)


def _holds_embedded_post(element) -> bool:
    """Whether a container is mostly a post from another site that the article embeds (a tweet …), not a share bar."""
    posts = [e for e in element.iter("blockquote", "div") if _EMBEDDED_POST.search(e.get("class", ""))]
    if not posts:
        return False
    quoted = sum(len("".join(post.itertext()).strip()) for post in posts if not any(
        other in posts for other in post.iterancestors()))
    return quoted * 2 >= len("".join(element.itertext()).strip())


def unname(element) -> None:
    """Take the class and id off a container and what it holds, so that no extractor judges it by its name."""
    for e in element.iter():
        if isinstance(e.tag, str):
            e.attrib.pop("class", None)
            e.attrib.pop("id", None)


def unwrap_layout_tables(tree) -> None:
    """Make a table that lays out a page (a cell holds paragraphs and lists) a set of blocks, as it reads on screen.

    trafilatura reads each cell of a table as one run of text and passes over the lists and paragraphs after the
    first one in it; a data table's cells hold words and numbers, a layout table's cells hold the article. A cell's
    runs of loose text between its blocks are made paragraphs, as trafilatura would drop them from a container.
    """
    body = tree.find("body")
    if body is None:
        return
    for table in list(body.iter("table")):
        cells = [cell for row in table.iterfind("tr") for cell in row] + [
            cell for part in table for row in part.iterfind("tr") if part.tag in ("thead", "tbody", "tfoot")
            for cell in row]
        if any(sum(1 for _ in cell.iter(*_LAYOUT_CELL_BLOCKS)) >= 2 for cell in cells):
            parts = [e for e in table.iter("thead", "tbody", "tfoot", "tr", "td", "th") if _table_of(e) is table]
            for element in (table, *parts):
                element.tag = "div"
            for cell in cells:
                _wrap_runs(cell)  # read as a cell, its text ran on between the blocks; not so now


def _table_of(element):
    """Find the table an element of a table (a row, a cell …) belongs to."""
    return next(element.iterancestors("table"), None)


def wrap_loose_text(tree) -> None:
    """Make a paragraph of the text a container holds before its first block, and of a paragraph's worth after one.

    A page may write its lede straight into a section (<section>The lede … <p>…</p></section>); trafilatura keeps
    the text that follows a block (its tail) but not the text that opens the container.
    """
    body = tree.find("body")
    if body is None:
        return
    for element in list(body.iter(*_LOOSE_TEXT_CONTAINERS)):
        # A paragraph's worth of text after a block is made a paragraph too: an extractor that drops the block
        # (a byline above the article's opening words) drops the text after it with it.
        _wrap_runs(element, min_tail=_MIN_MAIN_BLOCK_CHARS)


def _wrap_runs(element, min_tail: int = 0) -> None:
    """Make a paragraph of each run of loose text (text and inline elements) beside a container's block elements;
    of a run after a block, only one of at least min_tail characters."""
    children = list(element)
    blocks = [i for i, child in enumerate(children) if child.tag in _BLOCK_LEVEL]
    if not blocks:
        return  # text and inline elements only: already a paragraph of its own
    runs = [(None, children[:blocks[0]])] + [
        (children[i], children[i + 1:j]) for i, j in zip(blocks, blocks[1:] + [len(children)])]
    for block, inline in reversed(runs):
        text = element.text if block is None else block.tail
        if not (text or "").strip() and (block is None or not any((c.tail or "").strip() for c in inline)):
            continue  # no loose text: its elements are blocks of their own (a pull quote in a link …)
        if block is not None and min_tail and \
                len((text or "").strip()) + sum(len(c.text_content() + (c.tail or "")) for c in inline) < min_tail:
            continue
        paragraph = element.makeelement("p", {})
        paragraph.text = text
        if block is None:
            element.text = None
        else:
            block.tail = None
        for child in inline:
            paragraph.append(child)  # moves it, with its tail
        element.insert(0 if block is None else element.index(block) + 1, paragraph)


def fill_gaps(tree, lines: list[str]) -> list[str]:
    """Put back, where they stand, the paragraphs the extractor dropped among, after and above those it kept (scripts go)."""
    from .quotes import normalise

    body = tree.find("body")
    if body is None or not lines:
        return lines
    at: dict[int, list[int]] = {}  # each run of words of the extracted text: the lines it is on
    for index, line in enumerate(lines):
        for shingle in _shingles(normalise(line)):
            at.setdefault(shingle, []).append(index)
    _read_as_shown(body)
    blocks = []  # (element, text, runs of words, share of them in the extracted text)
    for element in _leaf_blocks(body):
        text = " ".join(element.text_content().split())
        shingles = _shingles(normalise(text))
        if shingles:
            blocks.append((element, text, shingles, sum(s in at for s in shingles) / len(shingles)))
    main = _main_container([(element, len(shingles)) for element, _, shingles, share in blocks
                            if share >= _KEPT_SHARE])
    if main is None:
        return lines
    scope = _article_around(main)
    in_main, in_scope = set(main.iter()), set(scope.iter())
    blocks = [block for block in blocks if block[0] in in_scope]
    kept = [i for i, (element, _, _, share) in enumerate(blocks) if share >= _KEPT_SHARE and element in in_main]
    kinds = {_kind(blocks[i][0].getparent()) for i in kept}
    restored: dict[int, list[str]] = {}  # the index of the line each restored paragraph follows (-1: none)
    after = -1
    for index, (element, text, shingles, share) in enumerate(blocks):
        if share >= _KEPT_SHARE:
            after = _line_of(shingles, at, after)
        elif share < _DROPPED_SHARE and (index < kept[0] or _kind(element.getparent()) in kinds) and \
                _reads_as_paragraph(element, text, scope):
            restored.setdefault(after, []).append(text)
    if not restored:
        return lines
    out = list(restored.get(-1, []))
    for index, line in enumerate(lines):
        out.append(line)
        out.extend(restored.get(index, []))
    return clean_lines(out)


def _read_as_shown(element) -> None:
    """Make an element's text read as the page shows it: no script or style text, a line break is a space."""
    from lxml import etree

    etree.strip_elements(element, "script", "style", "noscript", "template", with_tail=False)
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")


def _leaf_blocks(body) -> list:
    """List the page's paragraph-like elements that hold no block of their own, in document order."""
    holders = set()
    for block in body.iter(*_BLOCK_LEVEL):
        for ancestor in block.iterancestors():
            if ancestor in holders:
                break
            holders.add(ancestor)
    return [element for element in body.iter(*_PARAGRAPH_TAGS) if element not in holders]


def _shingles(text: str) -> list[int]:
    """Hash each run of five words of a normalised text (a shorter text is one run), to find the text in another."""
    words = text.split()
    if len(words) < _SHINGLE_WORDS:
        return [hash(tuple(words))] if words else []
    return [hash(run) for run in zip(*(words[i:] for i in range(_SHINGLE_WORDS)))]


def _line_of(shingles: list, at: dict, after: int) -> int:
    """Find the line a kept block ends on, at or after the line the block before it ended on."""
    for shingle in reversed(shingles):
        lines = at.get(shingle, ())
        index = bisect.bisect_left(lines, max(after, 0))
        if index < len(lines):
            return lines[index]
    return after


def _main_container(kept: list) -> object | None:
    """Find the innermost element that holds nearly all of the blocks the extractor kept, weighed by their words."""
    total = sum(weight for _, weight in kept)
    held: dict = {}
    depth: dict = {}
    for element, weight in kept:
        for level, ancestor in enumerate(reversed(list(element.iterancestors()))):
            held[ancestor] = held.get(ancestor, 0) + weight
            depth[ancestor] = level
    return max((a for a, weight in held.items() if weight >= _MAIN_SHARE * total), key=depth.get, default=None)


def _article_around(main):
    """Find the article around the kept blocks' container: the nearest article or main element, or holder of an h1."""
    for element in (main, *main.iterancestors()):
        if element.tag in ("body", "html"):
            break
        if element.tag in ("article", "main") or element.find(".//h1") is not None:
            return element
    return main if main.tag in ("body", "html") else main.getparent()


def _kind(element) -> tuple[str, str]:
    """Name a container's kind, its tag and class: one article's paragraphs sit in containers of one kind."""
    return element.tag, " ".join(element.get("class", "").split())


def _reads_as_paragraph(element, text: str, scope) -> bool:
    """Say whether a block reads as the article's paragraph: sentences, few links, shown, not named as a caption…"""
    if element.tag in _HEADINGS or len(text.split()) < _MIN_GAP_WORDS or not _SENTENCE_END.search(text) or \
            is_furniture_line(text):
        return False  # a heading places the paragraphs around it; it is the title or a deck, not a paragraph
    if sum(len(a.text_content().strip()) for a in element.iter("a")) > _MAX_GAP_LINK_SHARE * len(text):
        return False
    for e in (element, *element.iterancestors()):
        if e is scope:
            return True
        names = _NAME_WORDS.findall(class_names(e))
        if e.tag in ("figure", "figcaption") or "hidden" in e.attrib or e.get("aria-hidden") == "true" or \
                _HIDDEN_STYLE.search(e.get("style", "")) or any(_APART_NAMES.match(word) for word in names):
            return False
    return True


def table_row(line: str) -> str:
    """A table row as a reader copies it from the page (cells apart, no Markdown pipes); other lines as they are.

    trafilatura writes a row as "| 1 | Kyle Busch | 5040 |", which no quote copied from the page matches; a browser
    copies it as the cells' text with tabs between them, and a tab folds to a space when quotes are matched.
    """
    if _TABLE_RULE.match(line):
        return ""
    row = _TABLE_ROW.match(line)
    if row is None:
        return line
    cells = (cell.strip().replace("\\|", "|") for cell in _CELL_BREAK.split(row.group(1)))
    return "\t".join(cell for cell in cells if cell)


def class_names(element) -> str:
    """Give an element's class and id, without the names a page builder gives every block ("elementor-widget")."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return _BUILDER_NAMES.sub("", names) if "elementor" in names else names


def _is_comment_thread(element) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return "comment" in names or "disqus" in names or "respond" in names


def _drop(element) -> None:
    """Remove an element but keep the text that follows it inside its parent."""
    parent = element.getparent()
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def clean_lines(lines: list[str]) -> list[str]:
    """Drop furniture lines and link residue from extracted text; keep every other line as the extractor gave it."""
    kept = []
    for line in lines:
        line = _RESIDUE.sub("", line).strip()
        if not line or is_furniture_line(line):
            continue
        kept.append(line)
    return kept


def is_furniture_line(line: str) -> bool:
    """Whether a line of extracted text is furniture: a short 'Read more:', 'Related:', 'Leave a Reply' … line."""
    bare = line.lstrip("-*•> ").strip()
    if len(bare.split()) > _MAX_FURNITURE_LINE_WORDS:
        return False
    return bool(_FURNITURE_LABEL.match(bare) or _FURNITURE_PHRASE.match(bare))


def _field(meta, name: str) -> str | None:
    value = getattr(meta, name, None) if meta is not None else None
    return " ".join(str(value).split()) or None if value else None
