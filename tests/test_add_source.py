"""citebrief add-source: the document is copied into seeds/ and registered, every other line left as it was."""

import hashlib
import shutil
import subprocess
import sys

import pytest

from citebrief.build import check
from citebrief.cli import main
from citebrief.load import load_sources
from conftest import CASES, diagnostics

ARTICLE = CASES / "articles" / "article_with_attributed_quotes.txt"


@pytest.fixture
def commented(project):
    """The base project with a sources file full of comments, blank lines and a folded note."""
    root = project()
    shutil.copy(CASES / "sources_files" / "sources_with_comments.yaml", root / "facts" / "sources.yaml")
    (root / "seeds" / "memo.txt").write_text("A memo.\n")
    return root


def _add(root, *options: str) -> int:
    return main(["add-source", str(ARTICLE), "--project", str(root), "--quiet", *options])


def test_add_source_keeps_every_line_comment_and_the_order(commented):
    before = (commented / "facts" / "sources.yaml").read_text()
    assert _add(commented, "--title", "Council Weighs New Flood Barrier", "--publisher", "Riverside Post",
                "--published", "2025-03-03", "--kind", "original") == 0
    after = (commented / "facts" / "sources.yaml").read_text()
    entry = (
        "\n"
        "  - id: riverside-post-2025-03-03\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: Council Weighs New Flood Barrier\n"
        "    publisher: Riverside Post\n"
        "    published: 2025-03-03\n"
        "    kind: original\n"
    )
    # inserted after the last record, before the closing comment, nothing else touched
    assert entry in after and after.replace(entry, "", 1) == before
    assert after.index(entry) < after.index("# end of the sources")
    sources, problems = load_sources(commented)
    assert [s.id for s in sources] == ["gazette", "memo", "riverside-post-2025-03-03"] and problems == []
    assert sources[1].note == "A folded note that runs over two lines.\n"
    assert (commented / "seeds" / ARTICLE.name).read_bytes() == ARTICLE.read_bytes()


def test_added_source_checks_clean(project):
    root = project("quote_verbatim.yaml")
    assert _add(root, "--id", "riverside", "--published", "2025-03-03") == 0
    checked, problems = check(root)
    assert checked is not None and problems == []
    assert checked.texts["riverside"].rel == f"seeds/{ARTICLE.name}"


def test_add_source_starts_an_empty_flow_list(project):
    root = project()
    shutil.copy(CASES / "sources_files" / "sources_empty_flow_list.yaml", root / "facts" / "sources.yaml")
    assert _add(root, "--id", "riverside") == 0
    assert (root / "facts" / "sources.yaml").read_text() == (
        "# No sources yet.\n"
        "sources:   # add-source fills this in\n"
        "  - id: riverside\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: null\n"
        "    publisher: null\n"
        "    published: null\n"
    )


def test_add_source_names_the_source_from_its_title_or_file(project):
    root = project()
    assert _add(root, "--title", "Council Weighs New Flood Barrier") == 0
    assert [s.id for s in load_sources(root)[0]][-1] == "council-weighs-new-flood-barrier"


def test_a_document_already_in_seeds_is_registered_not_copied(project, capsys):
    root = project()
    shutil.copy(ARTICLE, root / "seeds" / "flood.txt")
    assert main(["add-source", str(root / "seeds" / "flood.txt"), "--project", str(root)]) == 0
    assert "added source 'flood' (already in seeds/flood.txt)" in capsys.readouterr().out
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["flood.txt", "gazette.txt"]


@pytest.mark.parametrize(
    "options, message",
    [
        (["--id", "gazette"], "citebrief: error: source id 'gazette' is already used in facts/sources.yaml; "
                              "choose another with --id\n"),
        (["--id", "Not A Slug"], "citebrief: error: source id 'Not A Slug' is not a slug; "
                                 "use lower-case letters, digits and hyphens\n"),
    ],
)
def test_a_bad_id_changes_nothing(project, capsys, options, message):
    root = project()
    before = (root / "facts" / "sources.yaml").read_text()
    assert _add(root, *options) == 1
    assert capsys.readouterr().err == message
    assert (root / "facts" / "sources.yaml").read_text() == before
    assert not (root / "seeds" / ARTICLE.name).exists()


