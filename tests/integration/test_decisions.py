"""The closure-decision lifecycle on both databases, with legally meaningful dates."""

from datetime import date

import pytest
from sqlmodel import select

from playbook.cases import service as cases
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.decisions import service as decisions
from playbook.definition.enums import StepStatus
from playbook.errors import NotAllowed, NotFound
from playbook.information import service as information
from playbook.storage.tables import AuditEvent, Document
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_text

REASONING = {
    "seriousness": "Een explosie in een portiek met acht woningen bracht alle bewoners in gevaar.",
    "necessity": "Camera en surveillance hebben de aanslag niet voorkomen; lichtere middelen volstaan niet.",
    "balance": "De bewoners zijn niet betrokken; voor de twee kinderen en de oudere bewoonster is opvang geregeld.",
    "alternative_housing": "Een wisselwoning van de woningcorporatie.",
    "duration_reasons": "De politie verwacht herhaling binnen weken; negentig dagen is daarom nodig.",
}
PERSONS = [{"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee"},
           {"name": "Huishouden K.", "role": "doelwit", "children": "2"}]


def status(session, reference: str, step_id: str, now) -> StepStatus:  # type: ignore[no-untyped-def]
    view = overview(session, get_case(session, reference), now, whole_case=True)
    return next(i.status for b in view.blocks for i in b.items if i.step.id == step_id)


