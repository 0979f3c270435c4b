"""ECLI:NL:RBROT:2024:5645 (vzr. Rotterdam, 19 June 2024, ROT 24/5275, Vlaardingen).

From the published text: in the night of 19 to 20 May 2024 an explosion took place at the
home; camera images show a person lighting an object and fleeing, and the police found many
firework remnants in front of the home. The mayor could treat this as serious violence in the
immediate vicinity of the home and was competent under art. 174a lid 1 onder b (r.o. 9.2).
Whether he could use the power is tested in three steps: suitable, necessary, balanced
(r.o. 10); closure is in general suitable, also when explosions occurred while the home was
closed (r.o. 10.1.2). From the case header, lexboost's machine summary and a news report: the
mayor decided on 21 May 2024 to close the home for six weeks; the applicants also acted for
their two minor children; the request was refused.

The hour of the start and the children's birth dates are illustrative; the text found does not
say whether housing was offered, which the engine requires before the decision is taken."""

from playbook.decisions import service as decisions
from tests.integration.pdf import pdf_text
from tests.legal import builders as b

HOUSEHOLD = [
    {"name": "Dhr. V. (bewoner)", "role": "doelwit", "birth_date": "1979-01-15"},
    {"name": "Mevrouw V. (bewoner)", "role": "bewoner", "birth_date": "1981-06-30"},
    {"name": "Kind 1", "role": "bewoner", "birth_date": "2012-02-02"},
    {"name": "Kind 2", "role": "bewoner", "birth_date": "2015-09-09"},
    {"name": "Dhr. E. (verhuurder)", "role": "belanghebbende", "relation": "verhuurder"},
]


CHILDREN = {
    "children_count": 2,
    "children_ages": "8, 12",
    "children_school": "De kinderen gaan vanuit de wisselwoning naar hun eigen school.",
    "children_effect": "Zes weken buiten hun huis raken de kinderen; het wijkteam begeleidt.",
}


def _case(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2024-05-20 01:30", household=HOUSEHOLD)
    b.rapportage(
        uow,
        reference,
        "2024-05-20 12:00",
        "Camerabeelden tonen een persoon die een voorwerp aansteekt en vlucht; voor de "
        "woning liggen veel vuurwerkresten.",
        "De politie acht herhaling reëel: eerdere incidenten rond dit adres.",
    )
    b.threat(uow, reference, "2024-05-20 12:30")
    return reference


def test_six_week_closure_with_the_three_steps_is_accepted(uow, playbook) -> None:
    """r.o. 9.2 (ground b) and r.o. 10 (suitable, necessary, balanced)."""
    reference = _case(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2024-05-21 08:00",
        duration_days=42,
        start_date="2024-05-21",
        start_time="12:00",
        **CHILDREN,
    )
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground == "174a-1-b"
    b.housing(uow, reference, "2024-05-21 08:30")
    b.urgent_closure(uow, reference, decision, "2024-05-21 09:00")
    b.make_known(uow, reference, decision, "2024-05-21 10:00")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), decision)
        assert d.status == "bekendgemaakt"
        letter = decisions_letter_text(s, d)
    for heading in (
        "Geschiktheid",
        "Noodzaak",
        "Evenwichtigheid",
        "Belangen van de bewoners",
        "Belangen van de eigenaar of verhuurder",
        "Inschatting van de politie",
        "21 mei 2024 om 12:00 uur tot en met 1 juli 2024 (42 dagen)",
    ):
        assert heading in letter, heading


def test_without_necessity_reasoning_the_closure_is_refused(uow, playbook) -> None:
    reference = _case(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2024-05-21 08:00",
        duration_days=42,
        start_date="2024-05-21",
        start_time="12:00",
        necessity="Nodig.",
        **CHILDREN,
    )
    missing = b.missing(uow, reference, decision, "2024-05-21 08:00")
    assert any(m.startswith("noodzaak: welke lichtere middelen") for m in missing)


def decisions_letter_text(session, decision) -> str:  # type: ignore[no-untyped-def]
    from sqlmodel import col, select

    from playbook.storage.tables import Document

    doc = session.exec(
        select(Document)
        .where(Document.scope == f"besluit-{decision.id}")
        .order_by(col(Document.id).desc())
    ).first()
    return pdf_text(doc.content)
