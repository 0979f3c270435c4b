"""Request information for a decision and record the answer on the case."""

from datetime import date, datetime, timedelta
from typing import TypedDict

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from playbook.cases.audit import record
from playbook.cases.repository import get_case, touch
from playbook.cases.service import emit
from playbook.config import USER_TZ
from playbook.definition.events import Event
from playbook.errors import InvalidInput, NotFound
from playbook.storage.tables import Case, InformationRequest
from playbook.storage.types import id_of

DEFAULT_PURPOSE = (
    "Beoordelen of de burgemeester bestuurlijke maatregelen moet nemen ter handhaving van de "
    "openbare orde, waaronder sluiting van het object op grond van art. 174a Gemeentewet."
)

# The questions the domain brief requires in every request to the police.
QUESTIONS = [
    (
        "Welke feiten en omstandigheden zijn bekend over het incident "
        "(tijdstip, aard van het explosief, schade)?"
    ),
    "Welke eerdere incidenten zijn bekend op of rond dit adres en bij de bewoners?",
    "Wat is de inschatting van de politie van de dreiging en de kans op herhaling?",
    "Zijn er kwetsbare bewoners (kinderen, zorgbehoevenden) bekend?",
    "Welke maatregelen zijn al genomen (bewaking, camera, surveillance)?",
    "Welke delen van deze informatie mogen aan de bewoner worden getoond (zienswijze, dossier)?",
]

# Art. 39f Wjsg: the prosecutor decides what justitiële and strafvorderlijke gegevens go to the
# mayor, for a stated weighty public interest. Its own purpose and questions, not the police's.
OM_PURPOSE = (
    "Verstrekking van strafvorderlijke en justitiële gegevens aan de burgemeester voor een "
    "zwaarwegend algemeen belang (art. 39f lid 1 onder a en e Wjsg): het handhaven van de "
    "openbare orde rond dit adres en het nemen van een bestuurlijke maatregel, zoals sluiting "
    "op grond van art. 174a Gemeentewet."
)
OM_QUESTIONS = [
    "Loopt er een strafrechtelijk onderzoek naar de aanslag, en welke feiten daaruit mogen aan "
    "de burgemeester worden verstrekt?",
    "Zijn er verdachten of betrokkenen bekend met een relatie tot (bewoners van) dit adres?",
    "Zijn er justitiële gegevens over eerdere geweldsincidenten op of rond dit adres die de "
    "dreiging en de kans op herhaling onderbouwen?",
    "Loopt er een traject in het stelsel bewaken en beveiligen voor een bewoner?",
    "Verzet het strafrechtelijk onderzoek zich tegen een bestuurlijke maatregel of tegen het "
    "tonen van gegevens aan de betrokkene (zienswijze, bezwaar)?",
    "Onder welke voorwaarden (art. 39f lid 3 Wjsg) mogen de gegevens worden gebruikt en verder "
    "verstrekt?",
]

class RequestKind(TypedDict):
    addressee: str
    basis: str
    purpose: str
    questions: list[str]
    requested: Event
    answered: Event


KINDS: dict[str, RequestKind] = {
    "bestuurlijke-rapportage": {
        "addressee": "politie",
        "basis": "art. 16 lid 1 onder c en art. 18 Wet politiegegevens, in samenhang met "
                 "art. 4:3 Besluit politiegegevens",
        "purpose": DEFAULT_PURPOSE,
        "questions": QUESTIONS,
        "requested": Event.rapportage_requested,
        "answered": Event.rapportage_received,
    },
    "39f": {
        "addressee": "om",
        "basis": "art. 39f Wet justitiële en strafvorderlijke gegevens (lid 1 onder a en e)",
        "purpose": OM_PURPOSE,
        "questions": OM_QUESTIONS,
        "requested": Event.om_requested,
        "answered": Event.om_received,
    },
}


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    answered_on: date
    facts: str = Field(min_length=10)
    earlier_incidents: str | None = None
    recurrence: str = Field(min_length=5)
    vulnerable_occupants: str | None = None
    measures_taken: str | None = None
    shareable: str | None = None


def request(*, session: Session, reference: str, kind: str, actor: str, now: datetime,
            answer_days: int = 1, purpose: str | None = None) -> InformationRequest:
    if kind not in KINDS:
        raise InvalidInput([f"soort: '{kind}' is onbekend; kies {' of '.join(KINDS)}"])
    if answer_days < 0:
        raise InvalidInput(["termijn: moet 0 of meer dagen zijn"])
    case = get_case(session, reference)
    today = now.astimezone(USER_TZ).date()
    row = InformationRequest(
        case_id=id_of(case), kind=kind, requested_on=today,
        answer_due=today + timedelta(days=answer_days),
        purpose=(purpose or KINDS[kind]["purpose"]).strip(), requested_by=actor,
        round=case.round,
    )
    session.add(row)
    session.flush()
    record(session, case, actor=actor, action="informatie-gevraagd", at=now, subject=kind,
           new=f"antwoord uiterlijk {row.answer_due.isoformat()}", details={"verzoek": row.id})
    emit(session, case, KINDS[kind]["requested"], actor=actor, now=now, because=f"verzoek {kind}")
    touch(case, now)
    return row


def record_answer(*, session: Session, reference: str, request_id: int, answer: Answer,
                  actor: str, now: datetime) -> InformationRequest:
    case = get_case(session, reference)
    row = session.get(InformationRequest, request_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"Informatieverzoek {request_id} hoort niet bij zaak {case.reference}.")
    if answer.answered_on < row.requested_on:
        raise InvalidInput(["datum antwoord: ligt vóór de datum van het verzoek"])
    for field, value in answer.model_dump().items():
        setattr(row, field, value)
    session.add(row)
    record(session, case, actor=actor, action="informatie-ontvangen", at=now, subject=row.kind,
           new=answer.answered_on.isoformat(), details={"verzoek": row.id})
    if KINDS[row.kind]["answered"]:
        emit(session, case, KINDS[row.kind]["answered"], actor=actor, now=now,
             because="antwoord vastgelegd")
    touch(case, now)
    return row


def latest_answer(session: Session, case: Case,
                  round_: int | None = None) -> InformationRequest | None:
    """The latest answered bestuurlijke rapportage; of one round (attack) when given."""
    query = select(InformationRequest).where(
        InformationRequest.case_id == case.id, InformationRequest.kind == "bestuurlijke-rapportage",
        col(InformationRequest.answered_on).is_not(None),
    )
    if round_ is not None:
        query = query.where(InformationRequest.round == round_)
    return session.exec(query.order_by(col(InformationRequest.id).desc())).first()


def requests_of(session: Session, case: Case) -> list[InformationRequest]:
    return list(session.exec(select(InformationRequest).where(
        InformationRequest.case_id == case.id).order_by(col(InformationRequest.id))))
