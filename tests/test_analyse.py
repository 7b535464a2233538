"""Arranging a verified project: notes come from the quotes verify located, in the source's own characters."""

from dataclasses import replace

from citebrief.analyse import analyse
from citebrief.build import check
from citebrief.models import Evidence


def _checked(project, *cases):
    checked, problems = check(project(*cases))
    assert checked is not None, problems
    return checked


def test_notes_print_the_source_characters_not_the_typed_quote(project):
    checked = _checked(project, "quote_with_curly_apostrophe.yaml")
    brief = analyse(checked.project, checked.texts, checked.evidence)
    typed = checked.project.facts[0].citations[0].quote
    assert "'" in typed
    assert [note.quote for note in brief.notes] == ["The plan’s critics, however, call it ‘premature’"]


def test_notes_take_their_place_from_the_evidence_and_search_nothing_again(project):
    checked = _checked(project, "quote_verbatim.yaml")
    citation = checked.project.facts[0].citations[0]
    located = checked.evidence.of(citation)
    moved = replace(located, pieces=(replace(located.pieces[0], line=99, last_line=99),), text="as located")
    brief = analyse(checked.project, checked.texts, Evidence([moved]))
    assert [(note.line, note.quote, note.located) for note in brief.notes] == [(99, "as located", moved)]


def test_notes_carry_the_sentence_each_quote_stands_in(project):
    checked = _checked(project, "quote_verbatim.yaml")
    brief = analyse(checked.project, checked.texts, checked.evidence)
    assert brief.notes[0].located.sentence.text == (
        "The ministers said on Tuesday that a joint refinery “could be built within five years,” officials said."
    )
