"""rmpair: a terminal companion for one reverse-mentoring pair."""

__version__ = "0.1.0"
