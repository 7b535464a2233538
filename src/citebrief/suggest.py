"""Draft fact records from a source's article body, for the analyst to accept, edit or delete.

A sentence is suggested when it gives figures, quotes someone by name, or reports a proposal. Its
exact words become the record's quote (checked against the body before it is offered), and its
section is guessed. A sentence that any quote of an existing record already takes in is left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CitebriefError, Problem, ProjectError, did_you_mean
from .load import DISAGREEMENTS_FILE, load_facts, load_optional_list, load_sources
from .models import Citation, Disagreement, Fact, Section, Source
from .quotes import Passages, find_quote, normalise, quote_pieces
from .schema import schema_reference
from .seeds import SourceText, read_seeds
from .yamlfile import read_text

MAX_QUOTE = 4000

# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr", "sr",
    "inc", "corp", "co", "ltd", "no", "vs", "etc", "approx", "est", "fig", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
# After initials such as "U.S.", a sentence ends only if one of these words comes next.
_STARTERS = {
    "The", "A", "An", "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We", "I", "But",
    "And", "In", "On", "At", "As", "If", "When", "While", "Yet", "So", "There", "Meanwhile", "However",
}
_END = re.compile(r"[.!?]+['\"’”)]*(?=\s|$)")
_SPEECH_CLOSED = re.compile(r"[,.!?]['’](?=\s|$)")
_BULLET = re.compile(r"^\s*[-•*–]\s+")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations, initials and quoted speech do not end one."""
    found: list[str] = []
    start = len(paragraph) - len(paragraph.lstrip())
    for end_mark in _END.finditer(paragraph):
        end = end_mark.end()
        if end <= start or not _ends_sentence(paragraph, start, end_mark.start(), end):
            continue
        found.append(paragraph[start:end])
        start = end + len(paragraph[end:]) - len(paragraph[end:].lstrip())
    if paragraph[start:].strip():
        found.append(paragraph[start:].rstrip())
    return found


def _ends_sentence(paragraph: str, start: int, stop: int, end: int) -> bool:
    """Whether the punctuation at stop (up to end) closes the sentence begun at start."""
    sentence = paragraph[start:stop]
    following = paragraph[end:].split(maxsplit=1)
    if following and following[0][:1].islower():
        return False
    if paragraph[stop] == ".":
        word = re.split(r"[\s-]", sentence)[-1].lstrip("(\"'‘“")
        if word.lower() in _ABBREVIATIONS:
            return False
        if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", word):  # initials: U.S, J
            return bool(following) and following[0] in _STARTERS
    # Not inside a quotation: double quotes pair up; single-quoted speech runs to ,' or .'
    if sentence.count("“") > sentence.count("”") or sentence.count('"') % 2:
        return False
    if sentence[:1] in "'‘" and not _SPEECH_CLOSED.search(paragraph[start:end]):
        return False
    return True


# --- what a sentence is about -----------------------------------------------------------------

_VERB = r"(?:said|says|added|noted|explained|warned|argued|told\s+\w+)"
_QUOTED_THEN_VERB = re.compile(
    rf"^(?P<speech>['\"‘“].+?)[,.!?]?['\"’”]\s+{_VERB}\s+(?P<who>[^,.]+?)(?:,\s+(?P<role>.+?))?[.!?]?$"
)
_QUOTED_THEN_SPEAKER = re.compile(
    rf"^(?P<lead>(?:.*?\s)?)(?P<speech>['\"‘“].+?)[,.!?]?['\"’”]\s+"
    rf"(?P<who>(?:[\w.'’-]+\s+){{0,6}}?[A-Z][\w'’-]+)\s+{_VERB}\b"
)
_SPEAKER_THEN_QUOTE = re.compile(
    rf"(?:^|[\s(])(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}})\s+{_VERB}\b[^“\"]*[“\"]"
)
_WHOLE_SPEECH = re.compile(r"['\"‘“](?P<speech>.+?)[,.!?]?['\"’”]")
_PRONOUNS = {"He", "She", "They", "It", "We", "I", "You", "This", "That", "The", "A", "An"}
_TITLE_WORDS = {
    "President", "Vice", "Prime", "Minister", "Secretary", "Deputy", "Chief", "Executive", "Director",
    "Chair", "Chairman", "Chairwoman", "Governor", "Senator", "Ambassador", "Representative", "Spokesman",
    "Spokeswoman", "Spokesperson", "Professor", "Dr.", "Mr.", "Ms.", "Mrs.", "General", "Admiral",
    "Treasury", "Foreign", "Defense", "Defence", "Finance", "Trade", "Commerce", "Economy", "Mayor",
    "Councillor", "Councilor", "Commissioner", "Justice", "Judge", "CEO", "U.S.", "UK", "EU",
}

