"""Cameratoezicht (art. 151c Gemeentewet) as a decision: designated, taken without a zienswijze,
made known by publication, terms from the day after publication, bezwaar by anyone concerned."""

from datetime import date

import pytest
from sqlmodel import select

from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.errors import InvalidInput
from playbook.storage.tables import Document
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.legal.builders import case_with
from tests.measures.helpers import OCCUPANT, WHY, Uow, draft, missing, step_status

CAMERA = {
    "council_basis": "Art. 2:77 APV Rivierstad 2024 (cameratoezicht op openbare plaatsen)",
    "area": "Havenstraat 1-40 en het Havenplein, zoals omschreven in de bijlage",
    "start_date": "2026-03-05",
    "end_date": "2026-06-04",
    "facts": WHY,
    "necessity": "Extra surveillance en betere verlichting zijn geprobeerd en hielden de "
    "intimidatie niet tegen; alleen camera's geven zicht in de nacht.",
    "retention_days": 28,
    "evaluation_on": "2026-05-20",
    "evaluation_how": "De driehoek bespreekt de politiecijfers en meldingen van bewoners.",
}


def _case(uow: Uow, playbook: Playbook) -> str:
    return case_with(uow, playbook, "2026-03-01 02:00", household=[OCCUPANT])


def test_camera_from_draft_to_publication_and_a_bezwaar(uow: Uow, playbook: Playbook) -> None:
    reference = _case(uow, playbook)
    decision_id = draft(uow, reference, "cameratoezicht", "2026-03-02 09:00", **CAMERA)
    assert missing(uow, reference, decision_id, "2026-03-02 09:10") == []
    # A designation is of general scope: no voornemen (art. 4:8 Awb applies to beschikkingen).
    with pytest.raises(DecisionIncomplete, match="algemene strekking"), uow() as s:
        decisions.send_intent(
            session=s,
            reference=reference,
            decision_id=decision_id,
            hearing_days=7,
            actor="juridisch",
            now=local("2026-03-02 09:20"),
        )
    with uow() as s:
        decision, _ = decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2026-03-02 10:00"),
        )
        assert decision.status == "genomen"
        assert decisions.addressees_of(s, decision) == []
    # Not sent to one addressee: published in the Gemeenteblad (art. 3:42 Awb).
    with pytest.raises(InvalidInput, match="publicatie"), uow() as s:
        decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision_id,
            on=date(2026, 3, 3),
            how="uitreiking",
            actor="oov",
            now=local("2026-03-03 09:00"),
        )
    assert step_status(uow, reference, Event.camera_made_known, "2026-03-03 08:00") == [
        StepStatus.open
    ]
    with uow() as s:
        decision, document = decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision_id,
            on=date(2026, 3, 3),
            how="publicatie",
            actor="oov",
            now=local("2026-03-03 09:00"),
        )
        assert decision.status == "bekendgemaakt"
        terms = {t.label: t.end for t in decisions.deadlines(decision, s)}
        text = pdf_text(document.content)
    assert step_status(uow, reference, Event.camera_made_known, "2026-03-03 10:00") == [
        StepStatus.done
    ]
    # Six weeks from the day after publication (art. 6:7, 6:8 lid 1 Awb).
    assert terms["Bezwaartermijn"] == date(2026, 4, 14)
    assert terms["Einde cameratoezicht"] == date(2026, 6, 4)
    assert terms["Evaluatie cameratoezicht"] == date(2026, 5, 20)
    assert "151c" in text and "28 dagen" in text and "Gemeenteblad" in text
    assert "Havenplein" in text and "14 april 2026" in text
    with uow() as s:
        row = objections.register(
            session=s,
            reference=reference,
            decision_id=decision_id,
            submitted_by="Bewonersvereniging Havenkwartier",
            received_on=date(2026, 3, 20),
            actor="juridisch",
            now=local("2026-03-20 11:00"),
        )
        assert row.timely


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"retention_days": 35}, "35 dagen mag niet"),
        ({"council_basis": None}, "machtiging van de raad"),
        ({"evaluation_on": None}, "evaluatie"),
        ({"end_date": None}, "periode"),
        ({"necessity": "Nodig."}, "noodzaak"),
    ],
)
def test_camera_is_refused_with_its_reason_when_a_requirement_is_missing(
    uow: Uow, playbook: Playbook, change: dict[str, object], expected: str
) -> None:
    reference = _case(uow, playbook)
    fields = {k: v for k, v in {**CAMERA, **change}.items() if v is not None}
    decision_id = draft(uow, reference, "cameratoezicht", "2026-03-02 09:00", **fields)
    found = missing(uow, reference, decision_id, "2026-03-02 09:10")
    assert len(found) == 1 and expected in found[0]
    with pytest.raises(DecisionIncomplete) as refused, uow() as s:
        decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2026-03-02 10:00"),
        )
    assert expected in str(refused.value)
    with uow() as s:
        assert s.exec(select(Document)).first() is None  # nothing half-written


def test_the_closure_commands_see_a_measure_as_a_measure(uow: Uow, playbook: Playbook) -> None:
    """`besluit controleer` checks a measure by its own rules; `besluit wijzig` points to
    `maatregel wijzig` instead of writing closure fields into it."""
    from playbook.errors import NotAllowed

    reference = _case(uow, playbook)
    fields = {**CAMERA, "retention_days": 35}
    decision_id = draft(uow, reference, "cameratoezicht", "2026-03-02 09:00", **fields)
    with uow() as s:
        found = decisions.check(session=s, reference=reference, decision_id=decision_id,
                                now=local("2026-03-02 09:10"))
    assert len(found) == 1 and "35 dagen mag niet" in found[0]
    with pytest.raises(NotAllowed, match="maatregel wijzig"), uow() as s:
        decisions.draft(session=s, reference=reference, decision_id=decision_id,
                        fields=decisions.parse_draft({"facts": "Andere feiten, lang genoeg."}),
                        actor="juridisch", now=local("2026-03-02 09:20"))
