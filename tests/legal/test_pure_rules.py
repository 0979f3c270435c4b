"""The pure core of the decision rules, without a database: the transition table, the grounds,
the household and bezwaar timeliness."""

from datetime import date

import pytest

from playbook.deadlines import bezwaar_deadline
from playbook.decisions import lifecycle
from playbook.decisions.grounds import GroundFacts, propose, refusal
from playbook.decisions.household import Member, Relation, minors, needs_housing, parse_ages
from playbook.decisions.objection_terms import decision_term, judge


def test_every_move_of_the_transition_table() -> None:
    fire = lifecycle.fire
    assert fire("concept", lifecycle.Action.intent, {}) == "voornemen"
    assert fire("voornemen", lifecycle.Action.take, {}) == "genomen"
    assert fire("genomen", lifecycle.Action.make_known, {}) == "bekendgemaakt"
    assert fire("bekendgemaakt", lifecycle.Action.end, {}) == "beeindigd"
    with pytest.raises(lifecycle.WrongStatus):
        fire("genomen", lifecycle.Action.intent, {})
    with pytest.raises(lifecycle.Refused) as refused:
        fire("concept", lifecycle.Action.take, {"content_complete": ["a"], "hearing_done": ["b"]})
    assert refused.value.problems == ["a", "b"]  # every guard is heard, not only the first


def test_grounds_follow_the_facts() -> None:
    home = GroundFacts("woning", False, conduct_in_premises=False, weapon_found=False,
                       threat_assessed=True)
    assert propose(home) == "174a-1-b"
    assert "ECLI:NL:RBZWB:2025:6427" in (refusal("174a-1-a", home) or "")
    shop = GroundFacts("bedrijfspand", True, False, False, True)
    assert propose(shop) == "174" and refusal("174a-1-b", shop)
    assert refusal("174", GroundFacts("bedrijfspand", False, False, False, True))
    assert propose(GroundFacts("woning", False, False, False, False)) is None
    assert refusal("175", home, "noodbevel") is None and refusal("175", home, "sluiting")


def test_minors_and_housing_from_birth_dates() -> None:
    day = date(2025, 9, 1)
    baby = Member(3, "Baby", Relation.occupant, date(2025, 7, 20), None, True)
    parent = Member(1, "Ouder", Relation.occupant, date(1990, 1, 1), None, True)
    owner = Member(2, "Corporatie", Relation.corporation, None, None, True)
    assert [m.name for m in minors([parent, baby, owner], day)] == ["Baby"]
    assert needs_housing([parent, baby], day) and not needs_housing([parent, owner], day)
    assert Member(4, "Jarig", Relation.occupant, date(2007, 9, 2), None, True).minor_on(day)
    assert not Member(4, "Jarig", Relation.occupant, date(2007, 9, 1), None, True).minor_on(day)
    assert parse_ages("7, 0; 3") == [0, 3, 7] and parse_ages("geen kinderen") is None


def test_bezwaar_timeliness_and_decision_term() -> None:
    term = bezwaar_deadline(date(2025, 3, 7))  # ends Tuesday 22 April 2025
    assert judge(term, date(2025, 4, 22), None).timely
    assert judge(term, date(2025, 4, 29), date(2025, 4, 22)).timely  # art. 6:9 lid 2
    assert not judge(term, date(2025, 4, 30), date(2025, 4, 22)).timely  # more than a week
    assert not judge(term, date(2025, 4, 24), date(2025, 4, 23)).timely  # posted too late
    assert decision_term(term, advisory_committee=False).end == date(2025, 6, 3)
    assert decision_term(term, advisory_committee=True).end == date(2025, 7, 15)
