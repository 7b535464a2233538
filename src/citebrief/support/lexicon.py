"""The word lists the statement check reads text with: one owner for every cue word."""

from __future__ import annotations

STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from into onto about as than then that this these those
it its it's they them their there here he she his her we our you your i me my is are was were be been being
am do does did done has have had having will would shall should can could may might must so such not no nor
very also too more most less least much many some any each both either neither other another own same
what which who whom whose when where why how all only just still yet even ever again further once up down
out over under off between through during before after above below while because until since per via
one s t said says say every several few many
""".split())

# Capitalised words that are titles or sentence furniture, never a named actor on their own.
TITLES = frozenset("""
mr ms mrs dr professor prof president prime minister secretary chief deputy director chair chairman
minister's sen senator ambassador governor general lieutenant mayor king queen emperor premier
""".split())

# Each group names one actor; naming any member counts as naming the others.
ALIASES = (
    frozenset({"united states", "u.s.", "us", "usa", "u.s.a.", "america", "american", "americans", "washington"}),
    frozenset({"japan", "japanese", "tokyo"}),
    frozenset({"china", "chinese", "beijing"}),
    frozenset({"united kingdom", "uk", "u.k.", "britain", "british", "london"}),
    frozenset({"australia", "australian", "canberra"}),
    frozenset({"european union", "eu", "e.u.", "europe", "european", "brussels"}),
)

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
WEEKDAYS = {name: number for number, name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "midnight", "noon", "midday",
                          "overnight", "dawn", "tonight"})

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
# The words besides numerals that may give a figure, those that may give a date, and both: only where one
# of them or a numeral stands is a figure or a date looked for.
# Fractions, as the percentages they give: "half of", "a third of", "two-thirds of" ("two", then "thirds").
FRACTIONS = {"half": 50, "third": 100 / 3, "quarter": 25, "fifth": 20, "tenth": 10}
FRACTIONS_PLURAL = {"halves": 50, "thirds": 100 / 3, "quarters": 25, "fifths": 20, "tenths": 10}
NUMBERISH = frozenset(NUMBER_WORDS) | frozenset(ORDINAL_WORDS) | frozenset(FRACTIONS)
DATEISH = frozenset(MONTHS) | frozenset(WEEKDAYS) | TIMES_OF_DAY
NUMERALISH = NUMBERISH | DATEISH
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000}
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pct", "percentage"})

# Qualifiers of a figure, by what they say about it; "roughly" and "about" are the same thing.
QUALIFIERS = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "some": "about",
    "estimated": "about", "approx": "about", "circa": "about", "almost": "nearly", "nearly": "nearly",
    "close to": "nearly", "just under": "nearly", "over": "over", "more than": "over", "above": "over",
    "exceeding": "over", "upwards of": "over", "up to": "up to", "as many as": "up to", "as much as": "up to",
    "at most": "up to", "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "less than": "under", "fewer than": "under", "under": "under", "below": "under",
}

# Words that make a clause negative; "a little" and "a few" are not negations.
NEGATIONS = frozenset("""
not n't no never without none nor neither nothing nobody cannot lack lacks lacked lacking fail fails
failed failing little few hardly barely scarcely avoid avoids avoided avoiding refuse refuses refused
decline declines declined deny denies denied absent missing unable scarce scant sparse
""".split())
NEGATION_PHRASES = ("yet to", "short of")  # "not yet", "no longer" already count through "not" and "no"

# How sure a clause is, from least to most sure; a clause without any of these states a fact.
SPECULATIVE, INTENDED, PROPOSED, ASSERTED = 0, 1, 2, 3
TIER_NAMES = {SPECULATIVE: "speculative", INTENDED: "intended", PROPOSED: "proposed", ASSERTED: "stated as fact"}
HEDGES = {
    **dict.fromkeys("""could may might possibly possible perhaps potential potentially reportedly
        believed floated float floating rumoured rumored apparently appears appear appeared seems seem
        seemed likely unlikely probably allegedly supposedly uncertain option options conceivably
        speculation idea ideas possibility plausible plausibly""".split(), SPECULATIVE),
    **dict.fromkeys("""considering consider considers considered consideration arranging arrange
        arranges plans plan planning planned expected expects expect intends intend intending intention
        seeks seek seeking prepared leaned leaning lean exploring explore explores
        study studying mulling weighing scheduled preparing aim aims aiming hope hopes hoping""".split(), INTENDED),
    **dict.fromkeys("""propose proposes proposed proposing offer offers offered offering suggest
        suggests suggested suggesting""".split(), PROPOSED),
}
HEDGE_PHRASES = {"on the table": SPECULATIVE, "is set to": INTENDED, "are set to": INTENDED,
                 "under consideration": INTENDED, "under study": INTENDED, "under discussion": INTENDED,
                 "under review": INTENDED, "being considered": INTENDED, "being discussed": INTENDED, "is looking at": INTENDED,
                 "are looking at": INTENDED, "put forward": PROPOSED}

# Words by which a statement gives a view or a claim to someone else.
ATTRIBUTION_VERBS = frozenset("""
say says said saying note notes noted noting argue argues argued arguing warn warns warned warning
believe believes believed think thinks thought claim claims claimed contend contends contended
report reports reported reporting write writes wrote written add adds added insist insists insisted
tell tells told suggest suggests suggested describe describes described calls find finds
found see sees views viewed estimate estimates estimated put puts credit credits credited
according citing expect expects expected assess assesses assessed judge judges judged observe observes
observed admit admits admitted acknowledge acknowledges acknowledged stress stresses stressed
explain explains explained quote quotes quoted cite cites cited mention mentions mentioned stated
""".split())
# Attribution verbs that give a claim to someone only before one word ("as Chou puts it", not "put forward").
ATTRIBUTING_ONLY_BEFORE = {"put": "it", "puts": "it"}
# Nouns by which a statement names a source instead of a person.
SOURCE_NOUNS = frozenset("""
report reports article articles piece pieces rewrite rewrites retelling commentary analysis story
stories account accounts source sources outlet outlets observers analysts experts commentators critics
officials
""".split())
PLURAL_SOURCE_NOUNS = frozenset({"reports", "articles", "pieces", "stories", "accounts", "outlets",
                                 "media", "press", "rewrites", "commentaries", "sources"})
SINGULAR_SOURCE_NOUNS = frozenset({"piece", "article", "report", "story", "announcement", "commentary",
                                   "post", "column", "editorial", "account"})

# A frame by which a source gives what follows (or precedes) to someone: verbs that take a reported clause.
FRAME_VERBS = frozenset("""
learned learnt say says said note notes noted argue argues argued warn warns warned think thinks believe believes
claim claims claimed contend contends contended insist insists insisted add adds added told tell tells
confirmed confirm confirms stressed stress stresses explained explains stated
""".split())
# Words that negate a clause's subject after a copula ("details remain scarce"), and the copulas.
PREDICATE_NEGATIONS = frozenset({"scarce", "scant", "sparse", "absent", "missing", "lacking"})
COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "remain", "remains", "remained", "seem", "seems",
                     "seemed", "appear", "appears", "appeared", "become", "becomes", "became", "stay", "stays"})
# Verbs that make a comma piece a claim of its own, not a description of who someone is.
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
                         "may", "might", "must", "should", "does", "do", "did", "remains", "remain", "remained"})
# Auxiliaries by which a verb after "and" starts a claim of its own, outside the hedge before it.
FINITE_AUXILIARIES = frozenset({"has", "have", "had", "will", "is", "are", "was", "were", "did"})
# Words of acts two actors do together, which "with" joins either way round.
TOGETHER = frozenset("""meet meets met meeting talk talks talked held hold holds spoke speak speaks call called calls
cooperate cooperates cooperated cooperating cooperation work works worked working partner partners partnered
partnership agree agrees agreed agreement deal deals sign signs signed trade trades traded ties relations alliance
negotiate negotiates negotiated negotiating negotiations discuss discussed discussion discussions joint jointly
together compete competes competing competition summit dialogue consultations exchange exchanged views""".split())
# Words that open when or where something was said, not what: "said Thursday ahead of talks", "said on Friday".
CIRCUMSTANCES = frozenset({"on", "at", "in", "ahead", "after", "before", "during", "earlier", "later", "last", "this",
                           "yesterday", "today", "tonight", "recently", ".", ";"}) | TIMES_OF_DAY
# Words that open a phrase of when or where before a clause's subject ("Between 2019 and 2022, the U.S. …").
OPENING_PREPOSITIONS = frozenset({"in", "on", "at", "between", "during", "since", "after", "before", "by", "from",
                                  "until", "amid", "despite", "meanwhile", "last", "earlier", "later"})
# Words that open a relative clause: a word opening a sentence before ", which" is a name, not "However,".
RELATIVES = frozenset({"which", "who", "whose", "whom"})
# Words that end an institution's name: a name before one is the institution's own, never a first name.
INSTITUTIONS = frozenset("""university institute ministry bank agency council department corporation company group
association foundation centre center committee commission office times post journal shimbun party chamber
federation organization organisation fund school college laboratory""".split())
# Verbs of an impersonal passive that reports a view no one is named for ("is believed to", "is thought to").
IMPERSONAL_FRAMES = frozenset({"believed", "thought", "understood", "rumoured", "rumored"})
FRAME_OPENERS = ("according to", "in the view of", "in his view", "in her view", "in their view")

# Scope words a statement must not add: each is allowed when the quotes carry one of its equivalents.
SCOPE_WORDS = {
    "only": {"only", "sole", "solely", "alone", "exclusively", "just", "merely", "simply"},
    "sole": {"only", "sole", "solely", "alone"},
    "solely": {"only", "sole", "solely", "alone", "exclusively"},
    "exclusively": {"only", "solely", "exclusively"},
    "all": {"all", "every", "each", "entire", "entirely", "whole", "100%", "fully", "completely", "totally"},
    "every": {"all", "every", "each", "entire", "whole"},
    "entire": {"all", "entire", "entirely", "whole", "100%", "every"},
    "entirely": {"all", "entire", "entirely", "whole", "100%", "fully", "completely", "totally"},
    "whole": {"all", "entire", "whole", "100%", "every"},
    "always": {"always", "every", "never", "ever", "invariably"},
    "chiefly": {"chiefly", "mainly", "mostly", "primarily", "principally", "largely", "predominantly", "main", "chief", "primary"},
    "mainly": {"chiefly", "mainly", "mostly", "primarily", "principally", "largely", "predominantly", "main", "chief", "primary"},
    "mostly": {"chiefly", "mainly", "mostly", "primarily", "principally", "largely", "most", "predominantly"},
    "primarily": {"chiefly", "mainly", "mostly", "primarily", "principally", "largely", "main", "chief", "primary"},
    "principally": {"chiefly", "mainly", "primarily", "principally", "main", "chief", "primary"},
    "largely": {"chiefly", "mainly", "mostly", "primarily", "largely", "most", "great"},
    "predominantly": {"chiefly", "mainly", "mostly", "predominantly", "most"},
    # "the main area of agreement" for "an area of broad agreement"; a key or major one may be called the main one.
    "main": {"chiefly", "mainly", "mostly", "primarily", "principally", "largely", "predominantly", "main", "chief",
             "primary", "principal", "key", "major", "central", "core", "biggest", "largest", "most"},
    "principal": {"chiefly", "mainly", "primarily", "principally", "main", "chief", "primary", "principal", "key",
                  "major", "central", "biggest", "largest", "most"},
    "completely": {"completely", "fully", "entirely", "totally", "all", "100%", "whole"},
    "fully": {"completely", "fully", "entirely", "totally", "all", "100%", "full"},
    "totally": {"completely", "fully", "entirely", "totally", "all", "100%"},
    "most": {"most", "majority", "largest", "biggest", "mostly", "dominance", "dominant", "dominates", "dominate"},
    "least": {"least", "fewest", "smallest", "lowest"},
    "the": set(),   # placeholder so lookups of plain words stay cheap
}
del SCOPE_WORDS["the"]
# Words ending in -est that are not superlatives.
# Superlatives that say the same: one in a quote supports the others in a statement.
_SAME_SUPERLATIVES = ({"largest", "biggest", "greatest"}, {"broadest", "widest"}, {"smallest", "tiniest"},
                      {"fastest", "quickest"}, {"strongest", "toughest"}, {"highest", "loftiest"})
SAME_SUPERLATIVE = {word: frozenset(group) for group in _SAME_SUPERLATIVES for word in group}
NOT_SUPERLATIVES = frozenset("""
interest interests invest invests suggest suggests request requests protest protests forest honest
modest harvest guest digest manifest arrest contest earnest rest west test nest chest quest pest crest
best-known ingest congest divest infest attest detest molest jest vest zest lest unrest conquest
""".split())

# Cue words that are also nouns ("the plan", "Tokyo's offer"): a cue only as a verb, i.e. before "to"
# or after a modal, a pronoun or a name.
NOUNISH = frozenset({"plan", "plans", "offer", "offers", "study", "want",
                     "float", "view", "views", "consideration", "aim", "aims"})
# Nouns that hedge whatever they name ("a further idea is …", "another option").
HEDGE_NOUNS = frozenset({"idea", "ideas", "option", "options", "possibility"})
# Verbs by which a statement describes what a source says rather than stating it.
META_VERBS = frozenset({"describes", "describe", "presents", "present", "speaks", "calls", "credits", "lists",
                        "names", "mentions", "gives", "puts", "quotes", "cites", "refers", "writes", "frames",
                        "portrays", "characterises", "characterizes", "terms", "reads", "counts", "treats"})
VERB_BEFORE = frozenset({"will", "would", "may", "might", "could", "can", "to", "also", "now", "he", "she",
                         "it", "they", "we", "i", "who", "which", "that", "still", "not", "n't"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
                         "our", "my", "your", "such", "any", "no", "every", "each"})
# Hedges that an attribution in the statement honours ("reportedly" -> "The Yomiuri reports that").
EVIDENTIAL = frozenset({"reportedly", "allegedly", "supposedly", "apparently"})
# Verbs that may open a second claim after "and" with the first claim's subject ("flew … and met …"):
# auxiliaries, modals and common past tenses that do not end in -ed.
CLAIM_VERBS = frozenset("""is are was were has have had will would can could may might must shall should did does do
met said made took gave told went came saw found held sent set put began brought bought built sold won lost left
became kept paid ran spent led""".split())
# Words that settle what a hedge leaves open: a statement that has one its hedged quote lacks is surer.
COMMITMENTS = frozenset("""will agreed agrees decided decides signed approved committed finalised finalized concluded
confirmed""".split())
# Modal hedges: verbs after a determiner too, which is then a pronoun ("this could help", "that may change").
MODALS = frozenset({"could", "may", "might"})
# Adjectives of possibility that stay hedges after a determiner ("the potential deal").
HEDGE_ADJECTIVES = frozenset({"potential", "possible", "likely", "probable", "unlikely", "proposed", "planned"})

# Capitalised words that open sentences without naming anyone.
OPENERS = frozenset("""
meanwhile instead together overall however beyond despite although because though today yet thus hence
rather indeed moreover furthermore also there here in on at for as with while after before both neither
either since until unlike like given among under over through according asked only even so then once
none nothing neither nobody each every some any many most few several all much citing
whether if when where why how what which who whom whose little less more no not never
""".split())