def test_a_registered_document_is_not_added_twice(project, capsys):
    root = project()
    assert _add(root) == 0
    assert _add(root, "--id", "again") == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/{ARTICLE.name} is already registered as source 'article-with-attributed-quotes'\n")


def test_a_different_file_of_the_same_name_is_refused(project, tmp_path, capsys):
    root = project()
    (root / "seeds" / "notes.txt").write_text("Notes kept beside the seeds, not a source.\n")
    other = tmp_path / "notes.txt"
    other.write_text("Another paper's article.\n")
    assert main(["add-source", str(other), "--project", str(root), "--id", "other"]) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/notes.txt already exists with other content; rename {other} and try again\n")
    assert (root / "seeds" / "notes.txt").read_text() == "Notes kept beside the seeds, not a source.\n"


def test_a_document_that_is_not_utf8_is_a_located_error(project, tmp_path):
    root = project()
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"Caf\xe9 society\n")
    run = subprocess.run([sys.executable, "-m", "citebrief", "add-source", str(latin1), "--project", str(root)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        f"{latin1}:1:4: error[not-utf8] file is not valid UTF-8 (byte 0xe9 at offset 3)")
    assert "Traceback" not in run.stderr
    assert not (root / "seeds" / "latin1.txt").exists()


def test_a_bad_date_is_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as exit_:
        _add(project(), "--published", "4 March")
    assert exit_.value.code == 2
    assert "argument --published: '4 March' is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err


def test_a_project_without_a_sources_file_gets_one(tmp_path):
    assert main(["add-source", str(ARTICLE), "--project", str(tmp_path), "--id", "riverside", "--quiet"]) == 0
    assert (tmp_path / "facts" / "sources.yaml").read_text() == (
        "sources:\n"
        "  - id: riverside\n"
        "    file: article_with_attributed_quotes.txt\n"
        "    title: null\n"
        "    publisher: null\n"
        "    published: null\n"
    )
    assert (tmp_path / "seeds" / ARTICLE.name).is_file()


def test_a_dangling_link_in_seeds_is_refused_and_nothing_written_outside(project, tmp_path, capsys):
    root = project()
    outside = tmp_path / "outside" / "planted.txt"
    outside.parent.mkdir()
    (root / "seeds" / ARTICLE.name).symlink_to(outside)  # git can store a link whose target is missing
    before = (root / "facts" / "sources.yaml").read_text()
    assert _add(root) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/{ARTICLE.name} is a link (to {outside}); citebrief does not write through links — "
        "remove it, or add the document under another name\n")
    assert not outside.exists()
    assert (root / "facts" / "sources.yaml").read_text() == before


def test_a_link_in_seeds_to_the_document_itself_is_refused_without_a_traceback(project, tmp_path, capsys):
    root = project()
    document = tmp_path / "article.txt"
    shutil.copy(ARTICLE, document)
    (root / "seeds" / "article.txt").symlink_to(document)
    assert main(["add-source", str(document), "--project", str(root), "--quiet"]) == 1
    assert capsys.readouterr().err == (
        f"citebrief: error: seeds/article.txt is a link (to {document}); citebrief does not write through links — "
        "remove it, or add the document under another name\n")
    assert document.read_text() == ARTICLE.read_text()


# Web pages, PDFs and URLs (issue 17)

PAGE = CASES / "pages" / "news_with_read_more_promo_and_comments.html"


