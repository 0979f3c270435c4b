"""Pure rules for a bezwaarschrift: timeliness (art. 6:7-6:9 Awb) and the decision term
(art. 7:10 Awb), each with its derivation."""

from dataclasses import dataclass
from datetime import date, timedelta

from playbook.deadlines import Deadline, format_date_nl, statutory_term

POSTAL_GRACE_DAYS = 7  # art. 6:9 lid 2 Awb


@dataclass(frozen=True)
class Timeliness:
    timely: bool
    explanation: str


def judge(term: Deadline, received_on: date, posted_on: date | None) -> Timeliness:
    """Art. 6:9 Awb: in time when received before the term ends (lid 1), or posted before
    it ends and received within a week after it (lid 2)."""
    end = format_date_nl(term.end, weekday=True)
    if received_on < term.start:
        # Art. 6:10 Awb allows an early bezwaar in some cases; a human judges it.
        return Timeliness(
            True,
            f"ontvangen vóór de termijn begon ({format_date_nl(term.start)}); "
            "beoordeel art. 6:10 Awb",
        )
    if received_on <= term.end:
        return Timeliness(
            True,
            f"ontvangen op {format_date_nl(received_on)}, binnen de termijn "
            f"die eindigde op {end} (art. 6:9 lid 1 Awb)",
        )
    grace = term.end + timedelta(days=POSTAL_GRACE_DAYS)
    if posted_on is not None and posted_on <= term.end and received_on <= grace:
        return Timeliness(
            True,
            f"op de post gedaan op {format_date_nl(posted_on)}, vóór het einde "
            f"van de termijn ({end}), en ontvangen op "
            f"{format_date_nl(received_on)}, binnen een week daarna "
            "(art. 6:9 lid 2 Awb)",
        )
    return Timeliness(
        False,
        f"ontvangen op {format_date_nl(received_on)}, na het einde van de "
        f"termijn ({end}); niet-ontvankelijk tenzij de overschrijding "
        "verschoonbaar is (art. 6:11 Awb)",
    )


def decision_term(
    bezwaar_term: Deadline, advisory_committee: bool, extension_weeks: int = 0
) -> Deadline:
    """Art. 7:10 Awb: six weeks, or twelve with an advisory committee (art. 7:13), from the day
    after the bezwaar term ended; extendable once by six weeks (lid 3)."""
    weeks = (12 if advisory_committee else 6) + extension_weeks
    rule = "art. 7:10 lid 1 Awb" + (" en art. 7:13 Awb" if advisory_committee else "")
    if extension_weeks:
        rule += " en art. 7:10 lid 3 Awb"
    return statutory_term(
        bezwaar_term.end,
        weeks=weeks,
        label="Beslistermijn bezwaar",
        rule=rule,
        event="het einde van de bezwaartermijn",
    )
