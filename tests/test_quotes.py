import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citebrief.quotes import (
    Paragraph, Passages, closest_passage, dropped_negation, find_quote, fold_offsets, normalise, printed_quote,
    quote_words, too_short,
)

ARTICLE = Passages(
    [
        Paragraph(4, "The ministers said on Tuesday that a joint refinery “could be built within five years,” officials said."),
        Paragraph(5, "Output would rise to 40% of national demand by 2030 — the ministry’s estimate."),
        Paragraph(6, "The plan’s critics, however, call it ‘premature’ and   costly."),
    ]
)


def test_normalise_folds_typographic_quotes_and_apostrophes():
    assert normalise("“could” ‘premature’ plan’s «x» „y“") == "\"could\" 'premature' plan's \"x\" \"y\""


def test_normalise_folds_en_and_em_dashes_to_hyphen():
    assert normalise("2019–2022 — estimate") == "2019-2022 - estimate"


def test_normalise_folds_whitespace_runs_and_line_breaks():
    assert normalise("  a \t b\n\nc\u00a0d  ") == "a b c d"


def test_normalise_applies_nfkc():
    assert normalise("ﬁne … ２０２５") == "fine ... 2025"


def test_normalise_keeps_case():
    assert normalise("The Ministers") == "The Ministers"


def test_normalise_is_idempotent():
    text = "“Plan’s”  — 2019–2022\n… ﬁne"
    assert normalise(normalise(text)) == normalise(text)


def test_find_quote_verbatim():
    assert find_quote("The ministers said on Tuesday", ARTICLE).line == 4


def test_find_quote_with_typographic_quotes_typed_plain():
    assert find_quote("\"could be built within five years,\" officials said.", ARTICLE).line == 4
    assert find_quote("The plan's critics, however, call it 'premature'", ARTICLE).line == 6


def test_find_quote_with_dash_typed_as_hyphen():
    assert find_quote("by 2030 - the ministry's estimate", ARTICLE).line == 5


def test_find_quote_folds_whitespace_and_spans_line_breaks():
    assert find_quote("call it 'premature' and costly", ARTICLE).line == 6
    assert find_quote("the ministry's estimate.\nThe plan's critics", ARTICLE).line == 5


def test_find_quote_ellipsis_within_one_paragraph():
    assert find_quote("Output would rise ... by 2030", ARTICLE).line == 5
    assert find_quote("Output would rise … by 2030", ARTICLE).line == 5
    assert find_quote("The ministers said [...] within five years", ARTICLE).line == 4


def test_find_quote_ellipsis_pieces_must_keep_their_order():
    assert find_quote("by 2030 … Output would rise", ARTICLE) is None


def test_find_quote_ellipsis_may_not_cross_paragraphs():
    assert find_quote("a joint refinery … 40% of national demand", ARTICLE) is None


def test_find_quote_rejects_near_misses():
    assert find_quote("Output would rise to 45% of national demand", ARTICLE) is None
    assert find_quote("Output will rise to 40% of national demand", ARTICLE) is None
    assert find_quote("Output would rise to 40 % of national demand", ARTICLE) is None


def test_find_quote_is_case_sensitive():
    assert find_quote("the Ministers said", ARTICLE) is None


def test_find_quote_must_not_cut_through_a_word():
    assert find_quote("inisters said", ARTICLE) is None
    assert find_quote("The ministers sai", ARTICLE) is None


def test_find_quote_only_searches_the_given_paragraphs():
    body = Passages(ARTICLE.paragraphs[:1])
    assert find_quote("Output would rise", body) is None


def test_closest_passage_shows_the_near_miss():
    closest = closest_passage("Output would rise to 45% of national demand", ARTICLE)
    assert closest.line == 5
    assert closest.text.startswith("Output would rise to 40% of national demand")


# Issue 16: the quote matcher.

TALKS = Passages(
    [
        Paragraph(2, "The U.S. is not seeking partnership on refining, a senior official said on Monday."),
        Paragraph(3, "For now, they note, this remains strategic theater, not yet industrial execution."),
        Paragraph(4, "Exports fell 12.7% in May; 1,250 tonnes left the port."),
        Paragraph(5, "The fund holds 10⁶ million yen, about ½ of it in bonds."),
    ]
)


