from citebrief.quotes import Paragraph, Passages, closest_passage, find_quote, normalise

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
