"""Ending a running measure early: the opheffing of a gebiedsverbod or 13b closure, the
intrekking of a cameratoezicht designation (a decision of kind `opheffing-maatregel`).

It follows the shared lifecycle (draft, take, make known; lifecycle.py) without a voornemen: a
lifting favours the addressee (no art. 4:8 Awb). The mayor who may impose a measure may end it
when it is no longer needed, on the same legal basis: art. 151c Gemeentewet (cameratoezicht),
art. 172a Gemeentewet (gebiedsverbod), art. 13b Opiumwet (sluiting). It takes effect on a day
between the measure's start and its last day; from then the measure no longer holds the case
open (measures_ends.py). The letter is the closure's opheffingsbesluit with the measure's words.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from playbook.deadlines.formatting import format_date_nl
from playbook.decisions import common
from playbook.decisions.completeness import MIN_REASONING
from playbook.decisions.lifecycle import MEASURE_KINDS, Kind, Status
from playbook.decisions.measures_ends import Row, last_day
from playbook.decisions.measures_store import ban_addressee, details_of
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Addressee, Decision
from playbook.storage.tables_measures import MeasureDetails
from playbook.storage.types import id_of


@dataclass(frozen=True)
class Words:
    noun: str  # "het gebiedsverbod", as the letter and the errors name it
    basis: str  # the legal basis of the measure, and so of its lifting
    title: str  # the letter's title


WORDS = {
    Kind.area_ban: Words(
        "het gebiedsverbod", "art. 172a Gemeentewet", "Besluit tot opheffing van het gebiedsverbod"
    ),
    Kind.camera: Words(
        "het cameratoezicht",
        "art. 151c Gemeentewet",
        "Besluit tot intrekking van de aanwijzing voor cameratoezicht",
    ),
    Kind.drug_closure: Words(
        "de sluiting op grond van art. 13b Opiumwet",
        "art. 13b Opiumwet",
        "Besluit tot opheffing van de sluiting (art. 13b Opiumwet)",
    ),
}


def words_of(session: Session, lifting: Decision) -> Words:
    parent = session.get(Decision, lifting.parent_id) if lifting.parent_id else None
    return WORDS[Kind(parent.kind)] if parent is not None else WORDS[Kind.area_ban]


def _term(session: Session, measure: Decision) -> tuple[date | None, date | None]:
    """The measure's first and last day by its own terms."""
    row = session.get(MeasureDetails, measure.id)
    last = last_day(
        Row(
            id_of(measure),
            measure.kind,
            measure.parent_id,
            measure.start_date,
            measure.duration_days,
            row.end_date if row else None,
        )
    )
    return measure.start_date, last


def term_problems(
    noun: str, effective: date | None, start: date | None, last: date | None
) -> list[str]:
    """Pure: the lifting takes effect between the start and the last day of the measure."""
    if effective is None:
        return ["ingang opheffing: de datum waarop de maatregel eindigt"]
    if (start is not None and effective < start) or (last is not None and effective > last):
        first, end = (format_date_nl(d) if d else "?" for d in (start, last))
        return [
            f"ingang opheffing: moet liggen tussen de ingang ({first}) en het einde ({end}) "
            f"van {noun}"
        ]
    return []


def reason_problems(reasons: str | None) -> list[str]:
    if reasons is None or len(reasons.strip()) < MIN_REASONING:
        return ["reden van opheffing: waarom de maatregel niet langer nodig is (art. 3:46 Awb)"]
    return []