def test_saved_page_is_kept_as_retrieved_beside_its_extracted_text(project, tmp_path):
    root = project()
    assert main(["add-source", str(PAGE), "--project", str(root), "--quiet"]) == 0
    sources, problems = load_sources(root)
    added = sources[-1]
    assert (added.id, added.file, added.retrieved, added.url, added.accessed) == (
        "example-herald-2025-04-09", "news-with-read-more-promo-and-comments.txt",
        "news-with-read-more-promo-and-comments.html", "https://herald.example/news/port-plan", None)
    stored = root / "seeds" / added.retrieved
    assert stored.read_bytes() == PAGE.read_bytes()
    assert added.retrieved_sha256 == hashlib.sha256(PAGE.read_bytes()).hexdigest()
    text = (root / "seeds" / added.file).read_text()
    assert "Read more" not in text and "The auditors' report will be published in full next month." in text


def test_furniture_quote_from_a_page_is_not_found(project):
    root = project()
    assert main(["add-source", str(PAGE), "--project", str(root), "--id", "herald", "--quiet"]) == 0
    (root / "facts" / "port.yaml").write_text(
        "- id: port\n  section: context\n  statement: A strike.\n"
        "  citations:\n    - source: herald\n      quote: \"Harbour strike enters third week\"\n")
    assert ("quote-not-found", "facts/port.yaml", 6, "port") in diagnostics(root)


def test_re_extract_rewrites_the_text_from_the_file_as_retrieved(project, capsys):
    root = project()
    assert main(["add-source", str(PAGE), "--project", str(root), "--id", "herald", "--quiet"]) == 0
    text = root / "seeds" / "news-with-read-more-promo-and-comments.txt"
    extracted = text.read_text()
    text.write_text("edited\n")
    assert main(["add-source", "--re-extract", "herald", "--project", str(root)]) == 0
    assert text.read_text() == extracted
    assert "extracted the text of 'herald' again into seeds/news-with-read-more-promo-and-comments.txt" in \
        capsys.readouterr().out
    (root / "seeds" / "news-with-read-more-promo-and-comments.html").write_text("<html>changed</html>")
    assert main(["add-source", "--re-extract", "herald", "--project", str(root)]) == 1
    assert "is not the file as retrieved (its SHA-256 differs" in capsys.readouterr().err


@pytest.fixture
def server():
    """A web server on 127.0.0.1 serving the page fixture, a redirect to it, a PDF type and a large file."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/old":
                self.send_response(301)
                self.send_header("Location", "/news/port-plan")
                self.end_headers()
            elif self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
            elif self.path == "/news/port-plan":
                body = PAGE.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/big":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"x" * (17 * 1024 * 1024))
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched_with_redirects_recorded_and_accessed_in_utc(project, server):
    root = project()
    run = subprocess.run([sys.executable, "-m", "citebrief", "add-source", f"{server}/old", "--project", str(root),
                          "--id", "herald"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"  redirected to {server}/news/port-plan\n" in run.stdout
    sources, _ = load_sources(root)
    added = sources[-1]
    assert (added.url, added.retrieved, added.file) == (f"{server}/news/port-plan", "port-plan.html", "port-plan.txt")
    assert added.accessed is not None and added.accessed.utcoffset().total_seconds() == 0
    assert (root / "seeds" / "port-plan.html").read_bytes() == PAGE.read_bytes()
    checked, problems = check(root)
    assert checked is not None


@pytest.mark.parametrize("path, message", [
    ("/loop", "more than 5 redirects"),
    ("/missing", "the server answered 404"),
    ("/big", "is larger than 16 MB, the most citebrief fetches"),
])
def test_url_refused_with_a_message_and_nothing_written(project, server, capsys, path, message):
    root = project()
    before = (root / "facts" / "sources.yaml").read_text()
    assert main(["add-source", f"{server}{path}", "--project", str(root)]) == 1
    assert message in capsys.readouterr().err
    assert (root / "facts" / "sources.yaml").read_text() == before
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["gazette.txt"]


def test_check_and_build_never_fetch(project, server):
    root = project()
    assert main(["add-source", f"{server}/news/port-plan", "--project", str(root), "--quiet"]) == 0
    run = subprocess.run([sys.executable, "-c", "import sys; from citebrief.build import check; "
                          f"check(__import__('pathlib').Path({str(root)!r})); "
                          "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'citebrief') "
                          "and m in ('httpx', 'citebrief.fetch')))"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stderr
