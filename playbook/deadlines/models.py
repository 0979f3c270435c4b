"""Immutable results that carry their own derivation."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from .formatting import format_date_nl


class DerivationStep(BaseModel):
    """One step in computing a date: which rule, which date, and why (Dutch)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    date: dt.date
    explanation: str


class Deadline(BaseModel):
    """A statutory term with start, unextended end, final end and derivation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    rule: str
    start: dt.date
    raw_end: dt.date
    end: dt.date
    steps: tuple[DerivationStep, ...]
    # Set when the term runs into a year for which no royal decree of equated days is known
    # (art. 3 lid 3 Atw): the end may still move. Screens and the CLI show it.
    warning: str | None = None

    @property
    def extended(self) -> bool:
        return self.end != self.raw_end

    def explain(self) -> list[str]:
        """Dutch lines suitable for a user screen or a letter."""
        head = (
            f"{self.label} ({self.rule}): de termijn eindigt op "
            f"{format_date_nl(self.end, weekday=True)}."
        )
        lines = [head, *(f"{s.explanation} ({s.rule})" for s in self.steps)]
        return [*lines, f"Let op: {self.warning}"] if self.warning else lines
