"""A closure under art. 13b Opiumwet as a decision: the police's rapportage of this round, the
Raad van State's necessity and balance questions (ECLI:NL:RVS:2019:2912), the household weighing
of the closure, made known to each addressee, bezwaar."""

from datetime import date

import pytest

from playbook.cases.repository import get_case
from playbook.decisions import objections
from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from playbook.definition.enums import StepStatus
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.legal.builders import case_with, housing, rapportage
from tests.measures.helpers import (
    CORPORATION,
    OCCUPANT,
    Uow,
    draft,
    heard_and_taken,
    missing,
    step_status,
)

CLOSURE = {
    "substances": "480 gram cocaïne in 52 gebruikseenheden, weegschaal en ponypacks",
    "substance_list": "I",
    "trading_quantity": True,
    "dealing_from_premises": True,
    "seriousness": "Handel in harddrugs vanuit de woning trok kopers en geweld naar de straat.",
    "necessity": "Alleen sluiting doorbreekt de loop naar het adres en herstelt de rust.",
    "balance": "Het belang van de buurt weegt zwaarder dan dat van de bewoner bij haar woning.",
    "blameworthiness": "De bewoner wist van de handel; de drugs lagen in haar slaapkamer.",
    "adaptations": "Geen bijzondere aanpassingen.",
    "consequences": "De corporatie kan de huur opzeggen; de bewoner kan bij familie wonen.",
    "duration_days": 90,
    "duration_reasons": "Drie maanden, het beleid voor een eerste overtreding met harddrugs.",
    "start_date": "2026-03-16",
    "start_time": "10:00",
}


def _case(uow: Uow, playbook: Playbook) -> str:
    reference = case_with(uow, playbook, "2026-03-01 02:00", household=[OCCUPANT, CORPORATION])
    rapportage(
        uow,
        reference,
        "2026-03-03 10:00",
        "Bij de doorzoeking na de aanslag trof de politie 480 gram cocaïne aan.",
        "De politie verwacht dat de handel doorgaat.",
    )
    return reference


def test_13b_closure_from_draft_to_made_known_with_a_bezwaar(uow: Uow, playbook: Playbook) -> None:
    reference = _case(uow, playbook)
    decision_id = draft(uow, reference, "sluiting-13b", "2026-03-04 09:00", **CLOSURE)
    # Facts come from the police's rapportage of this round.
    with uow() as s:
        decision = decisions.get_decision(s, get_case(s, reference), decision_id)
        assert "480 gram cocaïne" in (decision.facts or "")
    heard_and_taken(uow, reference, decision_id, "2026-03-04 10:00", "2026-03-09 10:00",
                    "2026-03-10 10:00", "Zij vraagt om een kortere sluiting vanwege haar werk.")
    with uow() as s:
        decision = decisions.get_decision(s, get_case(s, reference), decision_id)
        names = {a.name for a in decisions.addressees_of(s, decision)}
    assert names == {"Mevrouw J. Jansen", "Woonstichting Rivierstad"}
    with uow() as s:
        decision, document = decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision_id,
            on=date(2026, 3, 11),
            how="uitreiking",
            actor="oov",
            now=local("2026-03-11 12:00"),
        )
        assert decision.status == "bekendgemaakt"
        terms = {t.label: t.end for t in decisions.deadlines(decision, s)}
        text = pdf_text(document.content)
        [first, _] = decisions.addressees_of(s, decision)
        row = objections.register(
            session=s,
            reference=reference,
            decision_id=decision_id,
            addressee_id=first.id,
            submitted_by=first.name,
            received_on=date(2026, 3, 25),
            actor="juridisch",
            now=local("2026-03-25 11:00"),
        )
        assert row.timely
    assert step_status(uow, reference, Event.drug_closure_made_known, "2026-03-11 13:00") == [
        StepStatus.done
    ]
    assert terms["Einde sluiting (art. 13b Opiumwet)"] == date(2026, 6, 13)
    assert "13b Opiumwet" in text and "handelshoeveelheid" in text
    assert "Verwijtbaarheid" in text and "16 maart 2026" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"trading_quantity": False, "dealing_from_premises": False}, "noodzaak: geen handels"),
        ({"substance_list": None}, "aangetroffen middelen"),
        ({"blameworthiness": None}, "verwijtbaarheid"),
        ({"consequences": None}, "gevolgen van de sluiting"),
        ({"adaptations": None}, "aanpassingen"),
    ],
)
def test_13b_is_refused_with_its_reason(
    uow: Uow, playbook: Playbook, change: dict[str, object], expected: str
) -> None:
    reference = _case(uow, playbook)
    fields = {k: v for k, v in {**CLOSURE, **change}.items() if v is not None}
    decision_id = draft(uow, reference, "sluiting-13b", "2026-03-04 09:00", **fields)
    with uow() as s:
        decisions.record_urgency(
            session=s,
            reference=reference,
            decision_id=decision_id,
            reasons="Kopers blijven komen; elke dag handel brengt geweld.",
            actor="juridisch",
            now=local("2026-03-04 09:30"),
        )
    found = missing(uow, reference, decision_id, "2026-03-04 09:40")
    assert len(found) == 1 and expected in found[0]
    with pytest.raises(DecisionIncomplete, match=expected), uow() as s:
        decisions.issue(
            session=s,
            reference=reference,
            decision_id=decision_id,
            actor="juridisch",
            now=local("2026-03-04 10:00"),
        )


