"""Gebiedsverbod (art. 172a Gemeentewet) as a decision: a person, an area on a map, at most three
months, repeated disturbance, a warning, a zienswijze, made known, extended at most three times."""

from datetime import date

import pytest
from sqlmodel import col, select

from playbook.cases.repository import get_case
from playbook.decisions import measures, objections
from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.errors import NotAllowed
from playbook.storage.tables import Document
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.legal.builders import make_known
from tests.measures.helpers import (
    BAN,
    Uow,
    ban_case,
    draft,
    edit,
    incident,
    made_known_ban,
    missing,
    step_status,
    taken_ban,
)


def test_ban_from_draft_to_made_known_with_a_bezwaar(uow: Uow, playbook: Playbook) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    assert step_status(uow, reference, Event.area_ban_made_known, "2026-03-06 16:00") == [
        StepStatus.done
    ]
    with uow() as s:
        case = get_case(s, reference)
        decision = decisions.get_decision(s, case, decision_id)
        [addressee] = decisions.addressees_of(s, decision)
        terms = {t.label: t.end for t in decisions.deadlines(decision, s)}
        assert addressee.name == "De heer P. Verstoorder"
        assert terms["Einde gebiedsverbod"] == date(2026, 6, 9)
        assert terms[f"Bezwaartermijn {addressee.name}"] == date(2026, 4, 17)
        row = objections.register(
            session=s,
            reference=reference,
            decision_id=decision_id,
            addressee_id=addressee.id,
            submitted_by=addressee.name,
            received_on=date(2026, 3, 30),
            actor="juridisch",
            now=local("2026-03-30 11:00"),
        )
        assert row.timely



def test_an_extension_starts_the_day_after_and_at_most_three_follow(
    uow: Uow, playbook: Playbook
) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    with uow() as s:
        extension = measures.extend(
            session=s,
            reference=reference,
            decision_id=decision_id,
            end_date=date(2026, 9, 10),
            reasons="Op 1 juni opnieuw intimidatie gemeld; de vrees voor verstoring blijft.",
            actor="juridisch",
            now=local("2026-06-01 09:00"),
        )
        assert extension.start_date == date(2026, 6, 10)
        assert measures.details_of(s, extension).extension_number == 1
        extension_id = extension.id
    # Three months from 10 June end on 9 September; one day more is refused (art. 172a lid 4).
    found = missing(uow, reference, extension_id, "2026-06-01 09:30")  # type: ignore[arg-type]
    assert any("uiterlijk tot en met 9 september 2026" in m for m in found)
    edit(uow, reference, extension_id, "2026-06-01 09:40", end_date="2026-09-09")  # type: ignore[arg-type]
    assert missing(uow, reference, extension_id, "2026-06-01 09:50") == [  # type: ignore[arg-type]
        "zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"
    ]
    with uow() as s:
        case = get_case(s, reference)
        row = measures.details_of(s, decisions.get_decision(s, case, extension_id))  # type: ignore[arg-type]
        row.extension_number = 3
        s.add(row)
        s.flush()
        parent = decisions.get_decision(s, get_case(s, reference), decision_id)
        measures.details_of(s, parent).extension_number = 3
    with pytest.raises(NotAllowed, match="driemaal"), uow() as s:
        measures.extend(
            session=s,
            reference=reference,
            decision_id=decision_id,
            end_date=date(2026, 9, 8),
            reasons="Opnieuw intimidatie gemeld; de vrees voor verstoring blijft.",
            actor="juridisch",
            now=local("2026-06-01 09:00"),
        )


@pytest.mark.parametrize(
    ("change", "incidents", "expected"),
    [
        ({"end_date": "2026-07-09"}, 2, "hoogstens drie maanden"),  # four months
        ({}, 1, "herhaalde verstoring"),
        ({"warning_on": None}, 2, "voorafgaande waarschuwing"),
        ({"map_reference": None}, 2, "kaart"),
        ({"with_map": False}, 2, "voeg de kaart van het verboden gebied toe"),
        ({"person_name": None}, 2, "geadresseerde"),
        ({"balance": "Afgewogen."}, 2, "evenwichtigheid"),
    ],
)
def test_ban_is_refused_with_its_reason(
    uow: Uow, playbook: Playbook, change: dict[str, object], incidents: int, expected: str
) -> None:
    reference = ban_case(uow, playbook)
    fields = {k: v for k, v in {**BAN, **change}.items() if v is not None}
    decision_id = draft(uow, reference, "gebiedsverbod", "2026-03-02 08:00", **fields)  # type: ignore[arg-type]
    for day in ("2026-02-14", "2026-02-27")[:incidents]:
        incident(uow, reference, decision_id, day)
    with uow() as s:
        decisions.record_urgency(
            session=s,
            reference=reference,
            decision_id=decision_id,
            reasons="Hij kondigde aan vannacht terug te komen naar de woning.",
            actor="juridisch",
            now=local("2026-03-02 09:00"),
        )
    found = missing(uow, reference, decision_id, "2026-03-02 09:10")
    assert len(found) == 1 and expected in found[0]
    with pytest.raises(DecisionIncomplete, match=expected), uow() as s:
        decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2026-03-02 10:00"),
        )


def test_the_ban_letter_names_the_person_the_map_and_the_incidents(
    uow: Uow, playbook: Playbook
) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    with uow() as s:
        from playbook.decisions.measures_letters import letter_for

        text = pdf_text(
            letter_for(
                session=s,
                reference=reference,
                decision_id=decision_id,
                actor="oov",
                now=local("2026-03-06 16:00"),
            ).content
        )
    assert "De heer P. Verstoorder" in text and "Bijlage 1, kaart" in text
    assert "172a" in text and "9 juni 2026" in text and "14 februari 2026" in text


def test_a_ban_sent_by_post_needs_the_addressee_s_address(uow: Uow, playbook: Playbook) -> None:
    """Art. 3:41 Awb: toezending reaches a person at an address. A person banned from an area
    need not live at the case's address, so the decision must carry his own."""
    reference, decision_id = taken_ban(uow, playbook)
    with pytest.raises(NotAllowed, match=r"van De heer P\. Verstoorder is geen adres bekend"):
        make_known(uow, reference, decision_id, "2026-03-06 15:00", how="toezending")
    with uow() as s:
        decision = decisions.get_decision(s, get_case(s, reference), decision_id)
        assert decision.status == "genomen"  # nothing half-done

    # Handed over by the police, no address is needed; by post, with his address, it is sent.
    reference2, _ = made_known_ban(uow, playbook, how="toezending",
                                   person_address="Dijkweg 8, 9999 CD Rivierstad")
    with uow() as s:
        letter = s.exec(select(Document).where(Document.case_id == get_case(s, reference2).id)
                        .order_by(col(Document.id).desc())).first()
        assert letter is not None
        text = pdf_text(letter.content)
    # the address block: his name, then street and postcode with place on their own lines
    assert "De heer P. Verstoorder Dijkweg 8 9999 CD Rivierstad Ons kenmerk" in text
    assert "Bekendgemaakt aan de heer P. Verstoorder op 6 maart 2026" in text