def lift(
    *,
    session: Session,
    reference: str,
    decision_id: int,
    reasons: str,
    effective: date | None,
    actor: str,
    now: datetime,
) -> Decision:
    """Draft ending the measure `decision_id` on `effective` (default: today, or its start)."""
    case, measure = common.load(session, reference, decision_id)
    if measure.kind not in MEASURE_KINDS or measure.status != Status.made_known:
        raise NotAllowed(
            "Opheffen kan alleen bij een bekendgemaakt gebiedsverbod, cameratoezicht of "
            "sluiting op grond van art. 13b Opiumwet."
        )
    words = WORDS[Kind(measure.kind)]
    if any(
        d.parent_id == measure.id and d.kind == Kind.measure_lifting
        for d in common.decisions_of(session, case)
    ):
        raise NotAllowed(f"Er is al een opheffing van {words.noun} (besluit {measure.id}).")
    start, last = _term(session, measure)
    today = common.today_of(now)
    if last is not None and last < today:
        raise NotAllowed(
            f"{words.noun.capitalize()} is al afgelopen op {format_date_nl(last)}; "
            "opheffen is niet nodig."
        )
    effective = effective or max(today, start or today)
    problems = [*reason_problems(reasons), *term_problems(words.noun, effective, start, last)]
    if problems:
        raise InvalidInput(problems)
    return common.new(
        session,
        case,
        Kind.measure_lifting.value,
        actor,
        now,
        {"heft_op": measure.id, "ingang": effective.isoformat()},
        parent_id=measure.id,
        facts=reasons.strip(),
        start_date=effective,
        mayor=measure.mayor,
    )


def lifting_problems(session: Session, lifting: Decision) -> dict[str, list[str]]:
    """The guards of lifecycle.TRANSITIONS for a lifting (called by common.guard_problems)."""
    parent = session.get(Decision, lifting.parent_id) if lifting.parent_id else None
    if parent is None:
        content = ["de maatregel die wordt opgeheven"]
    else:
        start, last = _term(session, parent)
        content = [
            *reason_problems(lifting.facts),
            *term_problems(WORDS[Kind(parent.kind)].noun, lifting.start_date, start, last),
        ]
    if not lifting.mayor:
        content.append("naam van de burgemeester (ondertekening)")
    return {
        "may_invite_view": [
            "een opheffing begunstigt de betrokkene: er is geen voornemen met zienswijze"
        ],
        "content_complete": content,
        "hearing_done": [],
        "ready_to_take": [],
        "known_to_all": [],
        "is_emergency_order": ["alleen een noodbevel wordt beëindigd"],
    }


def lifting_addressees(session: Session, lifting: Decision) -> None:
    """The lifting goes to whoever the measure went to; cameratoezicht is published."""
    parent = session.get(Decision, lifting.parent_id) if lifting.parent_id else None
    for a in common.addressees_of(session, parent) if parent is not None else []:
        session.add(
            Addressee(
                decision_id=id_of(lifting), person_id=a.person_id, name=a.name, capacity=a.capacity
            )
        )
    session.flush()


def published(session: Session, decision: Decision) -> bool:
    """Made known by publication (art. 3:42 Awb): a designation and its withdrawal."""
    if decision.kind == Kind.measure_lifting and decision.parent_id:
        parent = session.get(Decision, decision.parent_id)
        return parent is not None and parent.kind == Kind.camera
    return decision.kind == Kind.camera


def letter_fields(session: Session, municipality: str, lifting: Decision) -> dict[str, Any]:
    """What the opheffingsbesluit letter says differently for a measure: title, legal basis,
    the measure by name, and who it is addressed to (the banned person at his own address, or
    the Gemeenteblad for a designation); None keeps the closure's addressee block."""
    from playbook.letters.contexts import Recipient
    from playbook.letters.fields import postal_lines

    words = words_of(session, lifting)
    parent = session.get(Decision, lifting.parent_id) if lifting.parent_id else None
    recipients = None
    if parent is not None and parent.kind == Kind.camera:
        recipients = [
            Recipient(names=[f"Bekendmaking in het Gemeenteblad van {municipality}"], lines=[])
        ]
    elif parent is not None and parent.kind == Kind.area_ban:
        banned = ban_addressee(session, details_of(session, parent))
        lines = postal_lines(banned.address) if banned.address else []
        recipients = [Recipient(names=[banned.name], lines=lines)]
    return {
        "title": words.title,
        "ground_article": words.basis,
        "lifted": words.noun,
        "recipients": recipients,
    }
