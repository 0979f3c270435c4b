"""The decision services in one namespace, for the CLI, the web and the demo.

Each action lives in its own module: drafting (concept, noodbevel, check), hearing (voornemen,
dispatch, urgency, zienswijze), issuing (take, bekendmaking, end a noodbevel), followups
(extension, lifting) and objections (bezwaar, interim relief). The lifecycle is the pure
transition table in lifecycle.py.
"""

from playbook.decisions.common import (
    HEARING_LABEL,
    DecisionIncomplete,
    addressees_of,
    bezwaar_terms,
    deadlines,
    decisions_of,
    end_date,
    get_decision,
    history,
    starts_at,
)
from playbook.decisions.drafting import DraftInput, check, draft, emergency_order, parse_draft
from playbook.decisions.followups import extend, lift
from playbook.decisions.hearing import (
    record_dispatch,
    record_hearing,
    record_urgency,
    send_intent,
    to_hear,
)
from playbook.decisions.issuing import LETTERS, end_emergency_order, issue, make_known

__all__ = [
    "HEARING_LABEL",
    "LETTERS",
    "DecisionIncomplete",
    "DraftInput",
    "addressees_of",
    "bezwaar_terms",
    "check",
    "deadlines",
    "decisions_of",
    "draft",
    "emergency_order",
    "end_date",
    "end_emergency_order",
    "extend",
    "get_decision",
    "history",
    "issue",
    "lift",
    "make_known",
    "parse_draft",
    "record_dispatch",
    "record_hearing",
    "record_urgency",
    "send_intent",
    "starts_at",
    "to_hear",
]
