"""Bezwaar against a decision and interim relief: register, judge timeliness, plan and record
the hearing, decide, and record a request for a voorlopige voorziening. Each emits its event.

queries: read objections and their terms; intake: register a bezwaar or a request for interim
relief; handling: what follows (excusable lateness, extension, hearing, decision).
"""

from playbook.decisions.objections.handling import (
    MIN_REASON,
    decide,
    extend_term,
    plan_hearing,
    record_excusable,
    record_heard,
)
from playbook.decisions.objections.intake import register, request_interim_relief
from playbook.decisions.objections.queries import (
    get_objection,
    objections_of,
    term_of,
    timeliness,
)

__all__ = [
    "MIN_REASON",
    "decide",
    "extend_term",
    "get_objection",
    "objections_of",
    "plan_hearing",
    "record_excusable",
    "record_heard",
    "register",
    "request_interim_relief",
    "term_of",
    "timeliness",
]
