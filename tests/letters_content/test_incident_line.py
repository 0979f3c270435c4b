"""Every letter that names the incident names it with the same line: what, where, when."""

from sqlmodel import select

from playbook.cases import referrals
from playbook.cases.repository import get_case
from playbook.information import service as information
from playbook.letters import service as letters
from playbook.storage.tables import Person
from tests.conftest import local
from tests.integration.pdf import pdf_text

NOW = local("2025-03-07 19:00")
LINE = ("Explosie bij woning, Havenstraat 14-2, 9999 AB Rivierstad, "
        "op vrijdag 7 maart 2025 om 02:40")


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_request_referral_and_briefing_name_the_incident_alike(uow, case_ref) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        okafor = s.exec(select(Person).where(Person.name == "Mr. T. Okafor")).one()
        referrals.record_consent(session=s, reference=case_ref, person_id=okafor.id,  # type: ignore[arg-type]
                                 given_by="Mr. T. Okafor", given_at=local("2025-03-07 10:15"),
                                 method="mondeling", covers_contact=True, actor="oov", now=NOW)
        row = information.request(session=s, reference=case_ref, kind="bestuurlijke-rapportage",
                                  actor="oov", now=NOW)
        case = get_case(s, case_ref)
        docs = {
            "verzoek": letters.request_letter(s, case, row, "oov", NOW),
            "verwijzing": letters.referral(s, case, okafor.id, "oov", NOW,  # type: ignore[arg-type]
                                           channel="verwijzerslijn"),
            "opdracht": letters.team_briefing(s, case, "oov", NOW, addresses=["Havenstraat 10"]),
        }
    for name, doc in docs.items():
        text = one_line(pdf_text(doc.content))
        assert LINE in text, (name, text[:600])
        assert "aanslag bij" not in text and "02:40," not in text, name