def test_a_number_is_one_word():
    assert find_quote("Exports fell 12.", TALKS) is None
    assert find_quote("Exports fell 12", TALKS) is None
    assert find_quote("7% in May", TALKS) is None
    assert find_quote("in May; 1,", TALKS) is None
    assert find_quote("250 tonnes left the port", TALKS) is None
    assert find_quote("Exports fell 12.7% in May", TALKS).line == 4
    assert find_quote("1,250 tonnes left the port.", TALKS).line == 4


def test_normalise_keeps_superscripts_subscripts_and_fractions():
    assert normalise("10⁶ H₂O ½") == "10⁶ H₂O ½"
    assert normalise("10⁶") != normalise("106")


def test_normalise_still_folds_typography():
    assert normalise("ﬁne\u00a0“x” – ２０２５…") == 'fine "x" - 2025...'


def test_find_quote_tells_a_superscript_from_a_digit():
    assert find_quote("The fund holds 106 million yen", TALKS) is None
    assert find_quote("The fund holds 10⁶ million yen", TALKS).line == 5
    assert find_quote("about 1/2 of it in bonds", TALKS) is None


def test_ellipsis_dropping_a_negation_is_reported():
    assert dropped_negation(find_quote("The U.S. is ... seeking partnership", TALKS)) == "not"
    assert dropped_negation(find_quote("this remains … industrial execution", TALKS)) == "strategic theater, not yet"
    assert dropped_negation(find_quote("The U.S. is not ... partnership on refining", TALKS)) is None


def test_a_placement_without_a_dropped_negation_wins():
    both = Passages([Paragraph(1, "Talks say it is not yet ready."), Paragraph(2, "Talks say it is now ready.")])
    match = find_quote("Talks say it is ... ready.", both)
    assert (match.line, match.dropped) == (2, ("now",))


@pytest.mark.parametrize("quote", [".", "the", "of the", "it is the", "72%", "fell 72%", "... the ...", "“ ” —"])
def test_too_short(quote):
    assert too_short(quote)


@pytest.mark.parametrize("quote", ["exports fell 72%", "Exports fell 12.7% in May", "The U.S. is ... seeking partnership"])
def test_long_enough(quote):
    assert not too_short(quote)


def test_quote_words_keep_numbers_whole():
    assert quote_words("fell 12.7% to 1,250 tonnes") == ["fell", "12.7", "to", "1,250", "tonnes"]


# Issue 11: a quote located once, in the source's own terms.

def test_span_gives_lines_and_offsets_in_normalised_and_original_text():
    passages = Passages([Paragraph(5, "The plan’s  critics, however,"), Paragraph(6, "call it ‘premature’.")])
    match = find_quote("critics, however, call it 'premature'", passages)
    (start, end), = match.pieces
    span = passages.span(start, end)
    assert passages.joined[span.start:span.end] == "critics, however, call it 'premature'"
    assert (span.line, span.last_line, span.column, span.end_column) == (5, 6, 12, 19)
    assert span.text == "critics, however,\ncall it ‘premature’"


def test_every_piece_of_an_elided_quote_is_located():
    match = find_quote("Output would rise ... by 2030", ARTICLE)
    spans = [ARTICLE.span(start, end) for start, end in match.pieces]
    assert [(s.line, s.column, s.end_column, s.text) for s in spans] == [(5, 0, 17, "Output would rise"), (5, 44, 51, "by 2030")]
    assert match.dropped == ("to 40% of national demand",)


def test_sentence_keeps_the_attribution():
    match = find_quote("this remains strategic theater", TALKS)
    sentence = TALKS.sentence(match.pieces[0][0], match.pieces[-1][1])
    assert sentence.text == "For now, they note, this remains strategic theater, not yet industrial execution."
    assert (sentence.line, sentence.column) == (3, 0)


def test_sentence_does_not_end_at_an_abbreviation():
    match = find_quote("is not seeking partnership", TALKS)
    sentence = TALKS.sentence(match.pieces[0][0], match.pieces[-1][1])
    assert sentence.text == TALKS.paragraphs[0].text


def test_sentence_of_a_quote_ending_a_sentence_stops_there():
    passages = Passages([Paragraph(1, "Talks ended. Ministers agreed on Tuesday. Nobody else did.")])
    match = find_quote("agreed on Tuesday.", passages)
    assert passages.sentence(*match.pieces[0]).text == "Ministers agreed on Tuesday."


