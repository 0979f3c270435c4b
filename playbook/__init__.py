"""Local-response engine for the Dutch handelingskader on explosive attacks."""

__version__ = "0.1.0"
