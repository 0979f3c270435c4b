"""ECLI:NL:RVS:2022:1881 (Afdeling bestuursrechtspraak, 6 July 2022).

From the published text (r.o. 7-8): a home was closed for three months after a large quantity
of chemicals was found in it and its garden, making it plausible that the home was a link in
the supply, production or distribution of (hard)drugs; the closure was suitable and necessary
(r.o. 7). Weighing all circumstances the Afdeling found three months not unbalanced (r.o. 8).
For the minor stepson living there the starting point is that parents are responsible for
finding other housing when the closure follows from their own conduct; the mayor had taken the
child's interest sufficiently into account by offering shelter (opvang).

The engine takes from this that a minor's interest is weighed explicitly and checked against the
household (children are persons with a birth date, no word search), and that housing is offered
or its refusal recorded before the closure is taken. That a non-self-reliant occupant who is not
involved also needs housing is the engine's own care rule, not this judgment. The case was a
drugs closure, not an attack: the facts and dates below are illustrative."""

import pytest

from playbook.cases import persons
from playbook.cases.intake import PersonIntake
from playbook.decisions import service as decisions
from playbook.errors import InvalidInput
from tests.legal import builders as b


def _case(uow, playbook, household) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2025-02-10 02:00", household=household)
    b.rapportage(
        uow,
        reference,
        "2025-02-10 10:00",
        "Explosie tegen de gevel om 02:00.",
        "Herhaling waarschijnlijk.",
    )
    b.threat(uow, reference, "2025-02-10 10:30")
    return reference


def test_children_mentioned_but_not_recorded_as_persons_are_refused(uow, playbook) -> None:
    household = [
        {"name": "Moeder", "role": "doelwit", "birth_date": "1989-01-01", "children": "2"},
        b.CORPORATION,
    ]
    reference = _case(uow, playbook, household)
    decision = b.draft(
        uow,
        reference,
        "2025-02-10 11:00",
        duration_days=30,
        start_date="2025-02-11",
        start_time="12:00",
    )
    missing = b.missing(uow, reference, decision, "2025-02-10 11:00")
    assert any("2 kinderen genoemd, maar er zijn er 0 als persoon" in m for m in missing)


def test_weighing_must_match_the_household(uow, playbook) -> None:
    household = [
        {"name": "Moeder", "role": "doelwit", "birth_date": "1989-01-01"},
        {"name": "Zoon", "role": "bewoner", "birth_date": "2014-05-05"},
        {
            "name": "Oma (niet betrokken)",
            "role": "bewoner",
            "birth_date": "1950-01-01",
            "self_reliant": "nee",
        },
        b.CORPORATION,
    ]
    reference = _case(uow, playbook, household)
    decision = b.draft(
        uow,
        reference,
        "2025-02-10 11:00",
        duration_days=30,
        start_date="2025-02-11",
        start_time="12:00",
        children_count=2,
        children_ages="4, 10",
        children_school="School blijft bereikbaar per bus.",
        children_effect="De zoon verliest tijdelijk zijn vertrouwde omgeving.",
    )
    missing = b.missing(uow, reference, decision, "2025-02-10 11:00")
    assert any("het besluit noemt 2 kinderen, in het huishouden wonen er 1" in m for m in missing)
    assert any("kloppen niet met het huishouden (10)" in m for m in missing)
    # The non-involved grandmother is not self-reliant: housing before the closure starts.
    assert any("niet-zelfredzame personen" in m for m in missing)


def test_a_birth_date_in_the_future_is_refused(uow, playbook) -> None:
    reference = _case(
        uow,
        playbook,
        [{"name": "Moeder", "role": "doelwit", "birth_date": "1989-01-01"}, b.CORPORATION],
    )
    with pytest.raises(InvalidInput, match="geboren in de toekomst"), uow() as s:
        persons.add(
            session=s,
            reference=reference,
            actor="oov",
            now=b.when("2025-02-10 12:00"),
            person=PersonIntake(name="Kind", role="bewoner", birth_date="2025-03-01"),
        )


def test_closure_weighing_the_minor_with_shelter_offered_is_accepted(uow, playbook) -> None:
    """r.o. 8: shelter offered, the child's interest weighed; three months not unbalanced."""
    household = [
        {"name": "Verzoeker", "role": "doelwit", "birth_date": "1980-01-01"},
        {"name": "Stiefzoon", "role": "bewoner", "birth_date": "2008-04-04"},
        b.CORPORATION,
    ]
    reference = _case(uow, playbook, household)
    decision = b.draft(
        uow,
        reference,
        "2025-02-10 11:00",
        duration_days=90,
        duration_over_policy_reasons="Drie maanden: korter neemt de aantrekkingskracht van "
        "de woning op criminelen niet weg.",
        start_date="2025-02-11",
        start_time="12:00",
        children_count=1,
        children_ages="16",
        children_school="De stiefzoon blijft vanuit de opvang naar zijn eigen school gaan.",
        children_effect="Hij verliest tijdelijk zijn vertrouwde omgeving; opvang is aangeboden.",
    )
    b.housing(uow, reference, "2025-02-10 12:00")
    b.urgent_closure(uow, reference, decision, "2025-02-10 13:00")
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).status == "genomen"
