"""ECLI:NL:RBMNE:2024:3085 (vzr. Midden-Nederland, 17 May 2024).

From the published text as summarised on hetrechtenstudentje.nl and omgevingsweb.nl (the full
"Uitspraak" with r.o. numbers was not retrievable): the applicant lives with her three minor
children in a home in an apartment complex. According to the police report someone laid an
object at the front door and lit it; the heavy explosion caused large flames and damage to the
door and the gallery. The mayor closed the home for thirty days under art. 174a lid 1 onder b
as extended on 1 January 2024. The vzr.: the mayor could treat this as serious violence (the
legislative history names violence with explosives) and could apply the power; the closure is
tested for necessity and balance under art. 3:4 lid 2 Awb. The closure stood.

The accepted test replays that outcome. That the balance must name the children (number, ages,
school, effect) and that housing is offered before the closure is taken are the engine's rules
for the balance step, not holdings found in this text. The dates are illustrative."""

from playbook.decisions import service as decisions
from tests.legal import builders as b

HOUSEHOLD = [
    {"name": "Mevrouw R. (moeder)", "role": "doelwit", "birth_date": "1990-05-01"},
    {"name": "Kind 1", "role": "bewoner", "birth_date": "2012-03-01"},
    {"name": "Kind 2", "role": "bewoner", "birth_date": "2016-07-01"},
    {"name": "Kind 3", "role": "bewoner", "birth_date": "2020-11-01"},
    b.CORPORATION,
]
CHILDREN = {
    "children_count": 3,
    "children_ages": "3, 7, 12",
    "children_school": "De kinderen gaan vanuit de wisselwoning naar hun eigen school; "
    "vervoer is geregeld.",
    "children_effect": "Verhuizen raakt de kinderen; het wijkteam begeleidt hen en de "
    "periode is zo kort mogelijk gehouden.",
}


def _case(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2024-04-20 03:10", household=HOUSEHOLD)
    b.rapportage(
        uow,
        reference,
        "2024-04-20 11:00",
        "Voorwerp bij de voordeur neergelegd en aangestoken; zware explosie met grote vlammen, "
        "schade aan voordeur en galerij.",
        "Reële kans op herhaling volgens de politie.",
    )
    b.threat(uow, reference, "2024-04-20 11:30")
    return reference


def test_closure_without_weighing_the_children_or_housing_is_refused(uow, playbook) -> None:
    reference = _case(uow, playbook)
    # The balance text even says "geen kinderen": no substring test decides this any more.
    decision = b.draft(
        uow,
        reference,
        "2024-04-20 12:00",
        duration_days=30,
        start_date="2024-04-20",
        start_time="18:00",
        balance="Er zijn geen kinderen bij betrokken; de moeder is niet betrokken.",
    )
    missing = b.missing(uow, reference, decision, "2024-04-20 12:00")
    assert any("het besluit noemt 0 kinderen, in het huishouden wonen er 3" in m for m in missing)
    assert any("leeftijden in het besluit" in m for m in missing)
    assert any("school of opvang" in m for m in missing)
    assert any("vervangende woonruimte aangeboden aan het huishouden" in m for m in missing)


def test_closure_that_weighs_the_children_and_offers_housing_is_accepted(uow, playbook) -> None:
    reference = _case(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2024-04-20 12:00",
        duration_days=30,
        start_date="2024-04-20",
        start_time="18:00",
        **CHILDREN,
    )
    b.housing(uow, reference, "2024-04-20 13:00")
    b.urgent_closure(uow, reference, decision, "2024-04-20 14:00")
    b.make_known(uow, reference, decision, "2024-04-20 15:00")
    with uow() as s:
        case = decisions.get_decision(s, b.get_case(s, reference), decision)
        assert case.status == "bekendgemaakt"
        # Children are not addressees; the mother and the corporation are, by name.
        names = [a.name for a in decisions.addressees_of(s, case)]
        assert names == ["Mevrouw R. (moeder)", "Woonstichting Rivierstad"]
