"""Tests for the statement-support check: every case under tests/cases/support/ and the shape of findings."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from citebrief.quotes import normalise
from citebrief.support import CODES, Evidence, check_statement, explain

CASES_DIR = Path(__file__).parent / "cases" / "support"


def _load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            case["file"] = path.name
            cases.append(case)
    return cases


CASES = _load_cases()


def _evidence(case: dict) -> list[Evidence]:
    return [
        Evidence(
            quote=item["quote"],
            sentence=item.get("sentence", item["quote"]),
            source_id=item.get("source", "source"),
            source_kind=item["kind"],
            publisher=item.get("publisher"),
            speaker=item.get("speaker"),
            published=item.get("published"),
            nearby=item.get("nearby", ""),
        )
        for item in case["evidence"]
    ]


def _check(case: dict):
    return check_statement(
        case["statement"],
        _evidence(case),
        date=case.get("date"),
        date_precision=case.get("date_precision", "day"),
        view_speaker=case.get("view_speaker"),
        context=tuple(case.get("context", ())),
    )


def _params():
    return [pytest.param(case, id=case["name"],
                         marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else [])
            for case in CASES]


def test_corpus_is_large_and_covers_every_code():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 80
    expected = {code for case in CASES for code in case["expect"]}
    assert expected == set(CODES)
    assert sum(1 for case in CASES if not case["expect"]) >= 30, "faithful paraphrases must be well represented"


@pytest.mark.parametrize("case", _params())
def test_case(case):
    found = _check(case)
    assert sorted({f.code for f in found}) == sorted(case["expect"]), [f.message for f in found]


@pytest.mark.parametrize("case", [c for c in CASES if c["expect"] and not c.get("xfail")], ids=lambda c: c["name"])
def test_finding_names_the_words_at_issue(case):
    statement = normalise(case["statement"])
    quotes = " ".join(normalise(e["quote"]) + " " + normalise(e.get("sentence", "")) for e in case["evidence"])
    for finding in _check(case):
        assert finding.code in CODES
        assert finding.words.rstrip("…") and finding.words.rstrip("…") in (statement + " " + quotes)
        assert f"{finding.words}" in finding.message


def test_issue_example_message():
    evidence = [
        Evidence("Economic security has been an ever-present element in trade talks between Japan and the United "
                 "States, and an area of broad agreement between the two countries.",
                 "Economic security has been an ever-present element in trade talks between Japan and the United "
                 "States, and an area of broad agreement between the two countries.",
                 "japan-times", "original", "The Japan Times"),
        Evidence("an agreement on economic security does little to get Japan what it really wants",
                 "Importantly, they note, an agreement on economic security does little to get Japan what it really "
                 "wants, which is a full removal of the heavy duties imposed by Washington since March.",
                 "japan-times", "original", "The Japan Times"),
    ]
    statement = ("Economic security is the area of broadest agreement in the talks, and an agreement on it does "
                 "little to get Japan what it really wants.")
    found = {f.code: f for f in check_statement(statement, evidence)}
    assert set(found) == {"scope-widened", "attribution-dropped"}
    assert found["scope-widened"].message == '"the area of broadest agreement" — the quote says "an area of broad agreement"'
    assert '("note")' in found["attribution-dropped"].message


def test_expert_view_keeps_its_speaker_without_attribution():
    quote = "That leaves very little room for collaboration."
    evidence = [Evidence(quote, "'The U.S. is not seeking partnership. That leaves very little room for "
                         "collaboration,' Suzuki said.", "jt", "original", "The Japan Times")]
    statement = "A U.S. drive for self-reliance leaves very little room for collaboration."
    assert [f.code for f in check_statement(statement, evidence)] == ["attribution-dropped"]
    assert check_statement(statement, evidence, view_speaker="Kazuto Suzuki") == []


def test_judgment_context_supports_its_words():
    evidence = [Evidence("Cabinet ministers are expected to hold discussions on fleshing out these measures.",
                         "Cabinet ministers are expected to hold discussions on fleshing out these measures.",
                         "yomiuri", "original", "The Yomiuri Shimbun")]
    judgment = "Cabinet ministers are expected to flesh out the measures, which Tokyo sees as a bargaining chip."
    assert [f.code for f in check_statement(judgment, evidence)] == ["unsupported-name"]
    context = ["Tokyo sees the measures as a bargaining chip in the tariff talks."]
    assert check_statement(judgment, evidence, context=context) == []


def test_explain_shows_matches_and_findings():
    evidence = [Evidence("China holds a 70% share of the global shipbuilding market by volume.",
                         "China holds a 70% share of the global shipbuilding market by volume.",
                         "yomiuri", "original", "The Yomiuri Shimbun", published=dt.date(2025, 5, 30))]
    text = explain("China holds a 75% share of global shipbuilding.", evidence)
    assert "quote 1 (yomiuri, original, The Yomiuri Shimbun)" in text
    assert "numbers: 75% (NOT matched)" in text
    assert "names: China (matched)" in text
    assert "unsupported-number" in text


def test_explain_shows_each_quotation_found_or_not():
    sentence = "He insisted that national security and tariff policy were “separate,” officials said."
    evidence = [Evidence(sentence, sentence, "jt", "original", "The Japan Times")]
    text = explain('Officials said he called security and tariff policy "separate" and "distinct".', evidence)
    assert "quotations: separate (matched), distinct (NOT matched)" in text
    assert "misquoted" in text


def test_fast_path_is_taken_only_where_no_clause_check_could_find_anything():
    from citebrief.support import plainly_within

    quote = Evidence("The refinery output rose from 40% to 60% in 2024.", "The refinery output rose from 40% to 60% in 2024.",
                     "wire", "original", "The Wire")
    assert plainly_within("The Wire reports that the refinery output rose from 40% to 60% in 2024.", [quote])
    # Figures, dates and names are still checked on the fast path.
    assert plainly_within("The refinery output rose from 40% to 65% in 2023.", [quote])
    assert [f.code for f in check_statement("The refinery output rose from 40% to 65% in 2023.", [quote])] == [
        "unsupported-number", "unsupported-date"]
    for drifted in ("The refinery output did not rise from 40% to 60% in 2024.",  # a negation
                    "Only the refinery output rose from 40% to 60% in 2024.",  # a scope word
                    "The reports say the refinery output rose from 40% to 60% in 2024.",  # one source made many
                    "Tokyo's refinery output rose from 40% to 60% in 2024."):  # a name that could act
        assert not plainly_within(drifted, [quote]), drifted
    for sentence, kind in (("The output could rise to 60% in 2024.", "original"),  # a hedge
                           ("The output rose to 60% in 2024, they note.", "original"),  # a frame
                           ("The output rose to 60% in 2024.", "opinion")):
        assert not plainly_within("The output rose to 60% in 2024.", [Evidence(sentence, sentence, "wire", kind)])
    hedged_context = plainly_within("The Wire reports that the refinery output rose from 40% to 60% in 2024.", [quote],
                                    context=("Output may rise",))
    assert not hedged_context


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_fast_path_finds_what_the_full_reading_finds(case, monkeypatch):
    import citebrief.support as support

    evidence = _evidence(case)
    statements = [case["statement"]] + [e.sentence for e in evidence]  # each quote's sentence restated as it stands
    for context, view in (((), None), (("Synthetic report 3",), None), (("Institute of Geoeconomics",), "Expert 3")):
        keywords = {"date": case.get("date"), "date_precision": case.get("date_precision", "day"),
                    "view_speaker": view or case.get("view_speaker"), "context": tuple(case.get("context", ())) + context}
        fast = [check_statement(s, evidence, **keywords) for s in statements]
        with monkeypatch.context() as patched:
            patched.setattr(support, "_plain", lambda *args: False)
            assert [check_statement(s, evidence, **keywords) for s in statements] == fast


# The fast path reads a text's scan (words and their forms, no token objects); the clause reading reads
# its tokens. Both must read the same words alike, wherever a word stands.

_SCAN_WORDS = st.sampled_from([
    "the", "The", "Japan", "U.S.", "US", "China's", "May", "may", "June", "Monday", "tonight", "about", "over",
    "up", "to", "a", "third", "twenty", "five", "2024", "1,200", "60%", "9:30", "3.5", "per", "cent", "million",
    "plan", "plans", "will", "could", "not", "don't", "Tanaka", "said", "According", "Officials", "officials",
    "café", "Kōno", "٣", "-", " - ", ",", ".", ";", ":", "(", ")", '"', "'", "Item", "item", "estimated", "tonnes",
])
_SCAN_TEXTS = st.lists(_SCAN_WORDS, max_size=40).map(" ".join) | st.text(max_size=60)


@settings(max_examples=400, deadline=None)
@given(text=_SCAN_TEXTS, known=st.frozensets(st.sampled_from(["officials", "according", "japan", "monday"])))
def test_scan_reads_each_word_as_the_tokens_do(text, known):
    from citebrief.support.reading import is_name, names_at
    from citebrief.support.text import as_noun, scan, tokens

    words, scanned = tokens(text), scan(text)
    assert scanned.words == [t.text for t in words]
    assert scanned.lowers == [t.lower for t in words]
    assert [(f.stem, f.capital, f.content) for f in scanned.forms] == [(t.stem, t.capital, t.content) for t in words]
    assert scanned.spans() == [(t.start, t.end) for t in words]
    assert [scanned.opens(i) for i in range(len(words))] == [t.opens_sentence for t in words]
    assert scanned.capitalised_inside() == [t.lower for t in words if t.capital and not t.opens_sentence]
    assert [scanned.as_noun(i) for i in range(len(words))] == [as_noun(words, i) for i in range(len(words))]
    assert [names_at(scanned, i, known) for i in range(len(words))] == [is_name(words, i, known)
                                                                          for i in range(len(words))]
    for first in range(len(words)):
        for last in range(first, min(len(words), first + 6)):
            assert scanned.between(first, last) == text[words[first].start:words[last].end]


@settings(max_examples=200, deadline=None)
@given(sentence=_SCAN_TEXTS, word=st.sampled_from(["officials", "according", "japan", "monday", "item", "kōno"]))
def test_support_knows_a_word_as_its_known_set_holds_it(sentence, word):
    from citebrief.support.reading import gather

    support = gather((Evidence(sentence or "x", sentence or "x", "wire", "original", "The Wire"),), (), None, "day", None)
    assert support.knows(word) == (word in support.known)


# One thing changed in a real quote: the shipped brief's own quotes, each restated with one drift of
# each kind that applies to it. The floors sit just under what the check caught when this test was
# written (numbers 14 of 15, qualifiers 5 of 6, dates 21 of 21, negations 60 of 64, certainty 25 of 29,
# names 53 of 57, scope 115 of 116): a change that loses drifts the check used to catch fails here.

def _shipped_claims():
    from citebrief import verify
    from citebrief.load import load_project
    from citebrief.seeds import read_seeds

    root = Path(__file__).parent.parent
    project, _ = load_project(root)
    texts, _ = read_seeds(root, project.sources)
    cited = [(f.id, f.citations) for f in project.facts]
    _, evidence = verify.verify_quotes(cited, texts)
    return [claim for claim in verify.statements(project, texts, evidence) if claim.evidence]


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?=%| percent|\b)")
_DRIFTS = {
    # kind: (code expected, (pattern, replacement) tried in turn; the first that applies makes the drift)
    "number": ("unsupported-number", [(_NUMBER, lambda m: str(int(float(m.group(1))) + 7)
                                       if not re.fullmatch(r"(19|20)\d\d", m.group(1)) else m.group(0))]),
    "qualifier": ("unsupported-number", [(re.compile(r"\b(about|nearly|up to|around|over) (?=\d)"), "")]),
    "date": ("unsupported-date", [(re.compile(rf"\b{a}\b"), b) for a, b in (
        ("Thursday", "Tuesday"), ("Friday", "Sunday"), ("March", "January"), ("April", "October"),
        ("May", "September"), ("2012", "2016"), ("2023", "2021"))]),
    "negation": ("negation-mismatch", [(re.compile(r"\b(is|are|was|were|has|have|will|can|does|did)\b(?! not)"),
                                        lambda m: m.group(1) + " not")]),
    "certainty": ("certainty-raised", [(re.compile(rf"\b{a}\b"), b) for a, b in (
        ("is believed to have", "has"), ("is considering", "has decided on"), ("is arranging to", "will"),
        ("could", "will"), ("may", "will"), ("reportedly ", ""), ("floated", "agreed"), ("proposed", "agreed"))]),
    "name": ("unsupported-name", [(re.compile(rf"\b{a}\b"), b) for a, b in (
        ("China", "Russia"), ("Trump", "Biden"), ("Ishiba", "Kishida"), ("Akazawa", "Hayashi"), ("Lynas", "Iluka"))]),
    "scope": ("scope-widened", [(re.compile(r"\b(a|an|the) (?=\w)"), "the only ")]),
    "quotation": ("misquoted", [(re.compile(r"(?<=[“\"])\w+"), "fresh")]),
}
_FLOORS = {"number": 0.9, "qualifier": 0.8, "date": 0.85, "negation": 0.9, "certainty": 0.8, "name": 0.85, "scope": 0.95,
           "quotation": 1.0}


def test_one_change_to_a_shipped_quote_is_caught():
    caught, tried = {kind: 0 for kind in _DRIFTS}, {kind: 0 for kind in _DRIFTS}
    for claim in _shipped_claims():
        for quote in {e.quote for e in claim.evidence if "..." not in e.quote and "…" not in e.quote}:
            for kind, (code, rules) in _DRIFTS.items():
                for pattern, replacement in rules:
                    drifted = pattern.sub(replacement, quote, count=1)
                    if drifted != quote:
                        break
                else:
                    continue
                if kind == "negation" and re.search(r"\b(not|no|never|n't)\b", quote):
                    continue
                before = sum(f.code == code for f in check_statement(quote, claim.evidence, **claim.options))
                after = sum(f.code == code for f in check_statement(drifted, claim.evidence, **claim.options))
                tried[kind] += 1
                caught[kind] += after > before
    for kind, floor in _FLOORS.items():
        assert tried[kind] >= 5, kind
        assert caught[kind] / tried[kind] >= floor, (kind, caught[kind], tried[kind])


# Faithful rewrites of the same quotes: what the check must not flag. One of the 95 rewrites is
# flagged when this test was written ("U.S. officials" as "United States officials" in a long quote of
# two sentences counts one more dropped attribution); the ceiling is that.
_FAITHFUL = {
    "percent": (re.compile(r"(\d)%"), r"\1 percent"),
    "per cent": (re.compile(r"(\d)%"), r"\1 per cent"),
    "number words": (re.compile(r"\b(2|3|4|5|7|10)\b(?![:.,%]\d?)(?!%)"),
                     lambda m: {"2": "two", "3": "three", "4": "four", "5": "five", "7": "seven", "10": "ten"}[m.group(1)]),
    "day month": (re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                             r" (\d{1,2})\b"), r"\2 \1"),
    "roughly": (re.compile(r"\babout (?=\d)"), "roughly "),
    "spelling": (re.compile(r"\blabor\b"), "labour"),
    "United States": (re.compile(r"\bU\.S\.(?= )"), "United States"),
    "short name": (re.compile(r"\bPrime Minister Shigeru Ishiba\b"), "Ishiba"),
    "opener dropped": (re.compile(r"^(Importantly|Meanwhile|Additionally|However|In addition), "), ""),
    "relative clause dropped": (re.compile(r", which .*$"), "."),
    "reworded": (re.compile(r"\bpurchases\b"), "buying"),
}


def test_faithful_rewrites_of_shipped_quotes_pass():
    flagged, tried = [], 0
    for claim in _shipped_claims():
        for quote in {e.quote for e in claim.evidence if "..." not in e.quote and "…" not in e.quote}:
            before = Counter(f.code for f in check_statement(quote, claim.evidence, **claim.options))
            for name, (pattern, replacement) in _FAITHFUL.items():
                rewrite = pattern.sub(replacement, quote, count=1)
                if rewrite == quote:
                    continue
                tried += 1
                after = Counter(f.code for f in check_statement(rewrite[:1].upper() + rewrite[1:], claim.evidence,
                                                                **claim.options))
                if after - before:
                    flagged.append((name, rewrite, dict(after - before)))
    assert tried >= 80
    assert len(flagged) <= 1, flagged
