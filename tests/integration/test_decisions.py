"""The decision lifecycle on both databases, with legally meaningful dates: steps completed by
events, letters re-issued as new versions, every status change appended."""

from datetime import date

import pytest
from sqlmodel import select

from playbook.cases import persons
from playbook.cases.overview import overview
from playbook.cases.repository import get_case
from playbook.cases.snapshots import decision_anchors
from playbook.decisions import service as decisions
from playbook.definition.enums import DueAnchor, StepStatus
from playbook.errors import NotAllowed, NotFound
from playbook.information import facts
from playbook.information import service as information
from playbook.storage.tables import AuditEvent, Document
from tests.conftest import local
from tests.integration.helpers import create, finish_phase
from tests.integration.pdf import pdf_text
from tests.legal.builders import everyone, make_known, urgent_closure

REASONING = {
    "seriousness": "Een explosie in een portiek met acht woningen bracht alle bewoners in gevaar.",
    "suitability": "Sluiting neemt het doelwit weg, zodat de portiek niet opnieuw wordt getroffen.",
    "necessity": "Camera en surveillance hebben de aanslag niet voorkomen; lichtere middelen volstaan niet.",
    "balance": "De bewoners zijn niet betrokken; voor de oudere bewoonster is opvang geregeld.",
    "balance_owner": "De woningcorporatie houdt de woning en kan tijdens de sluiting herstellen.",
    "alternative_housing": "Een wisselwoning van de woningcorporatie.",
    "children_count": 2,
    "children_ages": "6, 10",
    "children_school": "Beide kinderen blijven naar hun eigen school gaan; vervoer is geregeld.",
    "children_effect": "De kinderen verliezen tijdelijk hun vertrouwde huis; het wijkteam helpt.",
    "duration_days": 90,
    "duration_reasons": "De politie verwacht herhaling binnen weken; negentig dagen is daarom nodig.",
    "start_time": "12:00",
    "entry_ban_basis": "Art. 174a Gemeentewet met art. 2:79 APV: betreden van de gesloten woning is verboden.",
    "entry_access": "Op afspraak met team OOV kunnen bewoners onder begeleiding spullen ophalen.",
    "enforcement": "Verzegeling, kennisgeving op de deur, surveillance en zo nodig bestuursdwang.",
}
PERSONS = [
    {
        "name": "Mevrouw A. de Boer",
        "role": "bewoner",
        "self_reliant": "nee",
        "birth_date": "1944-01-01",
    },
    {"name": "Dhr. K.", "role": "doelwit", "birth_date": "1985-05-05"},
    {"name": "Kind K. 1", "role": "bewoner", "birth_date": "2018-09-01"},
    {"name": "Kind K. 2", "role": "bewoner", "birth_date": "2014-06-01"},
    {"name": "Woonstichting Rivierstad", "role": "belanghebbende", "relation": "woningcorporatie"},
]


def status(session, reference: str, step_id: str, now) -> StepStatus:  # type: ignore[no-untyped-def]
    view = overview(session, get_case(session, reference), now, whole_case=True)
    return next(i.status for b in view.blocks for i in b.items if i.step.id == step_id)