_FIGURE = re.compile(
    r"(?<![\w.:/-])(?P<currency>[$€£¥]\s?)?(?P<number>\d[\d,]*(?:\.\d+)?)"
    r"(?P<unit>\s?(?:%|percent\b|per cent\b|percentage points?\b|million\b|billion\b|trillion\b))?"
    r"(?![\w:])"
)
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec"}

_PROPOSAL = re.compile(
    r"\b(?P<word>propos(?:e|es|ed|ing|al|als)|plans? to|planning to|consider(?:s|ed|ing)?|floated|"
    r"aims? to|seeks? to|intends? to|offer(?:s|ed|ing)? to|calls? for|urge[sd]?|"
    r"recommend(?:s|ed|ing)?)\b",
    re.I,
)
_STATUS = {"consider": "under consideration", "floated": "floated", "propos": "proposed", "plan": "planned",
           "offer": "offered"}
_GAP = re.compile(
    r"\b(?:remain(?:s|ed)? (?:scarce|unclear|vague|uncertain)|unclear|not yet|no details|lacks?|fails? to|"
    r"makes no mention|still under development)\b",
    re.I,
)
_DEPENDENCE = re.compile(r"\b(?:depend\w*|relian\w*|reli(?:es|ed)|rely|imports?|imported|supply|supplies|"
                         r"share of|dominat\w*|controls?)\b", re.I)


def _headline(sentence: str) -> bool:
    """Whether a line reads as a headline: no closing punctuation, most words capitalised."""
    if re.search(r"[.!?]['\"’”)]*$", sentence):
        return False
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return bool(words) and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


@dataclass
class Speaker:
    """Someone a source quotes: the name as the source gives it in full, and a role where it says one."""

    name: str
    affiliation: str | None = None


@dataclass
class Suggestion:
    """A drafted fact record, where its sentence stands, and what the analyst should look at."""

    record: dict[str, Any]
    line: int
    reason: str
    notes: list[str] = field(default_factory=list)


def figures_in(sentence: str) -> list[str]:
    """List the numbers a sentence gives as data: not years, days of the month or clock times."""
    found = []
    for match in _FIGURE.finditer(sentence):
        number = match["number"]
        before = sentence[: match.start()].split()
        after = sentence[match.end():].split()
        if not match["currency"] and not match["unit"]:
            plain = number.replace(",", "")
            if re.fullmatch(r"1[89]\d\d|20\d\d|2100", plain):
                continue  # a year
            if plain.isdigit() and int(plain) <= 31 and (
                (before and before[-1].strip(",.").lower() in _MONTHS)
                or (after and after[0].strip(",.").lower() in _MONTHS)
            ):
                continue  # a day of the month
            word = after[0].removeprefix("-") if after else ""  # 2.5-kilometre, or 6 kilometers
            unit = word.strip(",.;:)'\"’”") if word[:1].isalpha() else ""
            found.append(f"{number} {unit}".strip())
        else:
            found.append(match.group(0).strip())
    return found


def guess_section(sentence: str, attributed: bool) -> Section:
    """Guess where a sentence belongs in the brief."""
    if attributed:
        return "expert_views"
    if _GAP.search(sentence):
        return "open_gaps"
    if _PROPOSAL.search(sentence):
        return "proposals"
    if _DEPENDENCE.search(sentence):
        return "dependencies"
    return "context"


def guess_status(sentence: str) -> str | None:
    """Guess where a proposal stands from the verb that reports it."""
    match = _PROPOSAL.search(sentence)
    if not match:
        return None
    word = match["word"].lower()
    return next((status for stem, status in _STATUS.items() if word.startswith(stem)), None)


