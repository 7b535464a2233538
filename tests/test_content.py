"""The brief's content as data: records with their seeds' hashes, a hash that names the content, CSL-JSON."""

import hashlib
import json

import pytest

from citebrief.build import check
from citebrief.content import canonical, content_hash, content_records, csl_item, csl_json
from citebrief.models import Source


@pytest.fixture
def checked(project):
    """A small project with two facts and the more_sources seeds, checked."""
    root = project("quote_verbatim.yaml", "quote_with_ellipsis.yaml", more_sources=True)
    result, problems = check(root)
    assert result is not None, problems
    return result


def test_records_hold_every_record_in_order_with_each_seed_hash(checked):
    project = checked.project
    records = content_records(project, {"gazette": "a" * 64, "wire": "b" * 64})
    assert records["format"] == "citebrief-records/1"
    assert records["settings"]["title"] == "Refinery Brief" and records["settings"]["as_of"] == "2025-03-05"
    assert [(s["id"], s["sha256"]) for s in records["sources"]] == [
        ("gazette", "a" * 64), ("wire", "b" * 64), ("herald", None)]
    assert records["sources"][0]["published"] == "2025-03-04"
    assert [f["id"] for f in records["facts"]] == [f.id for f in project.facts]
    assert records["facts"][0]["citations"][0]["quote"] == project.facts[0].citations[0].quote
    assert records["judgments"] == [] and records["disagreements"] == []
    json.dumps(records)  # plain JSON all through: dates as text


def test_canonical_is_sorted_compact_utf8():
    assert canonical({"b": [1, "Süd"], "a": {"y": None, "x": True}}) == (
        '{"a":{"x":true,"y":null},"b":[1,"Süd"]}'.encode())
    assert canonical({"a": 1, "b": 2}) == canonical({"b": 2, "a": 1})


def test_content_hash_is_the_sha256_of_the_canonical_records(checked):
    records = content_records(checked.project, {})
    assert content_hash(records) == hashlib.sha256(canonical(records)).hexdigest()
    reordered = dict(reversed(list(records.items())))
    assert content_hash(reordered) == content_hash(records)


def test_content_hash_changes_with_a_statement_or_a_seed(checked):
    project = checked.project
    before = content_hash(content_records(project, {"gazette": "a" * 64}))
    assert content_hash(content_records(project, {"gazette": "c" * 64})) != before
    edited = project.facts[0].model_copy(update={"statement": project.facts[0].statement + " Not yet."})
    records = content_records(project, {"gazette": "a" * 64})
    records["facts"][0] = edited.model_dump(mode="json")
    assert content_hash(records) != before


@pytest.mark.parametrize(("case", "fields", "expected"), [
    ("original_newspaper_report",
     {"title": "Ministers Agree", "publisher": "Masthead Daily", "published": "2025-03-04", "kind": "original"},
     {"type": "article-newspaper", "title": "Ministers Agree", "container-title": "Masthead Daily",
      "publisher": "Masthead Daily", "issued": {"date-parts": [[2025, 3, 4]]}}),
    ("kind_not_given_is_a_newspaper_report",
     {"publisher": "Masthead Daily"},
     {"type": "article-newspaper", "container-title": "Masthead Daily", "publisher": "Masthead Daily"}),
    ("opinion_in_a_newspaper",
     {"title": "View", "publisher": "Herald", "kind": "opinion"},
     {"type": "article-newspaper", "title": "View", "container-title": "Herald", "publisher": "Herald",
      "genre": "opinion"}),
    ("rewrite_is_an_article_with_its_genre",
     {"title": "Wire copy", "publisher": "Wire", "kind": "rewrite", "note": "rewrites the gazette"},
     {"type": "article", "title": "Wire copy", "container-title": "Wire", "publisher": "Wire",
      "genre": "rewrite", "note": "rewrites the gazette"}),
    ("no_publisher_is_an_article",
     {"kind": "original"},
     {"type": "article"}),
])
def test_csl_item(case, fields, expected):
    source = Source(id="src", file="src.txt", **fields)
    assert csl_item(source) == {"id": "src", **expected}


def test_csl_json_describes_every_source_in_order(checked):
    assert [item["id"] for item in csl_json(checked.project.sources)] == ["gazette", "wire", "herald"]
