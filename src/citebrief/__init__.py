"""citebrief: policy briefs in which every statement is backed by a verified quote."""

__version__ = "0.1.0"