# --- suggesting -------------------------------------------------------------------------------


@dataclass
class Drafts:
    """What suggest found for one source, and the problems of the record files it had to step over."""

    source: Source
    text: SourceText
    suggestions: list[Suggestion]
    unread: list[Problem]


def suggest(root: Path, source_id: str) -> Drafts:
    """Draft records for the sentences of a source's body that no record covers yet."""
    sources, source_problems = load_sources(root)
    by_id = {source.id: source for source in sources}
    if source_id not in by_id:
        if any(p.severity == "error" for p in source_problems):
            raise ProjectError(source_problems)
        hint = did_you_mean(source_id, by_id, f"; the project's sources: {', '.join(sorted(by_id))}")
        raise CitebriefError(f"unknown source '{source_id}'{hint}")
    source = by_id[source_id]
    texts, seed_problems = read_seeds(root, [source])
    if source_id not in texts:
        raise ProjectError(seed_problems)
    text = texts[source_id]

    facts, fact_problems = load_facts(root)
    disagreements, disagreement_problems = load_optional_list(root, DISAGREEMENTS_FILE, Disagreement)
    citations = [c for c in _citations(facts, disagreements) if c.source == source_id]
    covered = _covered_spans(citations, text.body)
    taken = {fact.id for fact in facts}
    speakers = _speakers(text.body)

    suggestions = []
    for index, paragraph in enumerate(text.body.paragraphs):
        base, folded = text.body.starts[index], text.body.texts[index]
        previous: Speaker | None = None  # quoted speech that follows an attribution is the same speaker's
        for n, sentence in enumerate(sentences(paragraph.text)):
            if n == 0:
                sentence = _BULLET.sub("", sentence)
            speaker, speech = _attribution(sentence, speakers, previous)
            previous = speaker
            at = folded.find(normalise(sentence))
            span = (base + at, base + at + len(normalise(sentence)))
            if at < 0 or any(start < span[1] and span[0] < end for start, end in covered):
                continue
            suggestion = _draft(sentence, paragraph.line, source_id, speaker, speech, taken)
            if suggestion and find_quote(sentence, text.body):
                taken.add(suggestion.record["id"])
                suggestions.append(suggestion)
    return Drafts(source, text, suggestions, fact_problems + disagreement_problems)


def _citations(facts: list[Fact], disagreements: list[Disagreement]) -> list[Citation]:
    cited = [c for fact in facts for c in fact.citations]
    return cited + [c for d in disagreements for position in d.positions for c in position.citations]


def _covered_spans(citations: list[Citation], body: Passages) -> list[tuple[int, int]]:
    """Where in the body's folded text the records' quotes stand."""
    spans = []
    for citation in citations:
        match = find_quote(citation.quote, body)
        if match is None:
            continue  # a broken quote covers nothing; check reports it
        pieces = quote_pieces(citation.quote)
        if len(pieces) == 1:
            at = _find_words(body.joined, pieces[0], 0)
            spans.append((at, at + len(pieces[0])))
            continue
        index = next(i for i, p in enumerate(body.paragraphs) if p.line == match.line)
        base, position = body.starts[index], 0
        for piece in pieces:
            at = _find_words(body.texts[index], piece, position)
            spans.append((base + at, base + at + len(piece)))
            position = at + len(piece)
    return spans


def _find_words(text: str, piece: str, start: int) -> int:
    """Find a piece that does not cut through a word (it is known to be there)."""
    left = r"(?<!\w)" if piece[:1].isalnum() else ""
    right = r"(?!\w)" if piece[-1:].isalnum() else ""
    match = re.compile(left + re.escape(piece) + right).search(text, start)
    return match.start() if match else text.find(piece, start)


