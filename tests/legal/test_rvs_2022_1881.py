"""ECLI:NL:RVS:2022:1881 (Raad van State, 2022): in the balance the interests of children and of
occupants who are not involved weigh. The engine checks structure, not words: children are
persons with a birth date, and the decision's weighing of them is checked against the
household (how many, their ages, school, effect)."""

import pytest

from playbook.cases import persons
from playbook.cases.intake import PersonIntake
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
