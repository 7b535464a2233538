"""Publishing editions: versioned PDFs with checksums, latest.pdf, an Atom feed a reader accepts, idempotent."""

import hashlib

import feedparser
import pytest

from citebrief.cli import main


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741219200")  # 6 March 2025


def _files(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_publish_two_editions_end_to_end(project, tmp_path):
    root = project("quote_verbatim.yaml")
    site = tmp_path / "site"
    assert main(["build", "--project", str(root)]) == 0
    assert main(["publish", "--project", str(root), "--to", str(site), "--base-url", "https://briefs.example/"]) == 0
    first = (site / "brief-edition-1.pdf").read_bytes()
    assert first == (root / "output" / "brief.pdf").read_bytes() == (site / "latest.pdf").read_bytes()
    digest = hashlib.sha256(first).hexdigest()
    assert (site / "brief-edition-1.pdf.sha256").read_text() == f"{digest}  brief-edition-1.pdf\n"

    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("Ministers agreed", "Ministers have agreed"))
    assert main(["build", "--project", str(root)]) == 0
    assert main(["publish", "--project", str(root), "--to", str(site), "--base-url", "https://briefs.example/"]) == 0
    assert (site / "brief-edition-1.pdf").read_bytes() == first
    assert (site / "latest.pdf").read_bytes() == (site / "brief-edition-2.pdf").read_bytes() != first

    feed = feedparser.parse((site / "feed.atom").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Refinery Brief"
    assert [e.title for e in feed.entries] == ["Refinery Brief — edition 2", "Refinery Brief — edition 1"]
    assert feed.entries[0].summary == "Changes since edition 1: 1 facts changed."
    assert feed.entries[1].summary == "The first edition."
    links = {link.rel: link.href for link in feed.entries[0].links}
    assert links == {"enclosure": "https://briefs.example/brief-edition-2.pdf",
                     "alternate": "https://briefs.example/brief-edition-2.pdf"}
    assert feed.entries[0].updated == "2025-03-06T00:00:00Z"
    assert len({e.id for e in feed.entries}) == 2


def test_republishing_the_same_edition_changes_nothing(project, tmp_path, capsys):
    root = project("quote_verbatim.yaml")
    site = tmp_path / "site"
    main(["build", "--project", str(root)])
    main(["publish", "--project", str(root), "--to", str(site)])
    before = _files(site)
    capsys.readouterr()
    assert main(["publish", "--project", str(root), "--to", str(site)]) == 0
    assert _files(site) == before
    assert "edition 1 is already published" in capsys.readouterr().out


def test_publish_before_any_build_says_so(project, tmp_path, capsys):
    root = project("quote_verbatim.yaml")
    assert main(["publish", "--project", str(root), "--to", str(tmp_path / "site")]) == 1
    assert "holds no built edition; run citebrief build first" in capsys.readouterr().err


def test_publish_refuses_to_replace_a_published_edition(project, tmp_path, capsys):
    # Losing output/ and rebuilding makes another "edition 1" with other bytes: it must not replace the published one.
    import shutil

    root = project("quote_verbatim.yaml")
    site = tmp_path / "site"
    assert main(["build", "--project", str(root)]) == 0
    assert main(["publish", "--project", str(root), "--to", str(site)]) == 0
    before = _files(site)
    shutil.rmtree(root / "output")
    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("Ministers agreed", "Ministers have agreed"))
    assert main(["build", "--project", str(root)]) == 0
    capsys.readouterr()
    assert main(["publish", "--project", str(root), "--to", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"citebrief: error: {site / 'brief-edition-1.pdf'} is already published with other bytes" in err
    assert "published files are never replaced" in err
    assert _files(site) == before


def test_feed_keeps_editions_the_local_history_does_not_know(project, tmp_path):
    import json

    root = project("quote_verbatim.yaml")
    site = tmp_path / "site"
    main(["build", "--project", str(root)])
    main(["publish", "--project", str(root), "--to", str(site)])
    facts = root / "facts" / "quote_verbatim.yaml"
    facts.write_text(facts.read_text().replace("Ministers agreed", "Ministers have agreed"))
    main(["build", "--project", str(root)])
    main(["publish", "--project", str(root), "--to", str(site)])
    history = root / "output" / "editions.json"
    editions = json.loads(history.read_text())
    history.write_text(json.dumps(editions[1:] if isinstance(editions, list) else
                                  dict(editions, editions=editions["editions"][1:])))
    assert main(["publish", "--project", str(root), "--to", str(site)]) == 0
    feed = feedparser.parse((site / "feed.atom").read_bytes())
    assert [e.title for e in feed.entries] == ["Refinery Brief — edition 2", "Refinery Brief — edition 1"]
    assert [e.summary for e in feed.entries] == ["Changes since edition 1: 1 facts changed.", "The first edition."]


def test_feed_is_built_as_xml_and_names_the_author(project, tmp_path):
    from xml.etree import ElementTree

    root = project("quote_verbatim.yaml")
    settings = root / "citebrief.toml"
    title = 'Tariffs & "quotas" <2025> ]]> \u00e9dition'
    settings.write_text(settings.read_text().replace('title = "Refinery Brief"', f"title = '{title}'")
                        .replace('author = "Test Desk"', 'author = "Desk <A&B>"'))
    main(["build", "--project", str(root)])
    assert main(["publish", "--project", str(root), "--to", str(tmp_path / "site")]) == 0
    data = (tmp_path / "site" / "feed.atom").read_bytes()
    ElementTree.fromstring(data)
    feed = feedparser.parse(data)
    assert not feed.bozo
    assert feed.feed.title == title
    assert feed.feed.author_detail.name == "Desk <A&B>"
    assert feed.entries[0].title == f"{title} — edition 1"