@pytest.fixture
def first_response(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    """A woning case, attacked Thursday 6 March 2025 at night, now in first response with
    the bestuurlijke rapportage answered."""
    with uow() as s:
        case = create(s, playbook, local("2025-03-06 03:00"), occurred_at="2025-03-06 02:40",
                      persons=PERSONS)
        finish_phase(s, case.reference, local("2025-03-06 08:00"))
        request = information.request(session=s, reference=case.reference,
                                      kind="bestuurlijke-rapportage", actor="oov",
                                      now=local("2025-03-06 10:00"))
        information.record_answer(
            session=s, reference=case.reference, request_id=request.id,  # type: ignore[arg-type]
            answer=information.Answer(answered_on=date(2025, 3, 6),
                                      facts="Explosief tegen de voordeur van de portiekwoning om 02:40.",
                                      recurrence="Hoog, conflict in het criminele milieu."),
            actor="politie", now=local("2025-03-06 14:00"))
        assert status(s, case.reference, "verzoek-bestuurlijke-rapportage", local("2025-03-06 14:00")) == "afgerond"
        assert status(s, case.reference, "bestuurlijke-rapportage-ontvangen", local("2025-03-06 14:00")) == "afgerond"
        return case.reference


def draft(uow, reference: str, **extra) -> int:  # type: ignore[no-untyped-def]
    with uow() as s:
        fields = decisions.parse_draft({**REASONING, "start_date": "2025-03-07", **extra})
        return decisions.draft(session=s, reference=reference, fields=fields, actor="juridisch",
                               now=local("2025-03-06 15:00")).id  # type: ignore[return-value]


def test_draft_takes_facts_from_the_rapportage_and_marks_closure(uow, first_response) -> None:
    decision_id = draft(uow, first_response)
    with uow() as s:
        case = get_case(s, first_response)
        decision = decisions.get_decision(s, case, decision_id)
        assert decision.facts == "Explosief tegen de voordeur van de portiekwoning om 02:40."
        assert decision.recurrence == "Hoog, conflict in het criminele milieu."
        assert (decision.ground, decision.duration_days, decision.mayor) == ("174a-1-b", 90, "mr. A.B. de Vries")
        assert case.closure is True  # closure steps now apply
        assert status(s, first_response, "sluitingsbesluit", local("2025-03-06 15:00")) == "open"


def test_completeness_check_names_every_missing_element(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, local("2025-03-06 03:00"), occurred_at="2025-03-06 02:40",
                      persons=PERSONS)
        finish_phase(s, case.reference, local("2025-03-06 08:00"))
        decision = decisions.draft(session=s, reference=case.reference,
                                   fields=decisions.parse_draft({"balance": "x" * 30}),
                                   actor="juridisch", now=local("2025-03-06 09:00"))
    with uow() as s:
        missing = decisions.check(session=s, reference=case.reference, decision_id=decision.id,  # type: ignore[arg-type]
                                  now=local("2025-03-06 09:00"))
    expected = ["bestuurlijke rapportage van de politie", "feiten uit de bestuurlijke rapportage",
                "waarom de verstoring van de openbare orde ernstig is", "inschatting van de politie over herhaling",
                "noodzaak: welke lichtere middelen", "motivering van de duur",
                "belangenafweging noemt de kinderen", "vervangende woonruimte",
                "tijdelijke huisvesting geregeld vóór de sluiting ingaat", "ingangsdatum",
                "zienswijze gevraagd of spoed met redenen vastgelegd"]
    for item in expected:
        assert any(item in m for m in missing), (item, missing)
    with pytest.raises(decisions.DecisionIncomplete) as err, uow() as s:
        decisions.issue(session=s, reference=case.reference, decision_id=decision.id,  # type: ignore[arg-type]
                        actor="juridisch", now=local("2025-03-06 09:00"))
    assert "Het besluit kan nog niet worden genomen" in err.value.message
    with uow() as s:
        assert s.exec(select(Document)).all() == []  # nothing issued, nothing half-written


def test_voornemen_zienswijze_issue_and_bekendmaking_with_real_dates(uow, first_response) -> None:
    decision_id = draft(uow, first_response, start_date="2025-03-08")
    with uow() as s:
        _, intent = decisions.send_intent(session=s, reference=first_response, decision_id=decision_id,
                                          hearing_days=1, actor="juridisch", now=local("2025-03-06 16:00"))
        assert status(s, first_response, "zienswijze-of-spoed", local("2025-03-06 16:00")) == "afgerond"
    text = pdf_text(intent.content)
    # Thursday 6 March + 1 day = Friday 7 March, a working day: no extension
    assert "Voornemen tot sluiting" in text and "eindigt op vrijdag 7 maart 2025" in text
    with uow() as s:
        cases.set_step(session=s, reference=first_response, step_id="tijdelijke-huisvesting",
                       status=StepStatus.done, actor="oov", now=local("2025-03-06 17:00"))
        decisions.record_hearing(session=s, reference=first_response, decision_id=decision_id,
                                 outcome="Geen zienswijze ontvangen binnen de termijn.", given=False,
                                 actor="juridisch", now=local("2025-03-07 09:00"))
    with pytest.raises(decisions.DecisionIncomplete, match="zienswijzetermijn loopt nog tot en met 2025-03-07"), uow() as s:
        decisions.issue(session=s, reference=first_response, decision_id=decision_id,
                        actor="juridisch", now=local("2025-03-07 09:00"))
    with uow() as s:
        _, issued = decisions.issue(session=s, reference=first_response, decision_id=decision_id,
                                    actor="juridisch", now=local("2025-03-08 09:00"))
        assert status(s, first_response, "sluitingsbesluit", local("2025-03-08 09:00")) == "afgerond"
    text = pdf_text(issued.content)
    for expected in ("Besluit tot sluiting", "art. 174a lid 1 onder b Gemeentewet",
                     "van 8 maart 2025 tot en met 5 juni 2025 (90 dagen)",
                     "Explosief tegen de voordeur", "Hoog, conflict in het criminele milieu",
                     "lichtere middelen volstaan niet", "twee kinderen", "wisselwoning",
                     "Geen zienswijze ontvangen", "binnen zes weken na de dag waarop dit besluit is bekendgemaakt",
                     "art. 6:7 en 6:8 Awb", "art. 6:16 Awb", "voorlopige voorziening (art. 8:81 Awb)",
                     "Rechtbank Rivierstad", "mr. A.B. de Vries", "Rivierstad, 8 maart 2025"):
        assert expected in text, expected
    with pytest.raises(NotFound, match="hoort niet bij zaak"), uow() as s:
        decisions.make_known(session=s, reference=first_response, decision_id=decision_id + 99,
                             on=date(2025, 3, 8), how="uitreiking", actor="oov", now=local("2025-03-08 10:00"))


def test_bekendmaking_on_friday_7_march_2025_runs_bezwaar_to_22_april(uow, first_response) -> None:
    """The worked example of the domain brief, end to end through the letter."""
    decision_id = draft(uow, first_response)
    with uow() as s:
        cases.set_step(session=s, reference=first_response, step_id="tijdelijke-huisvesting",
                       status=StepStatus.done, actor="oov", now=local("2025-03-06 15:30"))
        decisions.record_urgency(session=s, reference=first_response, decision_id=decision_id,
                                 reasons="Nieuwe aanslag kan elk moment volgen; horen kan niet worden afgewacht.",
                                 actor="juridisch", now=local("2025-03-06 15:40"))
        decisions.issue(session=s, reference=first_response, decision_id=decision_id,
                        actor="juridisch", now=local("2025-03-06 16:00"))
    with uow() as s:
        decision, letter = decisions.make_known(session=s, reference=first_response, decision_id=decision_id,
                                                on=date(2025, 3, 7), how="uitreiking", actor="oov",
                                                now=local("2025-03-07 10:00"))
        bezwaar = decisions.deadlines(decision)[-1]
        assert status(s, first_response, "bekendmaking-verzegeling", local("2025-03-07 10:00")) == "afgerond"
        versions = [d.version for d in s.exec(select(Document).where(Document.kind == "sluitingsbesluit"))]
        actions = [e.action for e in s.exec(select(AuditEvent))]
    assert (bezwaar.start, bezwaar.raw_end, bezwaar.end) == (date(2025, 3, 8), date(2025, 4, 18), date(2025, 4, 22))
    assert versions == [1, 2]  # re-issued with the concrete deadline, never overwritten
    assert {"besluit-concept", "besluit-gewijzigd", "document-gemaakt", "stap-gewijzigd"} <= set(actions)
    text = pdf_text(letter.content)
    for expected in ("bekendgemaakt door uitreiking op 7 maart 2025", "dinsdag 22 april 2025",
                     "Goede Vrijdag", "Tweede Paasdag", "art. 4:11 onder a Awb"):
        assert expected in text, expected


def issued_and_known(uow, reference: str) -> int:  # type: ignore[no-untyped-def]
    decision_id = draft(uow, reference)
    with uow() as s:
        cases.set_step(session=s, reference=reference, step_id="tijdelijke-huisvesting",
                       status=StepStatus.done, actor="oov", now=local("2025-03-06 15:30"))
        decisions.record_urgency(session=s, reference=reference, decision_id=decision_id,
                                 reasons="Nieuwe aanslag kan elk moment volgen; horen kan niet worden afgewacht.",
                                 actor="juridisch", now=local("2025-03-06 15:40"))
        decisions.issue(session=s, reference=reference, decision_id=decision_id, actor="juridisch",
                        now=local("2025-03-06 16:00"))
        decisions.make_known(session=s, reference=reference, decision_id=decision_id, on=date(2025, 3, 6),
                             how="uitreiking", actor="oov", now=local("2025-03-06 17:00"))
    return decision_id


def test_extension_needs_a_new_zienswijze_never_urgency(uow, first_response) -> None:
    first = issued_and_known(uow, first_response)
    with uow() as s:
        extension = decisions.extend(session=s, reference=first_response, parent_id=first,
                                     fields=decisions.parse_draft({**REASONING, "duration_days": 30}),
                                     actor="juridisch", now=local("2025-05-20 09:00"))
        assert extension.start_date == date(2025, 6, 5)  # the day after the closure's last day
    with pytest.raises(NotAllowed, match="spoed volstaat niet"), uow() as s:
        decisions.record_urgency(session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
                                 reasons="Het is weer dringend, geen tijd om te horen.",
                                 actor="juridisch", now=local("2025-05-20 09:30"))
    with pytest.raises(decisions.DecisionIncomplete, match="nieuw voornemen tot verlenging"), uow() as s:
        decisions.issue(session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
                        actor="juridisch", now=local("2025-05-20 10:00"))
    with uow() as s:
        decisions.send_intent(session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
                              hearing_days=7, actor="juridisch", now=local("2025-05-20 10:00"))
        decisions.record_hearing(session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
                                 outcome="De bewoner vraagt om een kortere verlenging.", given=True,
                                 actor="juridisch", now=local("2025-05-22 10:00"))
        _, letter = decisions.issue(session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
                                    actor="juridisch", now=local("2025-05-23 10:00"))
    text = pdf_text(letter.content)
    assert "Besluit tot verlenging van de sluiting" in text
    assert "van 5 juni 2025 tot en met 4 juli 2025 (30 dagen)" in text
    assert "De bewoner vraagt om een kortere verlenging." in text


def test_lifting_follows_the_end_date_and_completes_the_step(uow, first_response) -> None:
    first = issued_and_known(uow, first_response)
    with uow() as s:
        finish_phase(s, first_response, local("2025-03-10 09:00"))  # into nazorg
        lifting = decisions.lift(session=s, reference=first_response, parent_id=first,
                                 reasons="De politie ziet geen aanwijzingen meer voor herhaling.",
                                 effective=None, actor="juridisch", now=local("2025-06-03 09:00"))
        assert lifting.start_date == date(2025, 6, 5)
        _, letter = decisions.issue(session=s, reference=first_response, decision_id=lifting.id,  # type: ignore[arg-type]
                                    actor="juridisch", now=local("2025-06-03 10:00"))
        assert status(s, first_response, "sluiting-verlengen-of-opheffen", local("2025-06-03 10:00")) == "afgerond"
    text = pdf_text(letter.content)
    assert "Besluit tot opheffing van de sluiting" in text and "met ingang van 5 juni 2025" in text
    assert "geen aanwijzingen meer voor herhaling" in text and "bezwaar" in text


def test_vehicle_has_no_closure_decision(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, local("2025-03-06 03:00"), occurred_at="2025-03-06 02:40",
                      object_type="voertuig", persons=[])
    with pytest.raises(NotAllowed, match="geen sluitingsroute"), uow() as s:
        decisions.draft(session=s, reference=case.reference, fields=decisions.parse_draft({}),
                        actor="juridisch", now=local("2025-03-06 09:00"))
