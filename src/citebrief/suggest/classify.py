"""Classify a sentence: the figures it gives, who it quotes, whether it reports a proposal, its section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Section

# A quote holds at most this many characters (Citation.quote); a longer sentence is never suggested,
# and the speech patterns, which may backtrack, never run over one.
MAX_QUOTE = 4000

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


def headline(sentence: str) -> bool:
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


def is_proposal(sentence: str) -> bool:
    """Whether a sentence reports a proposal."""
    return bool(_PROPOSAL.search(sentence))


def guess_status(sentence: str) -> str | None:
    """Guess where a proposal stands from the verb that reports it."""
    match = _PROPOSAL.search(sentence)
    if not match:
        return None
    word = match["word"].lower()
    return next((status for stem, status in _STATUS.items() if word.startswith(stem)), None)


def attribution(
    sentence: str, speakers: dict[str, Speaker], previous: Speaker | None
) -> tuple[Speaker | None, str | None]:
    """Say who a sentence quotes, and their words where the sentence is their speech and its attribution."""
    if len(sentence) > MAX_QUOTE:
        return None, None
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


def speakers(paragraphs: list[tuple[str, list[str]]]) -> dict[str, Speaker]:
    """Everyone the body's paragraphs (each with its sentences) name in full, by surname, with their role."""
    found: dict[str, Speaker] = {}
    for paragraph, paragraph_sentences in paragraphs:
        for sentence in paragraph_sentences:
            quoted = len(sentence) <= MAX_QUOTE and (
                _QUOTED_THEN_VERB.match(sentence) or _QUOTED_THEN_SPEAKER.match(sentence))
            if quoted:
                speaker = _split_name(quoted["who"], quoted.groupdict().get("role"))
                if speaker and " " in speaker.name:
                    known = found.get(speaker.name.split()[-1])
                    if not known or (speaker.affiliation and not known.affiliation):
                        found[speaker.name.split()[-1]] = speaker
        for run in re.finditer(r"(?:[A-Z][\w'’.-]*\s+){1,5}[A-Z][\w'’-]+", paragraph):
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