def _attribution(
    sentence: str, speakers: dict[str, Speaker], previous: Speaker | None
) -> tuple[Speaker | None, str | None]:
    """Say who a sentence quotes, and their words where the sentence is their speech and its attribution."""
    quoted = _QUOTED_THEN_VERB.match(sentence) or _QUOTED_THEN_SPEAKER.match(sentence)
    if quoted:
        speaker = _resolve(quoted["who"], speakers, quoted.groupdict().get("role"))
        lead = quoted.groupdict().get("lead")
        return speaker, None if lead or speaker is None else quoted["speech"][1:].rstrip(",;: ")
    reported = _SPEAKER_THEN_QUOTE.search(sentence)
    if reported:
        return _resolve(reported["who"], speakers, None), None
    continued = _WHOLE_SPEECH.fullmatch(sentence)
    if continued and previous:
        return previous, continued["speech"]
    return None, None


def _draft(
    sentence: str, line: int, source_id: str, speaker: Speaker | None, speech: str | None, taken: set[str]
) -> Suggestion | None:
    if len(sentence.split()) < 4 or len(sentence) > MAX_QUOTE or _headline(sentence):
        return None
    figures = figures_in(sentence)
    proposal = bool(_PROPOSAL.search(sentence))
    if not (speaker or figures or proposal):
        return None

    section = guess_section(sentence, speaker is not None)
    record: dict[str, Any] = {"id": "", "section": section}
    notes = []
    if speaker:
        record["speaker"] = speaker.name
        record["affiliation"] = speaker.affiliation
        if not speaker.affiliation:
            notes.append("affiliation: the article gives none near the name; add the speaker's role and organisation")
    if speaker and speech:
        record["statement"] = _plain(f"{speaker.name} said “{speech}”.")
    else:
        record["statement"] = _plain(sentence)
    status = guess_status(sentence) if section == "proposals" else None
    if status:
        record["status"] = status
    record["citations"] = [{"source": source_id, "quote": _DoubleQuoted(sentence)}]
    record["id"] = _unique_id(sentence, speaker, taken)

    reasons = ["attributed quote"] if speaker else []
    if figures:
        reasons.append("figures " + ", ".join(figures))
        notes.append("figures: add those the statement gives as data (value, unit, measure)")
    if proposal and not speaker:
        reasons.append("proposal")
    return Suggestion(record, line, "; ".join(reasons), notes)


def _speakers(body: Passages) -> dict[str, Speaker]:
    """Everyone the body names in full, by surname, with the role it gives them where it gives one."""
    found: dict[str, Speaker] = {}
    for paragraph in body.paragraphs:
        for sentence in sentences(paragraph.text):
            quoted = _QUOTED_THEN_VERB.match(sentence) or _QUOTED_THEN_SPEAKER.match(sentence)
            if quoted:
                speaker = _split_name(quoted["who"], quoted.groupdict().get("role"))
                if speaker and " " in speaker.name:
                    known = found.get(speaker.name.split()[-1])
                    if not known or (speaker.affiliation and not known.affiliation):
                        found[speaker.name.split()[-1]] = speaker
        for run in re.finditer(r"(?:[A-Z][\w'’.-]*\s+){1,5}[A-Z][\w'’-]+", paragraph.text):
            speaker = _split_name(run.group(0), None)
            if speaker and " " in speaker.name and speaker.affiliation:
                found.setdefault(speaker.name.split()[-1], speaker)
    return found


def _split_name(who: str, role: str | None) -> Speaker | None:
    """Split 'economic minister Ryosei Akazawa' into a name and the role before it."""
    words = who.split()
    name: list[str] = []
    while words and words[-1][:1].isupper() and words[-1] not in _TITLE_WORDS and len(name) < 3:
        name.insert(0, words.pop())
    if not name or name[0] in _PRONOUNS:
        return None
    title = " ".join(words).strip() or None
    return Speaker(" ".join(name), _affiliation(role) or _affiliation(title))


def _affiliation(role: str | None) -> str | None:
    if not role:
        return None
    role = re.sub(r"^(?:a|an|the)\s+", "", role.strip().rstrip(".,"), flags=re.I)
    return role[:1].upper() + role[1:] if role else None


def _resolve(who: str, speakers: dict[str, Speaker], role: str | None) -> Speaker | None:
    """Name a speaker in full, with a role, from what the sentence and the rest of the body say."""
    speaker = _split_name(who, role)
    if speaker is None:
        return None
    known = speakers.get(speaker.name.split()[-1])
    if known and (" " not in speaker.name or known.name == speaker.name):
        return Speaker(known.name, speaker.affiliation or known.affiliation)
    return speaker