def test_13b_weighs_the_children_of_the_household(uow: Uow, playbook: Playbook) -> None:
    child = {
        "name": "Sem Jansen",
        "role": "bewoner",
        "birth_date": "2019-05-01",
        "relation": "bewoner",
    }
    reference = case_with(
        uow, playbook, "2026-03-01 02:00", household=[OCCUPANT, child, CORPORATION]
    )
    rapportage(
        uow,
        reference,
        "2026-03-03 10:00",
        "480 gram cocaïne aangetroffen.",
        "De politie verwacht dat de handel doorgaat.",
    )
    decision_id = draft(uow, reference, "sluiting-13b", "2026-03-04 09:00", **CLOSURE)
    found = missing(uow, reference, decision_id, "2026-03-04 09:40")
    assert any("effect van de sluiting" in m for m in found)
    assert any("kinderen" in m and "1" in m for m in found)
    assert any("vervangende woonruimte" in m for m in found)
    housing(uow, reference, "2026-03-04 09:50")
    with uow() as s:
        from playbook.decisions import measures

        measures.draft(
            session=s,
            reference=reference,
            kind="",
            decision_id=decision_id,
            fields=measures.parse_measure(
                {
                    "children_count": 1,
                    "children_ages": "6",
                    "children_effect": "Sem gaat mee naar de wisselwoning; school blijft.",
                }
            ),
            actor="juridisch",
            now=local("2026-03-04 10:00"),
        )
    assert missing(uow, reference, decision_id, "2026-03-04 10:10") == [
        "zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"
    ]


def test_damocles_policy_asks_a_warning_first_for_a_first_offence() -> None:
    from playbook.decisions.completeness import DecisionFacts
    from playbook.decisions.grounds import GroundFacts
    from playbook.decisions.measures_rules import MeasureFacts, content
    from playbook.storage.tables import Decision
    from playbook.storage.tables_measures import MeasureDetails

    d = Decision.model_validate(
        {
            "kind": "sluiting-13b",
            "status": "concept",
            "case_id": 1,
            "created_at": local("2026-03-04 09:00"),
            "updated_at": local("2026-03-04 09:00"),
            "mayor": "A. Burgemeester",
            **{k: CLOSURE[k] for k in ("seriousness", "necessity", "balance", "duration_days",
                                       "duration_reasons")},
            "facts": "480 gram cocaïne aangetroffen bij de doorzoeking na de aanslag.",
            "start_date": date(2026, 3, 16),
            "start_time": local("2026-03-16 10:00").time(),
        }
    )
    m = MeasureDetails.model_validate(
        {
            "decision_id": 1,
            **{k: CLOSURE[k] for k in ("substances", "substance_list", "trading_quantity",
                                       "dealing_from_premises", "blameworthiness",
                                       "adaptations", "consequences")},
        }
    )
    ground = GroundFacts(
        object_type="woning",
        publicly_accessible=False,
        conduct_in_premises=False,
        weapon_found=False,
        threat_assessed=False,
    )
    info = DecisionFacts(ground=ground, case_round=1, rapportage_round=1)
    policy = MeasureFacts(decision=info, damocles_warning_first=True)
    [problem] = content(d, m, policy, date(2026, 3, 4))
    assert problem.startswith("Damoclesbeleid")
    m.damocles_warning_on = date(2025, 10, 1)
    assert content(d, m, policy, date(2026, 3, 4)) == []
    m.damocles_warning_on, m.first_offence = None, False
    assert content(d, m, policy, date(2026, 3, 4)) == []
    assert content(d, m, MeasureFacts(decision=info), date(2026, 3, 4)) == []
