"""The pure engine: which steps apply, what is due, and which phase a case may move to."""
