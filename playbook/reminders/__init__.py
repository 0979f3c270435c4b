"""Reminders: a daily e-mail digest, a notice when a document reaches a partner's inbox, and a
calendar feed of legal deadlines (docs/herinneringen.md)."""
