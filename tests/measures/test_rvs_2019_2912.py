"""Replay of ABRvS 28 augustus 2019, ECLI:NL:RVS:2019:2912 (Maastricht), the Raad van State's
framework for a closure under art. 13b Opiumwet: first necessity, then balance.

Facts (from the judgment): a tenant lives with her minor daughter, who has a severe allergy; the
home is adapted to the daughter's health. The police searched the home on 10 January 2018 and
found 48,5 MDMA pills, cocaine and more MDMA (rapportages of 13 and 28 March 2018). The mayor
closed the home for six months; the court and the Afdeling held the closure disproportionate,
because the balance of the daughter's interests and the adapted home was missing.

The replay: a decision that leaves the child and the adaptation unweighed cannot be taken; it
can once the weighing is on record (the outcome of that weighing stays the mayor's)."""

import pytest

from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from playbook.definition.models import Playbook
from tests.conftest import local
from tests.legal.builders import case_with, housing, rapportage
from tests.measures.helpers import CORPORATION, Uow, draft, edit, missing

TENANT = {"name": "Mevrouw M.", "role": "bewoner", "birth_date": "1985-06-01",
          "relation": "bewoner"}
DAUGHTER = {"name": "Dochter van mevrouw M.", "role": "bewoner", "birth_date": "2009-02-01",
            "relation": "bewoner"}
AS_DECIDED = {
    "substances": "48,5 pillen MDMA, een ponypack cocaïne, 1,3 gram vloeibare MDMA, 1,4 gram "
                  "MDMA-brokjes en 0,6 gram MDMA-poeder",
    "substance_list": "I",
    "trading_quantity": True,
    "seriousness": "Harddrugs in een hoeveelheid boven de gedoogde hoeveelheid voor eigen gebruik.",
    "necessity": "Sluiting is nodig om de woning aan het drugscircuit te onttrekken.",
    "balance": "Het belang van de openbare orde weegt zwaarder dan het woonbelang van de huurder.",
    "blameworthiness": "De huurder is verantwoordelijk voor wat in haar woning wordt aangetroffen.",
    "consequences": "De verhuurder kan de huur opzeggen; de huurder moet elders onderdak zoeken.",
    "duration_days": 183,
    "duration_reasons": "Zes maanden, volgens het beleid voor harddrugs in een woning.",
    "start_date": "2018-04-10",
    "start_time": "10:00",
}


def test_a_13b_closure_without_the_child_and_the_adapted_home_cannot_be_taken(
    uow: Uow, playbook: Playbook
) -> None:
    reference = case_with(uow, playbook, "2018-01-10 07:00",
                          household=[TENANT, DAUGHTER, CORPORATION])
    rapportage(uow, reference, "2018-03-13 10:00",
               "Bij de doorzoeking op 10 januari 2018 trof de politie 48,5 MDMA-pillen en "
               "cocaïne aan.", "Onbekend.")
    decision_id = draft(uow, reference, "sluiting-13b", "2018-03-20 09:00", **AS_DECIDED)
    with uow() as s:
        decisions.record_urgency(session=s, reference=reference, decision_id=decision_id,
                                 reasons="Handel vanuit de woning moet direct stoppen, aldus de "
                                         "burgemeester.",
                                 actor="juridisch", now=local("2018-03-20 09:30"))
    found = " | ".join(missing(uow, reference, decision_id, "2018-03-27 09:00"))
    assert "bijzondere aanpassingen van de woning" in found
    assert "effect van de sluiting op hen" in found
    assert "kinderen" in found and "vervangende woonruimte" in found
    with pytest.raises(DecisionIncomplete), uow() as s:
        decisions.issue(session=s, reference=reference, decision_id=decision_id,
                        actor="juridisch", now=local("2018-03-27 09:00"))
    # The weighing the Afdeling missed, on record: then the decision can be taken.
    housing(uow, reference, "2018-03-26 09:00")
    edit(uow, reference, decision_id, "2018-03-26 10:00",
         adaptations="De woning is aangepast aan de ernstige allergie van de dochter "
                     "(vloeren, ventilatie); een wisselwoning moet dat ook zijn.",
         children_count=1, children_ages="9",
         children_effect="De dochter verliest een woning die op haar gezondheid is afgestemd; "
                         "dat weegt zwaar.")
    assert missing(uow, reference, decision_id, "2018-03-27 09:00") == []
