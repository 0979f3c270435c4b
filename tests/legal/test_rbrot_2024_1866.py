"""ECLI:NL:RBROT:2024:1866 (Rechtbank Rotterdam, 7 March 2024, ROT 23/2982).

From the published page (case header and lexboost's machine summary; r.o. 1 was cut off in
what could be read): on 29 November 2022 the mayor
of Rotterdam closed the applicant's home for one month by noodbevel after two incidents in which
explosives were found at the home. He relied on a bestuurlijke rapportage of the police that
found a real chance ("gerede kans") of repetition. The court held that the mayor could
reasonably take the decision; the appeal was dismissed and the closure upheld. The r.o. numbers
of that reasoning were not retrievable; the dates of the two incidents are illustrative."""

import pytest

from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from tests.legal import builders as b

HOUSEHOLD = [{"name": "Eiseres", "role": "doelwit", "birth_date": "1962-12-01"}, b.CORPORATION]


def _order(uow, playbook) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2022-11-20 04:00", household=HOUSEHOLD)
    b.repeat_attack(uow, reference, "2022-11-28 03:30")
    b.rapportage(
        uow,
        reference,
        "2022-11-28 15:00",
        "Twee keer in acht dagen explosieven bij de woning aangetroffen.",
        "Gerede kans op herhaling volgens de bestuurlijke rapportage.",
    )
    with uow() as s:
        order = decisions.emergency_order(
            session=s,
            reference=reference,
            actor="burgemeester",
            now=b.when("2022-11-29 09:00"),
            fields=decisions.parse_draft(
                {
                    **b.REASONS,
                    "facts": "Twee incidenten met explosieven bij de woning.",
                    "recurrence": "Gerede kans op herhaling.",
                    "duration_days": 30,
                    "start_time": "14:00",
                }
            ),
        )
    return reference, order.id  # type: ignore[return-value]


def test_a_noodbevel_does_not_go_through_a_voornemen(uow, playbook) -> None:
    reference, order = _order(uow, playbook)
    with pytest.raises(DecisionIncomplete, match="gaat niet via een voornemen"), uow() as s:
        decisions.send_intent(
            session=s,
            reference=reference,
            decision_id=order,
            hearing_days=7,
            actor="burgemeester",
            now=b.when("2022-11-29 09:30"),
        )


def test_one_month_noodbevel_on_the_rapportage_is_upheld_and_ends(uow, playbook) -> None:
    reference, order = _order(uow, playbook)
    b.issue(uow, reference, order, "2022-11-29 10:00")
    b.make_known(uow, reference, order, "2022-11-29 11:00")
    with uow() as s:
        decisions.end_emergency_order(
            session=s,
            reference=reference,
            decision_id=order,
            reason="De maand is verstreken; het gevaar is geweken.",
            actor="burgemeester",
            now=b.when("2022-12-29 14:00"),
        )
        d = decisions.get_decision(s, b.get_case(s, reference), order)
        assert [h.to_status for h in decisions.history(s, d)] == [
            "concept",
            "genomen",
            "bekendgemaakt",
            "beeindigd",
        ]
        assert d.round == 2  # the decision rests on the facts of the repeat attack
