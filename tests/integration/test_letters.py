"""Letters partners act on: read back from the PDF, archivable, reproducible, privacy-safe."""

import pytest
from sqlmodel import select

from playbook.cases import service as cases
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.errors import InvalidInput, NotAllowed
from playbook.information import service as information
from playbook.letters import service as letters
from playbook.storage.tables import AuditEvent, Document, Person
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_facts, pdf_text

NOW = local("2025-03-07 19:00")
TARGET = {"name": "Familie Kaya", "role": "doelwit", "contact": "06-99887766", "children": "3"}
PERSONS = [TARGET,
           {"name": "Mevrouw A. de Boer", "role": "bewoner", "self_reliant": "nee",
            "contact": "06-12345678", "language": "nl", "needs": "Medicatie nog in de woning"},
           {"name": "Mr. T. Okafor", "role": "omwonende", "language": "en", "address": "Havenstraat 16",
            "shn_consent": "ja"}]


@pytest.fixture
def case_ref(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    with uow() as s:
        case = create(s, playbook, local("2025-03-07 03:00"), persons=PERSONS)
        finish_phase(s, case.reference, local("2025-03-07 08:00"))
        cases.update_facts(session=s, reference=case.reference, actor="burgemeester",
                           now=local("2025-03-07 11:00"), closure=True)
        return case.reference


def step_status(s, reference: str, step_id: str) -> StepStatus:  # type: ignore[no-untyped-def]
    view = overview(s, get_case(s, reference), NOW)
    return next(i.status for i in view.blocks[0].items if i.step.id == step_id)


def test_resident_letter_in_dutch_and_english_never_names_the_target(uow, case_ref) -> None:
    with uow() as s:
        nl, en = letters.generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov",
                                  now=NOW, meeting="Donderdag 13 maart om 19.30 uur in buurthuis De Haven.")
        assert step_status(s, case_ref, "bewonersbrief") == StepStatus.done
        events = s.exec(select(AuditEvent).where(AuditEvent.action.in_(  # type: ignore[attr-defined]
            ["document-gemaakt", "stap-gewijzigd"]))).all()
    dutch, english = pdf_text(nl.content), pdf_text(en.content)
    for text in (dutch, english):
        for number in ("0900-8844", "0800-7000", "0900-0101", "Havenstraat", "14 0999",
                       "Woonstichting Rivierstad", "mr. A.B. de Vries", "Politie basisteam Rivierstad"):
            assert number in text, number
        for secret in ("Kaya", "06-99887766", "14-2", "De Boer", "Okafor", "06-12345678", "Medicatie"):
            assert secret not in text, f"persoonsgegevens in bewonersbrief: {secret}"
    assert "Informatie over de explosie in uw straat" in dutch and "Bewonersbijeenkomst" in dutch
    assert "Heeft u iets gezien of gehoord?" in dutch
    assert "Information about the explosion in your street" in english and "7 March 2025" in english
    assert "Slachtofferhulp Nederland" in english and "Residents' meeting" in english
    assert (pdf_facts(nl.content)["lang"], pdf_facts(en.content)["lang"]) == ("nl", "en")
    # the documents and the completed step are recorded together
    assert [e.subject for e in events if e.action == "document-gemaakt"] == ["bewonersbrief"] * 2
    assert "bewonersbrief" in [e.subject for e in events if e.action == "stap-gewijzigd"]


def test_personalised_resident_letters_name_only_the_neighbours_address(uow, case_ref) -> None:
    with uow() as s:
        docs = letters.generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov",
                                now=NOW, addresses=["Havenstraat 16", "Havenstraat 18"])
    assert len(docs) == 4
    assert "Aan de bewoners van Havenstraat 18" in pdf_text(docs[2].content)
    assert "To the residents of Havenstraat 18" in pdf_text(docs[3].content)


def test_referral_needs_recorded_consent(uow, case_ref) -> None:
    with uow() as s:
        persons = {p.name: p.id for p in s.exec(select(Person))}
    with pytest.raises(NotAllowed, match=r"Geen toestemming vastgelegd van Mevrouw A\. de Boer"), uow() as s:
        letters.generate(session=s, reference=case_ref, kind="verwijzing-slachtofferhulp",
                         person_id=persons["Mevrouw A. de Boer"], actor="politie", now=NOW)
    with uow() as s:
        assert s.exec(select(Document)).all() == []
        cases.record_consent(session=s, reference=case_ref, person_id=persons["Mevrouw A. de Boer"],
                             actor="politie", now=local("2025-03-07 18:00"))
    with uow() as s:
        (doc,) = letters.generate(session=s, reference=case_ref, kind="verwijzing-slachtofferhulp",
                                  person_id=persons["Mevrouw A. de Boer"], actor="politie", now=NOW)
        assert step_status(s, case_ref, "verwijzing-slachtofferhulp") == StepStatus.done
    text = pdf_text(doc.content)
    for expected in ("Verwijzing naar Slachtofferhulp Nederland", "Mevrouw A. de Boer",
                     "Bewoner van het getroffen adres", "06-12345678", "Medicatie nog in de woning",
                     "7 maart 2025 18:00",
                     "art. 6 lid 1 onder a AVG"):
        assert expected in text, expected


