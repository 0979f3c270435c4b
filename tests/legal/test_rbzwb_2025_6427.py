"""ECLI:NL:RBZWB:2025:6427 (Rechtbank Zeeland-West-Brabant, 25 September 2025, BRE 24/6272,
Moerdijk).

From the published text, r.o. 1 (Samenvatting): the home was closed for five days because
explosives were found in it. From the case header and lexboost's machine summary: the closure
rested on art. 174a lid 1 onder a; the mere presence of explosives is not the long-lasting or
frequent nuisance that ground a requires, and there were no reports of incidents or explosions
in or around the home: the mayor was not competent. Appeal upheld, the decision on bezwaar
annulled and the earlier decisions revoked, fee and costs awarded. The r.o. numbers of that
reasoning were not retrievable; the dates of the find and of the decision are illustrative."""

import pytest

from playbook.decisions import service as decisions
from playbook.errors import NotAllowed
from tests.legal import builders as b

HOUSEHOLD = [
    {"name": "Dhr. M. (bewoner)", "role": "doelwit", "birth_date": "1991-04-04"},
    {"name": "Dhr. M. (eigenaar-bewoner)", "role": "belanghebbende", "relation": "eigenaar"},
]


def _case(uow, playbook) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(
        uow, playbook, "2024-10-02 14:00", household=HOUSEHOLD, kind="aantreffen-explosief"
    )
    b.rapportage(
        uow,
        reference,
        "2024-10-02 18:00",
        "Bij een doorzoeking zijn explosieven in de woning aangetroffen.",
        "Geen meldingen van incidenten of ontploffingen rond de woning.",
    )
    b.conduct(uow, reference, "2024-10-02 18:30", in_premises=False)
    return reference


def test_ground_a_for_explosives_found_is_refused_as_not_competent(uow, playbook) -> None:
    reference = _case(uow, playbook)
    with pytest.raises(NotAllowed) as refused, uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2024-10-03 09:00"),
            fields=decisions.parse_draft({**b.REASONS, "ground": "174a-1-a", "duration_days": 5}),
        )
    assert "grond a van art. 174a lid 1 vraagt vastgelegde gedragingen" in refused.value.message
    assert "ECLI:NL:RBZWB:2025:6427" in refused.value.message


def test_no_ground_is_proposed_when_the_facts_carry_none(uow, playbook) -> None:
    reference = _case(uow, playbook)
    decision = b.draft(
        uow,
        reference,
        "2024-10-03 09:00",
        duration_days=5,
        start_date="2024-10-03",
        start_time="18:00",
    )
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground is None
    assert "grondslag: grondslag ontbreekt" in b.missing(
        uow, reference, decision, "2024-10-03 09:00"
    )


def test_ground_a_is_accepted_for_recorded_conduct_in_the_home(uow, playbook) -> None:
    reference = _case(uow, playbook)
    b.conduct(
        uow,
        reference,
        "2024-10-02 19:00",
        in_premises=True,
        description="Vanuit de woning wordt gehandeld in explosieven; buren melden overlast.",
    )
    decision = b.draft(
        uow,
        reference,
        "2024-10-03 09:00",
        ground="174a-1-a",
        duration_days=5,
        start_date="2024-10-03",
        start_time="18:00",
    )
    assert not any(
        m.startswith("grondslag") for m in b.missing(uow, reference, decision, "2024-10-03 09:00")
    )
