"""The shipped fact base covers its sources: every article paragraph with a figure is cited or explained."""

import re

import yaml

from citebrief.build import check
from citebrief.quotes import find_quote
from conftest import REPO

ALLOWLIST = REPO / "tests" / "completeness_allowlist.yaml"


def _allowlist() -> list[dict]:
    return yaml.safe_load(ALLOWLIST.read_text()) or [] if ALLOWLIST.exists() else []


def test_every_paragraph_with_a_figure_is_cited_or_allowlisted():
    checked, problems = check(REPO)
    assert checked is not None, problems
    cited: dict[str, set[int]] = {source_id: set() for source_id in checked.texts}
    for fact in checked.project.facts:
        for citation in fact.citations:
            match = find_quote(citation.quote, checked.texts[citation.source].body)
            cited[citation.source].update(range(match.line, match.last_line + 1))
    allowed = _allowlist()
    missing = []
    for source_id, text in checked.texts.items():
        for paragraph in text.body.paragraphs:
            if not re.search(r"\d", paragraph.text) or paragraph.line in cited[source_id]:
                continue
            if any(a["source"] == source_id and a["contains"] in paragraph.text for a in allowed):
                continue
            missing.append(f"{text.rel}:{paragraph.line}: {paragraph.text[:80]}")
    assert missing == []


def test_allowlist_entries_are_reasoned_and_still_needed():
    checked, _ = check(REPO)
    for entry in _allowlist():
        assert set(entry) == {"source", "contains", "reason"}, entry
        assert len(entry["reason"].split()) >= 5, entry
        text = checked.texts[entry["source"]]
        lines = [p for p in text.body.paragraphs if entry["contains"] in p.text]
        assert len(lines) == 1, f"{entry['contains']!r} should name exactly one body paragraph"


def test_every_seed_is_cited():
    checked, _ = check(REPO)
    cited = {c.source for f in checked.project.facts for c in f.citations}
    assert cited == set(checked.texts)


def test_seeds_are_the_shared_articles_byte_for_byte():
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        import pytest

        pytest.skip("../shared/seeds is not beside this checkout")
    for original in shared.iterdir():
        assert (REPO / "seeds" / original.name).read_bytes() == original.read_bytes()