def test_fold_offsets_maps_each_folded_character_to_the_original():
    text = "  ﬁne “x”\u00a0 e\u0301t\u00e9 … end "
    folded, starts, ends = fold_offsets(text)
    assert folded == normalise(text)
    assert text[starts[0]:ends[1]] == "ﬁ"  # the ligature folds to two letters of one origin
    at = folded.index("...")
    assert text[starts[at]:ends[at + 2]] == "…"
    at = folded.index("ét")
    assert text[starts[at]:ends[at + 1]] == "e\u0301t"


def test_a_soft_hyphen_on_either_side_does_not_stop_a_quote_matching():
    # A page may mark where a long word can break (&shy;); an extractor drops the mark, a reader's copy may keep it.
    source = Passages([Paragraph(1, "The Bundes\u00adverkehrs\u00administer said the co\u00adoperation would last.")])
    assert find_quote("The Bundesverkehrsminister said the cooperation", source) is not None
    plain = Passages([Paragraph(1, "The Bundesverkehrsminister said the cooperation would last.")])
    assert find_quote("the co\u00adoperation would last", plain) is not None
    assert find_quote("the co\u00adoperation would last", source) is not None
    assert find_quote("Bundes\u00adverkehrs said the", source) is None  # still whole words only
    # located in the source's own characters, the soft hyphens it holds included
    (start, end), = find_quote("the co\u00adoperation would last", source).pieces
    span = source.span(start, end)
    assert (span.column, span.end_column, span.text) == (34, 61, "the co\u00adoperation would last")
    assert source.sentence(start, end).text == source.paragraphs[0].text


def test_joiners_on_either_side_do_not_stop_a_quote_matching():
    # Persian writes a zero-width non-joiner inside words, emoji sequences hold zero-width joiners; trafilatura
    # drops both, a quote copied from the page keeps them.
    extracted = Passages([Paragraph(1, "گفت که میخواهم بروم و خانواده 👨👩👧 آمدند")])
    assert find_quote("گفت که می\u200cخواهم بروم", extracted) is not None
    assert find_quote("خانواده 👨\u200d👩\u200d👧 آمدند", extracted) is not None
    assert find_quote("خواهم بروم و", extracted) is None  # "میخواهم" is one word, joined or not


def test_fold_offsets_maps_past_invisible_characters():
    text = "the co\u00adoper\u00adation, e\u200d\u0301 and \u00ad"
    folded, starts, ends = fold_offsets(text)
    assert folded == normalise(text) == "the cooperation, \u00e9 and"
    at = folded.index("cooperation")
    assert text[starts[at]:ends[at + len("cooperation") - 1]] == "co\u00adoper\u00adation"
    at = folded.index("\u00e9")
    assert text[starts[at]:ends[at]] == "e\u200d\u0301"


def test_printed_quote_takes_the_source_characters_and_keeps_the_quote_ellipses():
    assert printed_quote("The plan's critics [...] 'premature'", ["The plan’s critics", "‘premature’"]) == \
        "The plan’s critics [...] ‘premature’"


# Issue 16: the closest-passage search does one near-linear alignment per paragraph.

def test_closest_passage_aligns_each_paragraph_once(monkeypatch):
    import citebrief.quotes as quotes
    from rapidfuzz import fuzz

    calls = []
    real = fuzz.partial_ratio_alignment
    monkeypatch.setattr(fuzz, "partial_ratio_alignment", lambda *a, **k: calls.append(a) or real(*a, **k))
    words = " ".join(f"word{n}" for n in range(700))
    body = Passages([Paragraph(1, "Nothing like it here at all."), Paragraph(2, words), Paragraph(3, "Nor here.")])
    near_miss = words[:4000].replace("word35", "wort35")
    closest = quotes.closest_passage(near_miss, body)
    assert closest.line == 2
    assert closest.text.startswith("word0 word1 word2")
    assert len(calls) <= len(body.paragraphs)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.text(alphabet=" \t\n\u00a0abc’—…ﬁ²½e\u0301\u0323\u00ad\u200c\u200d")))
def test_fold_offsets_agrees_with_normalise_and_runs_forward(text):
    folded, starts, ends = fold_offsets(text)
    assert folded == normalise(text)
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends))