@pytest.fixture
def first_response(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    """A woning case, attacked Thursday 6 March 2025 at night, now in first response with
    the bestuurlijke rapportage answered and the threat assessed."""
    with uow() as s:
        case = create(
            s, playbook, local("2025-03-06 03:00"), occurred_at="2025-03-06 02:40", persons=PERSONS
        )
        finish_phase(s, case.reference, local("2025-03-06 08:00"))
        request = information.request(
            session=s,
            reference=case.reference,
            kind="bestuurlijke-rapportage",
            actor="oov",
            now=local("2025-03-06 10:00"),
        )
        information.record_answer(
            session=s,
            reference=case.reference,
            request_id=request.id,  # type: ignore[arg-type]
            answer=information.Answer(
                answered_on=date(2025, 3, 6),
                facts="Explosief tegen de voordeur van de portiekwoning om 02:40.",
                recurrence="Hoog, conflict in het criminele milieu.",
            ),
            actor="politie",
            now=local("2025-03-06 14:00"),
        )
        facts.record_threat_assessment(
            session=s,
            reference=case.reference,
            assessed_on=date(2025, 3, 6),
            assessment="Ernstige vrees voor een nieuwe aanslag binnen weken.",
            actor="politie",
            now=local("2025-03-06 14:10"),
        )
        assert (
            status(s, case.reference, "verzoek-bestuurlijke-rapportage", local("2025-03-06 14:00"))
            == "afgerond"
        )
        assert (
            status(
                s, case.reference, "bestuurlijke-rapportage-ontvangen", local("2025-03-06 14:00")
            )
            == "afgerond"
        )
        return case.reference


def draft(uow, reference: str, **extra) -> int:  # type: ignore[no-untyped-def]
    with uow() as s:
        fields = decisions.parse_draft({**REASONING, "start_date": "2025-03-07", **extra})
        return decisions.draft(
            session=s,
            reference=reference,
            fields=fields,
            actor="juridisch",
            now=local("2025-03-06 15:00"),
        ).id  # type: ignore[return-value]


def housing(uow, reference: str) -> None:  # type: ignore[no-untyped-def]
    with uow() as s:
        persons.record_housing(
            session=s,
            reference=reference,
            outcome="aanvaard",
            description="Wisselwoning voor het hele huishouden.",
            offered_on=date(2025, 3, 6),
            actor="oov",
            now=local("2025-03-06 15:30"),
        )


def test_draft_takes_facts_from_the_rapportage_and_marks_closure(uow, first_response) -> None:
    decision_id = draft(uow, first_response)
    with uow() as s:
        case = get_case(s, first_response)
        decision = decisions.get_decision(s, case, decision_id)
        assert decision.facts == "Explosief tegen de voordeur van de portiekwoning om 02:40."
        assert decision.recurrence == "Hoog, conflict in het criminele milieu."
        assert (decision.ground, decision.duration_days, decision.mayor) == (
            "174a-1-b",
            90,
            "mr. A.B. de Vries",
        )
        assert case.closure is True  # closure steps now apply
        assert status(s, first_response, "sluitingsbesluit", local("2025-03-06 15:00")) == "open"


def test_completeness_check_names_every_missing_element(uow, playbook) -> None:
    with uow() as s:
        case = create(
            s, playbook, local("2025-03-06 03:00"), occurred_at="2025-03-06 02:40", persons=PERSONS
        )
        finish_phase(s, case.reference, local("2025-03-06 08:00"))
        decision = decisions.draft(
            session=s,
            reference=case.reference,
            fields=decisions.parse_draft({"balance": "x" * 30}),
            actor="juridisch",
            now=local("2025-03-06 09:00"),
        )
    with uow() as s:
        missing = decisions.check(
            session=s,
            reference=case.reference,
            decision_id=decision.id,  # type: ignore[arg-type]
            now=local("2025-03-06 09:00"),
        )
    expected = [
        "grondslag ontbreekt",
        "bestuurlijke rapportage van de politie over de huidige aanslag",
        "feiten",
        "waarom de verstoring van de openbare orde ernstig is",
        "inschatting van de politie over herhaling",
        "geschiktheid",
        "noodzaak: welke lichtere middelen",
        "belangen van de eigenaar",
        "motivering van de duur",
        "het besluit noemt 0 kinderen",
        "vervangende woonruimte aangeboden",
        "ingang: datum en uur",
        "duur in dagen",
        "zienswijze gevraagd of spoed met redenen vastgelegd",
        "betreden",
    ]
    for item in expected:
        assert any(item in m for m in missing), (item, missing)
    with pytest.raises(decisions.DecisionIncomplete) as err, uow() as s:
        decisions.issue(
            session=s,
            reference=case.reference,
            decision_id=decision.id,  # type: ignore[arg-type]
            actor="juridisch",
            now=local("2025-03-06 09:00"),
        )
    assert "Het besluit kan nog niet worden genomen" in err.value.message
    with uow() as s:
        assert s.exec(select(Document)).all() == []  # nothing issued, nothing half-written


def test_voornemen_zienswijze_issue_and_bekendmaking_with_real_dates(uow, first_response) -> None:
    decision_id = draft(uow, first_response, start_date="2025-03-14")
    with uow() as s:
        _, intent = decisions.send_intent(
            session=s,
            reference=first_response,
            decision_id=decision_id,
            hearing_days=7,
            sent_on=date(2025, 3, 6),
            sent_how="uitreiking",
            actor="juridisch",
            now=local("2025-03-06 16:00"),
        )
        assert (
            status(s, first_response, "zienswijze-of-spoed", local("2025-03-06 16:00"))
            == "afgerond"
        )
    text = pdf_text(intent.content)
    # Thursday 6 March + 7 days = Thursday 13 March, a working day: no extension. The letter
    # prints the last day; the derivation stays on screen and in the dossier (issue 10).
    assert "Voornemen tot sluiting" in text and "Dat kan tot en met 13 maart 2025" in text
    assert "van 14 maart 2025 om 12:00 uur tot en met 11 juni 2025 (90 dagen)" in text
    housing(uow, first_response)
    with uow() as s:
        decisions.record_hearing(
            session=s,
            reference=first_response,
            decision_id=decision_id,
            outcome="Geen zienswijze ontvangen binnen de termijn.",
            given=False,
            actor="juridisch",
            now=local("2025-03-13 09:00"),
        )
    with (
        pytest.raises(
            decisions.DecisionIncomplete, match="zienswijzetermijn loopt nog tot en met 13 maart 2025"
        ),
        uow() as s,
    ):
        decisions.issue(
            session=s,
            reference=first_response,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2025-03-13 09:00"),
        )
    with uow() as s:
        _, issued = decisions.issue(
            session=s,
            reference=first_response,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2025-03-14 09:00"),
        )
        assert (
            status(s, first_response, "sluitingsbesluit", local("2025-03-14 09:00")) == "afgerond"
        )
    text = pdf_text(issued.content)
    for expected in (
        "Besluit tot sluiting",
        "art. 174a lid 1 onder b Gemeentewet",
        "van 14 maart 2025 om 12:00 uur tot en met 11 juni 2025 (90 dagen)",
        "Explosief tegen de voordeur",
        "Hoog, conflict in het criminele milieu",
        "Geschiktheid",
        "lichtere middelen volstaan niet",
        "Belangen van de kinderen",
        "2 minderjarige kinderen (leeftijden: 6, 10)",
        "wisselwoning",
        "Belangen van de eigenaar of verhuurder",
        "Betredingsverbod, toegang en handhaving",
        "Geen zienswijze ontvangen",
        "art. 6:7 en 6:8 Awb",
        "(art. 6:9 Awb)",
        "art. 6:16 Awb",
        "voorlopige voorziening (art. 8:81 Awb)",
        "Rechtbank",
        "mr. A.B. de Vries",
        "Rivierstad, 14 maart 2025",
        # Occupants in the addressee block, the corporation gets a copy (issue 10).
        "Mevrouw A. de Boer, Dhr. K. Havenstraat 14-2 9999 AB Rivierstad",
        "Afschrift aan:", "Woonstichting Rivierstad (woningcorporatie, verhuurder)",
    ):
        assert expected in text, expected
    with pytest.raises(NotFound, match="hoort niet bij zaak"), uow() as s:
        decisions.make_known(
            session=s,
            reference=first_response,
            decision_id=decision_id + 99,
            on=date(2025, 3, 14),
            how="uitreiking",
            actor="oov",
            now=local("2025-03-14 10:00"),
        )


def test_bekendmaking_on_friday_7_march_2025_runs_bezwaar_to_22_april(uow, first_response) -> None:
    """The worked example of the domain brief, end to end through the letter."""
    decision_id = draft(uow, first_response)
    housing(uow, first_response)
    urgent_closure(uow, first_response, decision_id, "2025-03-06 16:00")
    with uow() as s:
        decision, letter = decisions.make_known(
            session=s,
            reference=first_response,
            decision_id=decision_id,
            on=date(2025, 3, 7),
            at=local("2025-03-07 10:00").time(),
            how="uitreiking",
            actor="oov",
            now=local("2025-03-07 10:00"),
        )
        bezwaar = decisions.deadlines(decision, s)[-1]
        assert (
            status(s, first_response, "bekendmaking-verzegeling", local("2025-03-07 10:00"))
            == "afgerond"
        )
        versions = [
            d.version for d in s.exec(select(Document).where(Document.kind == "sluitingsbesluit"))
        ]
        actions = [e.action for e in s.exec(select(AuditEvent))]
        history = [(h.from_status, h.to_status) for h in decisions.history(s, decision)]
    assert (bezwaar.start, bezwaar.raw_end, bezwaar.end) == (
        date(2025, 3, 8),
        date(2025, 4, 18),
        date(2025, 4, 22),
    )
    assert versions == [1, 2]  # re-issued with the concrete deadline, never overwritten
    assert history == [(None, "concept"), ("concept", "genomen"), ("genomen", "bekendgemaakt")]
    assert {
        "besluit-concept",
        "besluit-gewijzigd",
        "besluit-status",
        "besluit-bekendgemaakt",
        "document-gemaakt",
        "stap-gewijzigd",
    } <= set(actions)
    text = pdf_text(letter.content)
    for expected in (
        "Dhr. K. (bewoner): bekendgemaakt op 7 maart 2025",
        "uiterlijk op dinsdag 22 april 2025 binnen zijn",
        "art. 6:9 Awb",
        "art. 4:11 onder a Awb",
    ):
        assert expected in text, expected
    # The holiday derivation is for the screen and the dossier, not for the resident.
    assert "Goede Vrijdag" not in text and "Tweede Paasdag" not in text


def issued_and_known(uow, reference: str) -> int:  # type: ignore[no-untyped-def]
    decision_id = draft(uow, reference, start_date="2025-03-06", start_time="20:00")
    housing(uow, reference)
    urgent_closure(uow, reference, decision_id, "2025-03-06 16:00")
    make_known(uow, reference, decision_id, "2025-03-06 17:00")
    return decision_id


def test_extension_needs_a_new_zienswijze_never_urgency(uow, first_response) -> None:
    first = issued_and_known(uow, first_response)
    with uow() as s:
        extension = decisions.extend(
            session=s,
            reference=first_response,
            parent_id=first,
            fields=decisions.parse_draft(
                {
                    **REASONING,
                    "duration_days": 30,
                    "facts": "Op 18 mei 2025 is opnieuw geschoten in de straat.",
                    "recurrence": "De politie verwacht opnieuw geweld.",
                }
            ),
            actor="juridisch",
            now=local("2025-05-20 09:00"),
        )
        assert extension.start_date == date(2025, 6, 4)  # the day after the closure's last day
    with pytest.raises(NotAllowed, match="spoed volstaat niet"), uow() as s:
        decisions.record_urgency(
            session=s,
            reference=first_response,
            decision_id=extension.id,  # type: ignore[arg-type]
            reasons="Het is weer dringend, geen tijd om te horen.",
            actor="juridisch",
            now=local("2025-05-20 09:30"),
        )
    with (
        pytest.raises(decisions.DecisionIncomplete, match="nieuw voornemen tot verlenging"),
        uow() as s,
    ):
        decisions.issue(
            session=s,
            reference=first_response,
            decision_id=extension.id,  # type: ignore[arg-type]
            actor="juridisch",
            now=local("2025-05-20 10:00"),
        )
    with uow() as s:
        facts.record_threat_assessment(
            session=s,
            reference=first_response,
            assessed_on=date(2025, 5, 19),
            assessment="Nieuwe dreiging: de politie verwacht opnieuw geweld.",
            actor="politie",
            now=local("2025-05-19 16:00"),
        )
        decisions.send_intent(
            session=s,
            reference=first_response,
            decision_id=extension.id,  # type: ignore[arg-type]
            hearing_days=7,
            sent_on=date(2025, 5, 20),
            sent_how="toezending",
            actor="juridisch",
            now=local("2025-05-20 10:00"),
        )
        decisions.record_hearing(
            session=s,
            reference=first_response,
            decision_id=extension.id,  # type: ignore[arg-type]
            outcome="De bewoner vraagt om een kortere verlenging.",
            given=True,
            actor="juridisch",
            heard=everyone(s, first_response, extension.id, "2025-05-22 10:00"),  # type: ignore[arg-type]
            now=local("2025-05-22 10:00"),
        )
        _, letter = decisions.issue(
            session=s,
            reference=first_response,
            decision_id=extension.id,  # type: ignore[arg-type]
            actor="juridisch",
            now=local("2025-05-23 10:00"),
        )
    text = pdf_text(letter.content)
    assert "Besluit tot verlenging van de sluiting" in text
    assert "zou eindigen op 3 juni 2025" in text
    assert "van 4 juni 2025 om 00:00 uur tot en met 3 juli 2025 (30 dagen)" in text
    assert "De bewoner vraagt om een kortere verlenging." in text


def test_lifting_falls_within_the_closure_and_completes_the_step(uow, first_response) -> None:
    first = issued_and_known(uow, first_response)
    with uow() as s:
        finish_phase(s, first_response, local("2025-03-10 09:00"))  # into nazorg
        lifting = decisions.lift(
            session=s,
            reference=first_response,
            parent_id=first,
            reasons="De politie ziet geen aanwijzingen meer voor herhaling.",
            effective=None,
            actor="juridisch",
            now=local("2025-06-02 09:00"),
        )
        assert lifting.start_date == date(2025, 6, 2)
        _, letter = decisions.issue(
            session=s,
            reference=first_response,
            decision_id=lifting.id,  # type: ignore[arg-type]
            actor="juridisch",
            now=local("2025-06-02 10:00"),
        )
        assert (
            status(s, first_response, "sluiting-verlengen-of-opheffen", local("2025-06-02 10:00"))
            == "afgerond"
        )
    with uow() as s:
        # Lifted "met ingang van" today: the closure ends at the hour the lifting was taken,
        # and the reopening (2 hours after the end) is not overdue before anyone decided it.
        case = get_case(s, first_response)
        anchors = decision_anchors(s, [case])[case.id]  # type: ignore[index]
        assert anchors[DueAnchor.closure_end] == local("2025-06-02 10:00")
        while case.phase != "herstel":
            finish_phase(s, first_response, local("2025-06-02 10:05"))
            case = get_case(s, first_response)
        items = {i.step.id: i for b in overview(s, case, local("2025-06-02 11:00")).blocks
                 for i in b.items}
        reopening = items["heropening-terugkeer"]
        assert reopening.due == local("2025-06-02 12:00") and not reopening.overdue
    text = pdf_text(letter.content)
    assert "Besluit tot opheffing van de sluiting" in text
    assert "met ingang van 2 juni 2025 om 10:00 uur" in text  # the hour it was taken
    assert "geen aanwijzingen meer voor herhaling" in text and "bezwaar" in text


def test_vehicle_has_no_closure_decision(uow, playbook) -> None:
    with uow() as s:
        case = create(
            s,
            playbook,
            local("2025-03-06 03:00"),
            occurred_at="2025-03-06 02:40",
            object_type="voertuig",
            persons=[],
        )
    with pytest.raises(NotAllowed, match="geen sluitingsroute"), uow() as s:
        decisions.draft(
            session=s,
            reference=case.reference,
            fields=decisions.parse_draft({}),
            actor="juridisch",
            now=local("2025-03-06 09:00"),
        )
