"""The services that add a row to a case write exactly these audit rows and events.

Written against the code before the shared helper (cases/audited.py) replaced their repeated
tail (add, flush, audit, emit, bump the version), so the refactoring is shown not to change what
the audit trail holds."""

from datetime import date

from sqlmodel import col, select

from playbook.cases import persons, referrals
from playbook.cases.repository import get_case
from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.definition.models import Playbook
from playbook.storage.tables import AuditEvent, EventRecord, Person
from tests.conftest import local
from tests.legal.builders import case_with
from tests.measures.helpers import OCCUPANT, Uow, draft
from tests.measures.test_camera import CAMERA

AFTER = "2026-03-02 09:00"  # after the case was made
ADDED = "2026-03-03 10:30"  # the rows under test are added from here on


def _trail(uow: Uow, reference: str) -> tuple[list[tuple[object, ...]], list[tuple[str, str]]]:
    with uow() as s:
        case = get_case(s, reference)
        audit = s.exec(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                col(AuditEvent.at) >= local(ADDED))
                       .order_by(col(AuditEvent.id))).all()
        events = s.exec(select(EventRecord).where(EventRecord.case_id == case.id)
                        .order_by(col(EventRecord.id))).all()
        names = {p.id: p.name for p in s.exec(select(Person))}
        return (
            [(a.action, a.subject, a.old, a.new, a.reason, a.details, names.get(a.person_id),
              a.actor, a.at) for a in audit],
            [(e.event, e.because) for e in events],
        )


def test_adding_rows_writes_the_same_audit_rows_and_events(uow: Uow, playbook: Playbook) -> None:
    reference = case_with(uow, playbook, "2026-03-01 02:00", household=[OCCUPANT])
    decision_id = draft(uow, reference, "cameratoezicht", AFTER, **CAMERA)
    with uow() as s:
        decisions.issue(session=s, reference=reference, decision_id=decision_id,
                        actor="juridisch", now=local("2026-03-02 10:00"))
        decisions.make_known(session=s, reference=reference, decision_id=decision_id,
                             on=date(2026, 3, 3), how="publicatie", actor="oov",
                             now=local("2026-03-03 09:00"))
    with uow() as s:
        [jansen] = s.exec(select(Person)).all()
        persons.record_housing(session=s, reference=reference, outcome="aanvaard",
                               description="Gemeubileerde wisselwoning voor het huishouden.",
                               offered_on=date(2026, 3, 3), actor="oov",
                               now=local("2026-03-03 11:00"), person_id=jansen.id)
        referrals.record_consent(session=s, reference=reference, person_id=jansen.id,  # type: ignore[arg-type]
                                 given_by="Mevrouw J. Jansen", given_at=local("2026-03-03 11:30"),
                                 method="schriftelijk", covers_contact=True, note="aan de deur",
                                 actor="oov", now=local("2026-03-03 12:00"))
        referrals.record_police_referral(session=s, reference=reference,
                                         referred_at=local("2026-03-02 08:00"), actor="politie",
                                         now=local("2026-03-03 12:30"), person_id=jansen.id)
        objections.register(session=s, reference=reference, decision_id=decision_id,
                            submitted_by="Bewonersvereniging Havenkwartier",
                            received_on=date(2026, 3, 20), actor="juridisch",
                            now=local("2026-03-20 11:00"))
        objections.request_interim_relief(session=s, reference=reference,
                                          decision_id=decision_id,
                                          requested_on=date(2026, 3, 21),
                                          hearing_on=date(2026, 4, 2), actor="juridisch",
                                          now=local("2026-03-21 10:00"))
    audit, events = _trail(uow, reference)
    assert audit == EXPECTED_AUDIT
    assert events[-4:] == EXPECTED_EVENTS


EXPECTED_AUDIT: list[tuple[object, ...]] = [
    ("huisvesting-vastgelegd", "aanvaard", None, "Gemeubileerde wisselwoning voor het huishouden.",
     None, {"aangeboden_op": "2026-03-03"}, None, "oov", local("2026-03-03 11:00")),
    ("toestemming-vastgelegd", None, None, "doorverwijzing naar Slachtofferhulp Nederland",
     "schriftelijk, ronde 1",
     {"toestemming": 1, "gegeven_op": "2026-03-03T11:30:00+01:00", "contactgegevens": True},
     "Mevrouw J. Jansen", "oov", local("2026-03-03 12:00")),
    ("verwijzing-shn", "politie", None, "bij de aangifte, via de politie", None,
     {"verwezen_op": "2026-03-02T08:00:00+01:00", "ronde": 1}, "Mevrouw J. Jansen", "politie",
     local("2026-03-03 12:30")),
    ("stap-gewijzigd", "slachtofferhulp-via-aangifte", "open", "afgerond", None,
     {"ronde": 1, "fase": "eerste-nazorg", "door": "verwijzing 1",
      "gebeurtenis": "verwijzing.politie-vastgelegd"}, None, "politie", local("2026-03-03 12:30")),
    ("bezwaar-ontvangen", "besluit 1", None, "Bewonersvereniging Havenkwartier",
     "ontvangen op 20 maart 2026, binnen de termijn die eindigde op dinsdag 14 april 2026 "
     "(art. 6:9 lid 1 Awb)", {"bezwaar": 1, "tijdig": True}, None, "juridisch",
     local("2026-03-20 11:00")),
    ("voorlopige-voorziening-gevraagd", "besluit 1", None, "zitting 2026-04-02", None, None, None,
     "juridisch", local("2026-03-21 10:00")),
]
EXPECTED_EVENTS = [
    ("huisvesting.geregeld", "vervangende woonruimte aanvaard"),
    ("verwijzing.politie-vastgelegd", "verwijzing 1"),
    ("bezwaar.ontvangen", "bezwaar 1 tegen besluit 1"),
    ("voorlopige-voorziening.gevraagd", "voorlopige voorziening tegen besluit 1"),
]
