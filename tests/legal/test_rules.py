"""Every rule of issue 7 that no single judgment plays out, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from playbook.errors import InvalidInput, NotAllowed
from playbook.information import service as information
from playbook.letters.service import request_letter
from tests.integration.pdf import pdf_text
from tests.legal import builders as b
from tests.legal.test_rbrot_2024_5645 import decisions_letter_text

HOUSEHOLD = [
    {"name": "Dhr. A. Bakker", "role": "doelwit", "birth_date": "1980-01-01"},
    {"name": "Mevrouw B. Bakker", "role": "bewoner", "birth_date": "1982-02-02"},
    b.CORPORATION,
]


def _ready(uow, playbook, occurred: str = "2025-03-06 02:40") -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, occurred, household=HOUSEHOLD)
    day = occurred[:10]
    b.rapportage(
        uow,
        reference,
        f"{day} 10:00",
        "Explosief tegen de voordeur in de nacht.",
        "Hoog: herhaling binnen weken.",
    )
    b.threat(uow, reference, f"{day} 10:30")
    return reference


def _get(uow, reference: str, decision: int):  # type: ignore[no-untyped-def]
    with uow() as s:
        return decisions.get_decision(s, b.get_case(s, reference), decision)


def test_ground_b_needs_a_recorded_threat_assessment(uow, playbook) -> None:
    reference = b.case_with(uow, playbook, "2025-03-06 02:40", household=HOUSEHOLD)
    with pytest.raises(NotAllowed, match="vastgelegde dreigingsinschatting"), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2025-03-06 09:00"),
            fields=decisions.parse_draft({"ground": "174a-1-b"}),
        )


def test_a_vehicle_has_no_closure_route(uow, playbook) -> None:
    reference = b.case_with(uow, playbook, "2025-03-06 02:40", household=[], object_type="voertuig")
    with pytest.raises(NotAllowed, match="geen sluitingsroute"), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2025-03-06 09:00"),
            fields=decisions.parse_draft({}),
        )


def test_no_default_duration_and_a_policy_maximum_needs_a_reason(uow, playbook) -> None:
    reference = _ready(uow, playbook)
    decision = b.draft(
        uow, reference, "2025-03-06 11:00", start_date="2025-03-07", start_time="12:00"
    )
    assert _get(uow, reference, decision).duration_days is None
    assert any(
        m.startswith("duur in dagen")
        for m in b.missing(uow, reference, decision, "2025-03-06 11:00")
    )
    with uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            decision_id=decision,
            actor="juridisch",
            now=b.when("2025-03-06 11:05"),
            fields=decisions.parse_draft({"duration_days": 120}),
        )
    assert any(
        "boven het beleidsmaximum van 90 dagen" in m
        for m in b.missing(uow, reference, decision, "2025-03-06 11:05")
    )


def test_proportionality_has_three_separate_steps(uow, playbook) -> None:
    reference = _ready(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2025-03-06 11:00",
        duration_days=30,
        suitability="",
        balance_owner="Kort.",
        start_date="2025-03-07",
        start_time="12:00",
    )
    missing = b.missing(uow, reference, decision, "2025-03-06 11:00")
    assert any(m.startswith("geschiktheid") for m in missing)
    assert any("belangen van de eigenaar of verhuurder" in m for m in missing)
    assert not any(m.startswith("noodzaak") for m in missing)


def test_entry_ban_access_and_enforcement_are_required(uow, playbook) -> None:
    reference = _ready(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2025-03-06 11:00",
        duration_days=30,
        entry_ban_basis="",
        entry_access="",
        enforcement="",
        start_date="2025-03-07",
        start_time="12:00",
    )
    missing = b.missing(uow, reference, decision, "2025-03-06 11:00")
    for item in (
        "grondslag van het verbod om het pand te betreden",
        "spullen kan ophalen",
        "hoe de sluiting wordt gehandhaafd",
    ):
        assert any(item in m for m in missing), item


def test_after_a_repeat_attack_the_rapportage_of_the_first_is_not_enough(uow, playbook) -> None:
    reference = _ready(uow, playbook)
    b.repeat_attack(uow, reference, "2025-04-02 01:10")
    b.threat(uow, reference, "2025-04-02 09:00")
    decision = b.draft(
        uow,
        reference,
        "2025-04-02 10:00",
        duration_days=30,
        start_date="2025-04-03",
        start_time="12:00",
    )
    assert any(
        "huidige aanslag (ronde 2)" in m
        for m in b.missing(uow, reference, decision, "2025-04-02 10:00")
    )
    b.rapportage(
        uow,
        reference,
        "2025-04-02 11:00",
        "Tweede explosie bij dezelfde voordeur.",
        "Zeer hoog: tweede aanslag in vier weken.",
    )
    assert not any("ronde 2" in m for m in b.missing(uow, reference, decision, "2025-04-02 11:00"))


def test_voornemen_refused_while_parts_are_missing_and_term_runs_from_dispatch(
    uow, playbook
) -> None:
    reference = _ready(uow, playbook)
    decision = b.draft(uow, reference, "2025-03-06 11:00", duration_days=30)
    with pytest.raises(DecisionIncomplete, match="ingang: datum en uur"):
        b.intent(uow, reference, decision, "2025-03-06 11:30")
    with uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            decision_id=decision,
            actor="juridisch",
            now=b.when("2025-03-06 11:40"),
            fields=decisions.parse_draft({"start_date": "2025-03-20", "start_time": "12:00"}),
        )
    with pytest.raises(InvalidInput, match="minimumtermijn van 7 dagen"), uow() as s:
        decisions.send_intent(
            session=s,
            reference=reference,
            decision_id=decision,
            hearing_days=3,
            actor="juridisch",
            now=b.when("2025-03-06 12:00"),
        )
    with uow() as s:  # the PDF is made on Thursday 6 March, handed over on Monday 10 March
        decisions.send_intent(
            session=s,
            reference=reference,
            decision_id=decision,
            hearing_days=7,
            actor="juridisch",
            now=b.when("2025-03-06 12:00"),
        )
    assert any(
        "verzending of uitreiking van het voornemen vastleggen" in m
        for m in b.missing(uow, reference, decision, "2025-03-07 09:00")
    )
    with uow() as s:
        decisions.record_dispatch(
            session=s,
            reference=reference,
            decision_id=decision,
            on=date(2025, 3, 10),
            how="uitreiking",
            actor="oov",
            now=b.when("2025-03-10 15:00"),
        )
        term = decisions.deadlines(decisions.get_decision(s, b.get_case(s, reference), decision))[0]
    assert (term.start, term.end) == (date(2025, 3, 11), date(2025, 3, 17))
    b.hearing(uow, reference, decision, "2025-03-12 10:00", given=False)
    with pytest.raises(DecisionIncomplete, match="loopt nog tot en met 17 maart 2025"):
        b.issue(uow, reference, decision, "2025-03-17 10:00")
    b.issue(uow, reference, decision, "2025-03-18 10:00")


def _closure(uow, playbook, occurred: str = "2025-03-06 02:40") -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = _ready(uow, playbook, occurred)
    day = occurred[:10]
    decision = b.draft(
        uow, reference, f"{day} 11:00", duration_days=30, start_date=day, start_time="20:00"
    )
    b.urgent_closure(uow, reference, decision, f"{day} 12:00")
    return reference, decision


def test_each_addressee_has_their_own_bekendmaking_and_bezwaar_term(uow, playbook) -> None:
    reference, decision = _closure(uow, playbook, "2025-03-07 02:40")
    with uow() as s:
        addressees = decisions.addressees_of(s, _get(uow, reference, decision))
    assert [(a.name, a.capacity) for a in addressees] == [
        ("Dhr. A. Bakker", "bewoner"),
        ("Mevrouw B. Bakker", "bewoner"),
        ("Woonstichting Rivierstad", "woningcorporatie"),
    ]
    first = addressees[0].id
    b.make_known(uow, reference, decision, "2025-03-07 13:00", addressee_id=first)
    assert _get(uow, reference, decision).status == "genomen"  # not yet known to everyone
    b.make_known(uow, reference, decision, "2025-03-07 19:00", how="toezending")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), decision)
        terms = {a.name: t.end for a, t in decisions.bezwaar_terms(s, d)}
        letter = decisions_letter_text(s, d)
    assert d.status == "bekendgemaakt"
    # The worked example: made known Friday 7 March 2025 -> last day Tuesday 22 April 2025.
    assert set(terms.values()) == {date(2025, 4, 22)}
    assert "niet later dan een week na het einde van de termijn binnenkomt (art. 6:9 Awb)" in letter
    assert (
        "Woonstichting Rivierstad (woningcorporatie, verhuurder): bekendgemaakt op 7 maart 2025; "
        "uw bezwaar moet uiterlijk op dinsdag 22 april 2025 binnen zijn" in letter
    )


def test_a_term_ending_on_an_equated_day_runs_to_the_next_working_day(uow, playbook) -> None:
    reference, decision = _closure(uow, playbook, "2026-04-03 02:40")
    b.make_known(uow, reference, decision, "2026-04-03 13:00")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), decision)
        term = decisions.bezwaar_terms(s, d)[0][1]
        letter = decisions_letter_text(s, d)
    # Friday 3 April 2026 + six weeks = Friday 15 May 2026, equated by the 2025 decree.
    assert (term.raw_end, term.end) == (date(2026, 5, 15), date(2026, 5, 18))
    # The letter gives the last day; why it moved stays on screen and in the dossier (issue 10).
    assert "maandag 18 mei 2026" in letter and "gelijkgesteld" not in letter
    assert any("bij koninklijk besluit gelijkgesteld" in line for line in term.explain())


def test_a_lifting_falls_between_the_start_and_the_end(uow, playbook) -> None:
    reference, decision = _closure(uow, playbook)
    b.make_known(uow, reference, decision, "2025-03-06 13:00")
    with pytest.raises(InvalidInput, match="tussen de ingang"), uow() as s:
        decisions.lift(
            session=s,
            reference=reference,
            parent_id=decision,
            reasons="Dreiging weg.",
            effective=date(2025, 5, 1),
            actor="juridisch",
            now=b.when("2025-03-20 10:00"),
        )
    with uow() as s:
        lifting = decisions.lift(
            session=s,
            reference=reference,
            parent_id=decision,
            reasons="De politie ziet geen dreiging meer; sluiting onnodig.",
            effective=None,
            actor="juridisch",
            now=b.when("2025-03-20 10:00"),
        )
        assert lifting.start_date == date(2025, 3, 20)


def test_bezwaar_timeliness_posting_excusable_lateness_and_interim_relief(uow, playbook) -> None:
    reference, decision = _closure(uow, playbook, "2025-03-07 02:40")
    b.make_known(uow, reference, decision, "2025-03-07 13:00")  # term ends Tuesday 22 April
    with uow() as s:
        posted = objections.register(
            session=s,
            reference=reference,
            decision_id=decision,
            submitted_by="Dhr. A. Bakker",
            received_on=date(2025, 4, 28),
            posted_on=date(2025, 4, 22),
            actor="juridisch",
            now=b.when("2025-04-28 10:00"),
        )
        late = objections.register(
            session=s,
            reference=reference,
            decision_id=decision,
            submitted_by="Mevrouw B. Bakker",
            received_on=date(2025, 4, 30),
            posted_on=date(2025, 4, 23),
            actor="juridisch",
            now=b.when("2025-04-30 10:00"),
        )
        assert (posted.timely, late.timely) == (True, False)
        case = b.get_case(s, reference)
        assert "art. 6:9 lid 2 Awb" in objections.timeliness(s, case, posted).explanation
        # Decision term: six weeks from the day after the bezwaar term (art. 7:10 lid 1).
        assert objections.term_of(s, case, posted).end == date(2025, 6, 3)
        objections.extend_term(
            session=s,
            reference=reference,
            objection_id=posted.id,  # type: ignore[arg-type]
            actor="juridisch",
            now=b.when("2025-05-20 10:00"),
        )
        assert objections.term_of(s, case, posted).end == date(2025, 7, 15)
    with pytest.raises(NotAllowed, match=r"art\. 6:11 Awb"), uow() as s:
        objections.decide(
            session=s,
            reference=reference,
            objection_id=late.id,  # type: ignore[arg-type]
            outcome="ongegrond",
            on=date(2025, 5, 1),
            actor="juridisch",
            now=b.when("2025-05-01 10:00"),
        )
    with uow() as s:
        objections.record_excusable(
            session=s,
            reference=reference,
            objection_id=late.id,  # type: ignore[arg-type]
            excusable=False,
            reason="Geen bijzondere omstandigheden aangevoerd voor de late indiening.",
            actor="juridisch",
            now=b.when("2025-05-01 10:00"),
        )
        row = objections.decide(
            session=s,
            reference=reference,
            objection_id=late.id,  # type: ignore[arg-type]
            outcome="niet-ontvankelijk",
            on=date(2025, 5, 1),
            actor="juridisch",
            now=b.when("2025-05-01 10:05"),
        )
        assert row.outcome == "niet-ontvankelijk"
        relief = objections.request_interim_relief(
            session=s,
            reference=reference,
            decision_id=decision,
            requested_on=date(2025, 4, 29),
            hearing_on=date(2025, 5, 13),
            actor="juridisch",
            now=b.when("2025-04-29 10:00"),
        )
        assert relief.hearing_on == date(2025, 5, 13)


def test_status_changes_are_append_only_rows(uow, playbook, engine) -> None:
    reference, decision = _closure(uow, playbook)
    with uow() as s:
        rows = decisions.history(s, _get(uow, reference, decision))
    assert [(r.from_status, r.to_status, r.actor) for r in rows] == [
        (None, "concept", "juridisch"),
        ("concept", "genomen", "juridisch"),
    ]
    with pytest.raises(DatabaseError), engine.begin() as conn:
        conn.execute(text("UPDATE besluit_status SET to_status = 'concept'"))


def test_the_39f_request_has_its_own_purpose_and_questions(uow, playbook) -> None:
    reference = b.case_with(uow, playbook, "2025-03-06 02:40", household=HOUSEHOLD)
    with uow() as s:
        row = information.request(
            session=s, reference=reference, kind="39f", actor="oov", now=b.when("2025-03-06 09:00")
        )
        letter = pdf_text(
            request_letter(
                s, b.get_case(s, reference), row, "oov", b.when("2025-03-06 09:00")
            ).content
        )
    assert "art. 39f Wet justitiële en strafvorderlijke gegevens (lid 1 onder a en e)" in letter
    assert "strafrechtelijk onderzoek" in letter and "stelsel bewaken en beveiligen" in letter
    assert "Welke maatregelen zijn al genomen (bewaking" not in letter


def test_the_residents_zienswijze_does_not_cut_short_the_landlords_term(uow, playbook) -> None:
    """Art. 4:8 lid 1 Awb gives each belanghebbende the chance to be heard. A closure goes to
    the adult residents and to the landlord (the housing corporation); before the term ends,
    the decision may be taken only once every one of them has been heard. The voornemen goes
    to all of them: the residents at the address, the landlord a copy at its own address."""
    reference = _ready(uow, playbook, "2025-03-06 02:40")
    decision = b.draft(uow, reference, "2025-03-06 11:00", duration_days=30,
                       start_date="2025-03-20", start_time="12:00")
    with uow() as s:
        _, intent = decisions.send_intent(
            session=s, reference=reference, decision_id=decision, hearing_days=7,
            sent_on=date(2025, 3, 6), sent_how="uitreiking", actor="juridisch",
            now=b.when("2025-03-06 12:00"))
        case = b.get_case(s, reference)
        to_hear = {m.name: m.person_id for m in decisions.to_hear(
            s, case, decisions.get_decision(s, case, decision), b.when("2025-03-06 12:00"))}
        letter = pdf_text(intent.content)
    assert set(to_hear) == {"Dhr. A. Bakker", "Mevrouw B. Bakker", "Woonstichting Rivierstad"}
    assert "Dhr. A. Bakker, Mevrouw B. Bakker" in letter  # the residents, at the address
    assert "Afschrift aan:" in letter and "Woonstichting Rivierstad (woningcorporatie" in letter
    residents = [to_hear["Dhr. A. Bakker"], to_hear["Mevrouw B. Bakker"]]
    b.hearing(uow, reference, decision, "2025-03-07 10:00", heard=residents)
    with pytest.raises(DecisionIncomplete) as early:
        b.issue(uow, reference, decision, "2025-03-07 11:00")
    assert early.value.problems == [
        "de zienswijzetermijn loopt nog tot en met 13 maart 2025; eerder besluiten kan alleen als "
        "iedere belanghebbende is gehoord. Nog niet gehoord: Woonstichting Rivierstad "
        "(art. 4:8 Awb)"]
    assert _get(uow, reference, decision).status == "voornemen"  # nothing taken, nothing half
    b.hearing(uow, reference, decision, "2025-03-07 14:00",
              heard=[*residents, to_hear["Woonstichting Rivierstad"]])
    b.issue(uow, reference, decision, "2025-03-07 15:00")  # everyone heard: no need to wait
    assert _get(uow, reference, decision).status == "genomen"


def test_after_the_term_the_decision_needs_no_one_elses_zienswijze(uow, playbook) -> None:
    """Who did not use the term has had the chance (art. 4:8 Awb): after its last day the
    decision can be taken with only the residents heard. A name that is no belanghebbende is
    refused, and so is 'heard' beside 'no zienswijze given'."""
    reference = _ready(uow, playbook, "2025-03-06 02:40")
    decision = b.draft(uow, reference, "2025-03-06 11:00", duration_days=30,
                       start_date="2025-03-20", start_time="12:00")
    b.intent(uow, reference, decision, "2025-03-06 12:00")
    with uow() as s, pytest.raises(InvalidInput) as wrong:
        decisions.record_hearing(
            session=s, reference=reference, decision_id=decision, outcome="Niets ingebracht.",
            given=False, actor="juridisch", now=b.when("2025-03-07 10:00"),
            heard_names=["Dhr. A. Bakker", "Mr. T. Okafor"])
    assert wrong.value.problems == [
        "gehoord: 'Mr. T. Okafor' is geen belanghebbende van dit besluit; kies uit: "
        "Dhr. A. Bakker, Mevrouw B. Bakker, Woonstichting Rivierstad"]
    with uow() as s:
        decisions.record_hearing(
            session=s, reference=reference, decision_id=decision,
            outcome="De bewoners vragen om een kortere sluiting.", given=True,
            actor="juridisch", now=b.when("2025-03-07 10:00"),
            heard_names=["dhr. a. bakker", "Mevrouw B. Bakker"])
    with pytest.raises(DecisionIncomplete, match="Nog niet gehoord: Woonstichting Rivierstad"):
        b.issue(uow, reference, decision, "2025-03-13 16:00")
    b.issue(uow, reference, decision, "2025-03-14 09:00")
    assert _get(uow, reference, decision).status == "genomen"
