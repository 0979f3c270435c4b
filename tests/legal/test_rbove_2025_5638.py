"""ECLI:NL:RBOVE:2025:5638 (Rechtbank Overijssel, 19 September 2025, ZWO 24/3931).

From the published text: on Friday 24 May 2024 the mayor decided to close the home "met ingang
van diezelfde dag vanaf 20:00 uur voor de duur van drie maanden" (r.o. 1 and 2); the vzr. refused
interim relief on 19 June 2024 (r.o. 2.1); on bezwaar (26 September 2024, sent 30 September) the
mayor held the objection partly well-founded and kept the closure (r.o. 2.2). The court's
holding, in the published "Essentie": the mayor could close the home on art. 174a lid 1 onder b
(serious violence), not on onder a (disturbance by conduct) or onder c (weapon), because the
facts did not carry those grounds (the r.o. numbers of that reasoning were not retrievable).

The engine replays both: a closure starts at a stated date and hour, here the day of the
decision at 20:00; and ground b carries it while a and c are refused without their own facts.
That a bekendmaking after the starting hour is refused follows from art. 3:40 Awb, not from
this judgment. The hour of the incident is illustrative: the text found does not give it."""

import pytest

from playbook.decisions import service as decisions
from playbook.errors import InvalidInput, NotAllowed
from tests.legal import builders as b

HOUSEHOLD = [{"name": "Eiser", "role": "doelwit", "birth_date": "1984-10-10"}, b.CORPORATION]
THREE_MONTHS = {
    "duration_days": 92,  # Friday 24 May 2024 20:00 up to and including 23 August 2024
    "duration_over_policy_reasons": "Drie maanden: de politie verwacht dat de dreiging rond "
    "de woning niet eerder afneemt.",
}


def _case(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2024-05-24 02:00", household=HOUSEHOLD)
    b.rapportage(
        uow,
        reference,
        "2024-05-24 10:00",
        "Ernstig geweld in de onmiddellijke nabijheid van de woning.",
        "Ernstige vrees voor herhaling volgens de politie.",
    )
    b.threat(uow, reference, "2024-05-24 10:30")
    # Recorded, but neither conduct in or from the home nor a weapon found in it.
    b.conduct(uow, reference, "2024-05-24 10:45", in_premises=False, weapon=False)
    return reference


def _taken(uow, playbook, **fields) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = _case(uow, playbook)
    decision = b.draft(
        uow, reference, "2024-05-24 11:00", start_date="2024-05-24", **THREE_MONTHS, **fields
    )
    return reference, decision


def test_a_start_without_an_hour_is_incomplete(uow, playbook) -> None:
    reference, decision = _taken(uow, playbook)
    assert "ingang: datum en uur waarop de sluiting ingaat" in b.missing(
        uow, reference, decision, "2024-05-24 11:00"
    )


def test_closure_from_20_00_on_the_day_of_the_decision(uow, playbook) -> None:
    """r.o. 1 and 2: "met ingang van diezelfde dag vanaf 20:00 uur"."""
    reference, decision = _taken(uow, playbook, start_time="20:00")
    b.urgent_closure(uow, reference, decision, "2024-05-24 15:00")
    with pytest.raises(NotAllowed, match="bekendmaking ligt na de ingang"):
        b.make_known(uow, reference, decision, "2024-05-24 20:30")
    with pytest.raises(NotAllowed, match=r"art\. 3:40 Awb"):
        b.make_known(uow, reference, decision, "2024-05-25 09:00")
    with pytest.raises(InvalidInput, match="geef het uur"), uow() as s:
        decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision,
            on=b.when("2024-05-24 09:00").date(),
            how="uitreiking",
            actor="oov",
            now=b.when("2024-05-24 21:00"),
        )
    b.make_known(uow, reference, decision, "2024-05-24 19:30")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), decision)
        assert d.status == "bekendgemaakt"
        assert d.ground == "174a-1-b"
        starts = decisions.starts_at(d)
        assert starts is not None and starts.isoformat() == "2024-05-24T20:00:00+02:00"


@pytest.mark.parametrize(
    ("ground", "reason"),
    [
        ("174a-1-a", "grond a van art. 174a lid 1 vraagt vastgelegde gedragingen"),
        ("174a-1-c", "grond c van art. 174a lid 1 vraagt een vastgelegde vondst"),
    ],
)
def test_grounds_a_and_c_are_refused_when_the_facts_do_not_carry_them(
    uow, playbook, ground: str, reason: str
) -> None:
    """Essentie: sub a and sub c "onvoldoende" supported by the facts; sub b upheld."""
    reference = _case(uow, playbook)
    with pytest.raises(NotAllowed, match=reason), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2024-05-24 11:00"),
            fields=decisions.parse_draft({**b.REASONS, **THREE_MONTHS, "ground": ground}),
        )
    decision = b.draft(
        uow, reference, "2024-05-24 11:05", ground="174a-1-b", start_date="2024-05-24"
    )
    assert not any(
        m.startswith("grondslag") for m in b.missing(uow, reference, decision, "2024-05-24 11:05")
    )