_STOPWORDS = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are",
    "was", "were", "be", "been", "it", "its", "that", "this", "these", "those", "which", "who", "has", "have",
    "had", "will", "would", "could", "said", "says", "but", "not", "there", "their", "they", "we", "i",
}


def _unique_id(sentence: str, speaker: Speaker | None, taken: set[str]) -> str:
    """Make a slug from the sentence's first words that say something, unused by any record."""
    ascii_text = unicodedata.normalize("NFKD", sentence).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in _STOPWORDS and len(w) > 1]
    if speaker:
        surname = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", speaker.name.split()[-1])
                             .encode("ascii", "ignore").decode().lower())
        words = surname[-1:] + [w for w in words if w not in surname][:3]
    else:
        words = words[:4]
    base = "-".join(words) or "suggested"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _plain(text: str) -> str:
    """Keep a drafted statement plain text: escape what Markdown would read as markup."""
    return re.sub(r"([\\`*_\[\]<>|{}])", r"\\\1", " ".join(text.split()))


# --- writing ----------------------------------------------------------------------------------


class _DoubleQuoted(str):
    """A string written in double quotes, as the project's files write quotes."""


class _Dumper(yaml.SafeDumper):
    """Indent lists inside mappings, as the project's files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _DoubleQuoted, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style='"')
)


def records_yaml(suggestions: list[Suggestion]) -> str:
    """Write suggestions as YAML list items, each under a comment saying why it was suggested."""
    blocks = []
    for suggestion in suggestions:
        comments = [f"# line {suggestion.line}: {suggestion.reason}"]
        comments += [f"#   {note}" for note in suggestion.notes]
        body = yaml.dump([suggestion.record], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         width=float("inf"), default_flow_style=False)
        blocks.append("\n".join(comments) + "\n" + body)
    return "\n".join(blocks)


def suggestions_yaml(drafts: Drafts, schema: str | None) -> str:
    """Write the suggestions as a fact file: a header saying where they come from, then the records."""
    source, text, suggestions = drafts.source, drafts.text, drafts.suggestions
    head = [f"# yaml-language-server: $schema={schema}"] if schema else []
    head += [
        f"# Records drafted by `citebrief suggest {source.id}` from {text.rel} "
        f"(the article body, lines {text.first}-{text.last}).",
        "# Every quote stands word for word in the body. Keep, edit or delete each record: check the",
        "# section, and put each statement in your own words before the brief goes out.",
    ]
    if not suggestions:
        head.append("# No suggestions: every sentence with figures, a named speaker's words or a proposal")
        head.append("# is already quoted by a record.")
        return "\n".join(head) + "\n"
    return "\n".join(head) + "\n\n" + records_yaml(suggestions)


def unread_note(drafts: Drafts) -> str | None:
    """Say that records which failed to load could not count as covering a sentence."""
    errors = [p for p in drafts.unread if p.severity == "error"]
    if not errors:
        return None
    return (f"note: {len(errors)} error(s) in the fact files; records that failed to load were not "
            "counted as covering a sentence (run citebrief check)")


def write_suggestions(drafts: Drafts, root: Path, path: Path, append: bool = False) -> None:
    """Write the suggestions to a new file, or to the end of an existing one only when asked to append."""
    exists = path.exists()
    if exists and not append:
        raise CitebriefError(f"{path} already exists; suggestions never go into an existing file unasked: "
                             "name a new file, or pass --append to add them at its end")
    if exists:
        old, problems = read_text(path, str(path))
        if old is None:
            raise ProjectError(problems)
        head = f"# Drafted by `citebrief suggest {drafts.source.id}` from {drafts.text.rel}; keep, edit or delete each.\n"
        text = old + ("\n" if old and not old.endswith("\n") else "") + "\n" + head + records_yaml(drafts.suggestions)
    else:
        text = suggestions_yaml(drafts, schema_reference(root, path.parent))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CitebriefError(f"cannot write {path}: {exc.strerror or exc}") from None
