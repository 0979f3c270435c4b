"""ECLI:NL:RBMNE:2025:2617 (Rechtbank Midden-Nederland, 28 May 2025, Almere): after a firework
bomb and a burning object were thrown, the mayor closed business premises for two weeks under
art. 174 lid 2 Gemeentewet. The premises were not open to the public, so art. 174 was the wrong
ground; the decision was annulled (its effects maintained on another ground). Non-public
premises fall under the closure powers for non-public premises (the engine: art. 174a)."""

import pytest

from playbook.decisions import service as decisions
from playbook.errors import NotAllowed
from tests.legal import builders as b

OWNER = [
    {"name": "Eiseres B.V. (gebruiker)", "role": "belanghebbende", "relation": "gebruiker"},
    {"name": "Vastgoed B.V.", "role": "belanghebbende", "relation": "eigenaar"},
]


def _case(uow, playbook, public: bool) -> str:  # type: ignore[no-untyped-def]
    reference = b.case_with(
        uow,
        playbook,
        "2024-06-10 23:30",
        household=OWNER,
        object_type="bedrijfspand",
        public=public,
    )
    b.threat(
        uow,
        reference,
        "2024-06-11 09:00",
        "Vuurwerkbom en brandend voorwerp tegen het pand; vrees voor herhaling.",
    )
    return reference


def test_art_174_for_premises_not_open_to_the_public_is_refused(uow, playbook) -> None:
    reference = _case(uow, playbook, public=False)
    with pytest.raises(NotAllowed, match="ECLI:NL:RBMNE:2025:2617"), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2024-06-11 10:00"),
            fields=decisions.parse_draft({"ground": "174", "duration_days": 14}),
        )


def test_non_public_premises_get_174a_proposed(uow, playbook) -> None:
    reference = _case(uow, playbook, public=False)
    decision = b.draft(uow, reference, "2024-06-11 10:00", duration_days=14)
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground == "174a-1-b"


def test_public_premises_fall_under_174_and_not_174a(uow, playbook) -> None:
    reference = _case(uow, playbook, public=True)
    decision = b.draft(uow, reference, "2024-06-11 10:00", duration_days=14)
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground == "174"
    with pytest.raises(NotAllowed, match="publiek toegankelijk: gebruik art. 174"), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            decision_id=decision,
            actor="juridisch",
            now=b.when("2024-06-11 10:05"),
            fields=decisions.parse_draft({"ground": "174a-1-b"}),
        )
