"""Decision letters a resident can act on (issue 10): the last day for bezwaar and the art. 6:9
Awb sentence, no holiday derivation; copies to the landlord; an extension or lifting names the
decision it follows by date and kenmerk, never an internal number. Read back from the PDF."""

from datetime import date

from playbook.cases.repository import get_case
from playbook.decisions import service as decisions
from playbook.documents.service import list_documents
from playbook.information import facts
from playbook.information import service as information
from playbook.letters import service as letters
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.integration.test_decisions import REASONING, issued_and_known
from tests.legal.builders import everyone
from tests.letters.conftest import Pdf
from tests.letters.test_structure import check_tagged

FIRST = "het besluit van 6 maart 2025, kenmerk GM9999-2025-0001/1"


def test_closure_letter_gives_the_last_day_and_copies_not_the_derivation(  # type: ignore[no-untyped-def]
        uow, first_response) -> None:
    first = issued_and_known(uow, first_response)
    with uow() as s:
        letter = [d for d in list_documents(s, get_case(s, first_response))
                  if d.scope == f"besluit-{first}"][-1]
    text = pdf_text(letter.content)
    for expected in ("Ons kenmerk: GM9999-2025-0001/1", "Geachte heer, mevrouw,",
                     "Mevrouw A. de Boer, Dhr. K. Havenstraat 14-2 9999 AB Rivierstad",
                     "uiterlijk op", "(art. 6:9 Awb)", "De burgemeester van Rivierstad,",
                     "mr. A.B. de Vries", "Afschrift aan:",
                     "Woonstichting Rivierstad (woningcorporatie, verhuurder)"):
        assert expected in text, expected
    for derivation in ("Algemene termijnenwet", "art. 6:8 lid 1 Awb:", "de termijn eindigt op",
                       "besluit 1", "woningcorporatie)", "belanghebbende"):
        assert derivation not in text, derivation
    check_tagged(Pdf(letter.filename, letter.content))


def test_extension_and_lifting_name_the_decision_they_follow(uow, first_response) -> None:  # type: ignore[no-untyped-def]
    first = issued_and_known(uow, first_response)
    with uow() as s:
        extension = decisions.extend(
            session=s, reference=first_response, parent_id=first, actor="juridisch",
            fields=decisions.parse_draft({**REASONING, "duration_days": 30,
                                          "facts": "Op 18 mei 2025 is opnieuw geschoten.",
                                          "recurrence": "De politie verwacht opnieuw geweld."}),
            now=local("2025-05-20 09:00"))
        facts.record_threat_assessment(
            session=s, reference=first_response, assessed_on=date(2025, 5, 19),
            assessment="Nieuwe dreiging: de politie verwacht opnieuw geweld.", actor="politie",
            now=local("2025-05-19 16:00"))
        _, intent_letter = decisions.send_intent(
            session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
            hearing_days=7, sent_on=date(2025, 5, 20), sent_how="toezending", actor="juridisch",
            now=local("2025-05-20 10:00"))
        decisions.record_hearing(
            session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
            outcome="De bewoner vraagt om een kortere verlenging.", given=True,
            actor="juridisch", now=local("2025-05-22 10:00"),
            heard=everyone(s, first_response, extension.id, "2025-05-22 10:00"))  # type: ignore[arg-type]
        _, extended = decisions.issue(
            session=s, reference=first_response, decision_id=extension.id,  # type: ignore[arg-type]
            actor="juridisch", now=local("2025-05-23 10:00"))
        lifting = decisions.lift(
            session=s, reference=first_response, parent_id=first, actor="juridisch",
            reasons="De politie ziet geen aanwijzingen meer voor herhaling.", effective=None,
            now=local("2025-06-02 09:00"))
        _, lifted = decisions.issue(
            session=s, reference=first_response, decision_id=lifting.id,  # type: ignore[arg-type]
            actor="juridisch", now=local("2025-06-02 10:00"))
    for document in (intent_letter, extended, lifted):
        text = pdf_text(document.content)
        assert FIRST in text, (document.filename, text[:600])
        assert "besluit 1 " not in text and f"besluit {first}" not in text
        check_tagged(Pdf(document.filename, document.content))
    assert "Ons kenmerk: GM9999-2025-0001/2" in pdf_text(extended.content)
    assert "Ons kenmerk: GM9999-2025-0001/3" in pdf_text(lifted.content)


def test_request_to_the_public_prosecutor_is_tagged_and_addressed(uow, first_response) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        information.request(session=s, reference=first_response, kind="39f", actor="oov",
                            now=local("2025-03-06 11:00"), answer_days=2)
        [letter] = letters.generate(session=s, reference=first_response, kind="verzoek-39f",
                                    actor="oov", now=local("2025-03-06 11:00"))
    text = pdf_text(letter.content)
    assert "art. 39f" in text and "Geachte heer, mevrouw," in text
    assert "Met vriendelijke groet," in text
    assert "De burgemeester van Rivierstad, mr. A.B. de Vries" in text
    check_tagged(Pdf(letter.filename, letter.content))
