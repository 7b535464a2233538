"""Draft fact records from a source's article body, for the analyst to accept, edit or delete.

A sentence is suggested when it gives figures, quotes someone by name, or reports a proposal. Its
exact words become the record's quote (checked against the body before it is offered), and its
section is guessed. A sentence that any quote of an existing record already takes in is left out.
The jobs, in order: sentences.py splits paragraphs, classify.py says what a sentence is about,
draft.py makes Fact records, write.py writes them as YAML.
"""

from .classify import figures_in, guess_section, guess_status
from .draft import Drafts, Suggestion, suggest
from .sentences import sentences
from .write import records_yaml, suggestions_yaml, unread_note, write_suggestions

__all__ = [
    "Drafts", "Suggestion", "figures_in", "guess_section", "guess_status", "records_yaml", "sentences", "suggest",
    "suggestions_yaml", "unread_note", "write_suggestions",
]
