"""Letters and decisions carry the letterhead, mayor and contacts of the case's own
municipality, and each municipality's retention period applies to its own cases."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from playbook.cases import persons, service
from playbook.decisions import service as decisions
from playbook.definition.municipalities import Municipalities
from playbook.errors import NotAllowed
from playbook.information import facts
from playbook.information import service as information
from playbook.letters.service import generate
from playbook.retention.policy import policies_from_settings, policy_from_settings
from playbook.retention.service import apply
from playbook.storage.tables import Case, Person
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_facts, pdf_text
from tests.municipalities.conftest import BEEKDAL, RIVIERSTAD

ADDRESSES = {RIVIERSTAD: ("Havenstraat", "9999 AB", "Rivierstad"),
             BEEKDAL: ("Beekweg", "9998 AB", "Beekdal")}


def _case(uow: Any, two: Municipalities, code: str, **extra: Any) -> str:
    street, postcode, city = ADDRESSES[code]
    with uow() as s:
        return create(s, two.get(code).playbook, local("2025-03-06 03:00"), street=street,
                      postcode=postcode, city=city, occurred_at="2025-03-06 02:40",
                      **extra).reference


def test_resident_letters_carry_their_own_municipality(uow: Any, two: Municipalities) -> None:
    texts = {}
    for code in (RIVIERSTAD, BEEKDAL):
        reference = _case(uow, two, code)
        with uow() as s:
            letter, *_ = generate(session=s, reference=reference, kind="bewonersbrief",
                                actor="oov", now=local("2025-03-06 09:00"),
                                addresses=["Naastgelegen 1"])
        texts[code] = pdf_text(letter.content)
        assert pdf_facts(letter.content)["author"] == two.get(code).name
    assert "Gemeente Beekdal" in texts[BEEKDAL] and "Raadhuisplein 3" in texts[BEEKDAL]
    assert "Team Veiligheid Beekdal" in texts[BEEKDAL]
    assert "Gemeente Rivierstad" not in texts[BEEKDAL] and "Stadhuisplein" not in texts[BEEKDAL]
    assert "Gemeente Rivierstad" in texts[RIVIERSTAD] and "Stadhuisplein 1" in texts[RIVIERSTAD]
    assert "Beekdal" not in texts[RIVIERSTAD]


def test_a_closure_intent_is_the_mayor_of_the_cases_municipality(uow: Any,
                                                                  two: Municipalities) -> None:
    reference = _case(uow, two, BEEKDAL, persons=[
        {"name": "Dhr. K.", "role": "doelwit", "birth_date": "1985-05-05"},
        {"name": "Beekdal Wonen", "role": "belanghebbende", "relation": "woningcorporatie"}])
    with uow() as s:
        finish_phase(s, reference, local("2025-03-06 08:00"))
        request = information.request(session=s, reference=reference,
                                      kind="bestuurlijke-rapportage", actor="oov",
                                      now=local("2025-03-06 10:00"))
        information.record_answer(
            session=s, reference=reference, request_id=request.id,  # type: ignore[arg-type]
            answer=information.Answer(answered_on=date(2025, 3, 6),
                                      facts="Explosief tegen de voordeur om 02:40.",
                                      recurrence="Hoog, conflict in het criminele milieu."),
            actor="politie", now=local("2025-03-06 14:00"))
        facts.record_threat_assessment(session=s, reference=reference,
                                       assessed_on=date(2025, 3, 6),
                                       assessment="Ernstige vrees voor een nieuwe aanslag.",
                                       actor="politie", now=local("2025-03-06 14:10"))
        persons.record_housing(session=s, reference=reference, outcome="aanvaard",
                               description="Wisselwoning.", offered_on=date(2025, 3, 6),
                               actor="oov", now=local("2025-03-06 15:30"))
    with uow() as s:
        fields = decisions.parse_draft({
            "seriousness": "Een explosie bij een woning bracht de buren in gevaar.",
            "suitability": "Sluiting neemt het doelwit weg.",
            "necessity": "Lichtere middelen volstaan niet.",
            "balance": "De veiligheid van de buren weegt zwaarder.",
            "balance_owner": "De corporatie kan tijdens de sluiting herstellen.",
            "alternative_housing": "Een wisselwoning van Beekdal Wonen.",
            "children_count": 0, "duration_days": 42,
            "duration_reasons": "Zes weken geeft tijd voor onderzoek.", "start_time": "12:00",
            "entry_ban_basis": "Art. 174a Gemeentewet: betreden is verboden.",
            "entry_access": "Op afspraak onder begeleiding.",
            "enforcement": "Verzegeling en surveillance.", "start_date": "2025-03-14"})
        decision = decisions.draft(session=s, reference=reference, fields=fields,
                                   actor="juridisch", now=local("2025-03-06 15:00"))
        _, intent = decisions.send_intent(session=s, reference=reference,
                                          decision_id=decision.id,  # type: ignore[arg-type]
                                          hearing_days=7, sent_on=date(2025, 3, 6),
                                          sent_how="uitreiking", actor="juridisch",
                                          now=local("2025-03-06 16:00"))
    text = pdf_text(intent.content)
    assert "De burgemeester van Beekdal" in text, text[:600]
    assert "Gemeente Beekdal" in text and "Rivierstad, Stadhuisplein" not in text


def test_each_municipality_keeps_its_own_retention_period(uow: Any, two: Municipalities) -> None:
    now = datetime(2032, 6, 1, 12, 0, tzinfo=UTC)
    closed = now - timedelta(days=4 * 365)  # past Beekdal's 3 years, within Rivierstad's 5
    refs = {}
    for code in (RIVIERSTAD, BEEKDAL):
        refs[code] = _case(uow, two, code, persons=[{"name": f"Bewoner {code}",
                                                     "role": "bewoner"}])
        with uow() as s:
            row = s.exec(select(Case).where(Case.reference == refs[code])).one()
            row.phase, row.closed_at = "gesloten", closed
    with uow() as s:
        report = apply(session=s, now=now, actor="beheer", policy=policy_from_settings(),
                       per_municipality=policies_from_settings())
    assert [c.reference for c in report.cases] == [refs[BEEKDAL]]
    with uow() as s:
        names = set(s.exec(select(Person.name)))
    assert f"Bewoner {RIVIERSTAD}" in names and f"Bewoner {BEEKDAL}" not in names


def test_a_case_never_moves_to_another_municipalitys_playbook(uow: Any,
                                                              two: Municipalities) -> None:
    reference = _case(uow, two, BEEKDAL)
    with pytest.raises(NotAllowed, match="hoort bij Gemeente Beekdal"), uow() as s:
        service.migrate_playbook(session=s, reference=reference,
                                 playbook=two.get(RIVIERSTAD).playbook, actor="oov",
                                 now=local("2025-03-07 09:00"), reason="verkeerde gemeente")