def test_aftercare_briefing_lists_addresses_and_does_not_tick_the_visits(uow, case_ref) -> None:
    from playbook.cases import persons
    from playbook.cases.intake import PersonIntake

    with uow() as s:  # a landlord's postbox is no door the team knocks on
        persons.add(session=s, reference=case_ref, actor="oov", now=NOW,
                    person=PersonIntake.model_validate({
                        "name": "Woonstichting Rivierstad", "role": "belanghebbende",
                        "relation": "woningcorporatie", "address": "Postbus 100, 9999 ZZ"}))
    with uow() as s:
        (doc,) = letters.generate(session=s, reference=case_ref, kind="opdracht-nazorgteam",
                                  actor="oov", now=NOW, addresses=["Havenstraat 10", "Havenstraat 12"])
        assert step_status(s, case_ref, "nazorgteam-inzetten") == StepStatus.open
        assert doc.step_id == "nazorgteam-inzetten"
    text = pdf_text(doc.content)
    for expected in ("Opdracht nazorgteam", "Havenstraat 10", "Havenstraat 12",
                     "Havenstraat 16 (omwonende)", "Gesprekspunten", "Contactlog", "Wie belt u",
                     "Meld Misdaad Anoniem 0800-7000"):
        assert expected in text, expected
    assert "Kaya" not in text and "Postbus 100" not in text


def test_briefing_without_addresses_is_refused(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, local("2025-03-07 03:00"), persons=[])
    with pytest.raises(InvalidInput, match="adressen"), uow() as s:
        letters.generate(session=s, reference=case.reference, kind="opdracht-nazorgteam", actor="oov", now=NOW)


def test_request_letters_state_purpose_basis_questions_and_deadline(uow, case_ref) -> None:
    with uow() as s:
        police = information.request(session=s, reference=case_ref, kind="bestuurlijke-rapportage",
                                     actor="oov", now=local("2025-03-07 10:00"), answer_days=1)
        om = information.request(session=s, reference=case_ref, kind="39f", actor="oov",
                                 now=local("2025-03-07 10:00"), answer_days=2)
        case = get_case(s, case_ref)
        to_police = letters.request_letter(s, case, police, "oov", local("2025-03-07 10:00"))
        to_om = letters.request_letter(s, case, om, "oov", local("2025-03-07 10:00"))
    police_text, om_text = pdf_text(to_police.content), pdf_text(to_om.content)
    for expected in ("Verzoek om een bestuurlijke rapportage", "Politie basisteam Rivierstad",
                     "art. 16 lid 1 onder c en art. 18 Wet politiegegevens", "art. 4:3 Besluit politiegegevens",
                     "Havenstraat 14-2", "art. 174a Gemeentewet", "kans op herhaling",
                     "kwetsbare bewoners", "mogen aan de bewoner worden getoond", "8 maart 2025"):
        assert expected in police_text, expected
    assert "art. 39f Wet justitiële en strafvorderlijke gegevens" in om_text and "9 maart 2025" in om_text


def test_every_letter_is_pdfa_with_pinned_fonts_and_identical_on_regeneration(uow, case_ref) -> None:
    with uow() as s:
        first = letters.generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov", now=NOW)
        again = letters.generate(session=s, reference=case_ref, kind="bewonersbrief", actor="oov", now=NOW)
        brief = letters.generate(session=s, reference=case_ref, kind="opdracht-nazorgteam", actor="oov",
                                 now=NOW, addresses=["Havenstraat 10"])
    assert [d.content for d in first] == [d.content for d in again]
    assert [d.version for d in again] == [2, 2]
    for doc in [*first, *brief]:
        facts = pdf_facts(doc.content)
        assert facts["pdfa"] == "3U" and facts["output_intent"]
        assert all(facts["fonts"].values()) and all("Source-Sans-Pro" in f for f in facts["fonts"])  # type: ignore[union-attr]
        assert facts["author"] == "Gemeente Rivierstad" and case_ref in str(facts["subject"])
        assert ("Page 1 of" if doc.scope == "en" else "Pagina 1 van") in pdf_text(doc.content)


def test_unknown_letter_kind_lists_the_choices(uow, case_ref) -> None:
    with pytest.raises(InvalidInput, match="kies bewonersbrief, verwijzing-slachtofferhulp"), uow() as s:
        letters.generate(session=s, reference=case_ref, kind="kerstkaart", actor="oov", now=NOW)
