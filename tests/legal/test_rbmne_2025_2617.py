"""ECLI:NL:RBMNE:2025:2617 (Rechtbank Midden-Nederland, 28 May 2025, UTR 24/4443, Almere).

From the published text: after a firework bomb and a burning object were thrown, the mayor
closed the premises of eiseres B.V. for two weeks under art. 174 lid 2 Gemeentewet. The hall
hosts mainly wedding and company parties where guests enter only on invitation, checked at the
door; occasional public events are subordinate, so the building is not open to the public
(r.o. 8.1) and art. 174 lid 2 could not carry the closure (r.o. 9). The appeal was upheld and
the decision annulled, but its legal effects were maintained (r.o. 10): the mayor was competent
under art. 172 lid 3 Gemeentewet, which he had invoked in the alternative (r.o. 11), and the
two-week closure was found necessary and balanced.

The engine refuses art. 174 for premises not open to the public and names the court's route.
It does not offer art. 172 lid 3: for a non-public lokaal it proposes art. 174a lid 1 onder b,
which is the engine's choice, not what this court applied. The dates are illustrative: the
text found gives none for the incident."""

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
    with pytest.raises(NotAllowed) as refused, uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            actor="juridisch",
            now=b.when("2024-06-11 10:00"),
            fields=decisions.parse_draft({"ground": "174", "duration_days": 14}),
        )
    assert "ECLI:NL:RBMNE:2025:2617, r.o. 8.1-9" in refused.value.message
    assert "art. 172 lid 3" in refused.value.message


def test_non_public_premises_get_174a_proposed(uow, playbook) -> None:
    """The engine's proposal; the court itself kept the closure on art. 172 lid 3 (r.o. 11)."""
    reference = _case(uow, playbook, public=False)
    decision = b.draft(uow, reference, "2024-06-11 10:00", duration_days=14)
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground == "174a-1-b"


def test_public_premises_fall_under_174_and_not_174a(uow, playbook) -> None:
    reference = _case(uow, playbook, public=True)
    decision = b.draft(uow, reference, "2024-06-11 10:00", duration_days=14)
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), decision).ground == "174"
    with pytest.raises(NotAllowed, match=r"publiek toegankelijk: gebruik art\. 174"), uow() as s:
        decisions.draft(
            session=s,
            reference=reference,
            decision_id=decision,
            actor="juridisch",
            now=b.when("2024-06-11 10:05"),
            fields=decisions.parse_draft({"ground": "174a-1-b"}),
        )
