"""ECLI:NL:RBOVE:2025:5638 (Rechtbank Overijssel, 2025): the closure takes effect at a stated
hour. So a decision names the date and hour it starts, and a bekendmaking at or after that
moment is refused: a decision takes effect only once made known (art. 3:40 Awb)."""

import pytest

from playbook.decisions import service as decisions
from playbook.errors import InvalidInput, NotAllowed
from tests.legal import builders as b

HOUSEHOLD = [{"name": "Bewoner O.", "role": "doelwit", "birth_date": "1984-10-10"}, b.CORPORATION]


def _taken(uow, playbook, **fields) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2025-06-02 01:00", household=HOUSEHOLD)
    b.rapportage(
        uow,
        reference,
        "2025-06-02 10:00",
        "Explosie bij de voordeur om 01:00.",
        "Herhaling is waarschijnlijk.",
    )
    b.threat(uow, reference, "2025-06-02 10:30")
    decision = b.draft(
        uow, reference, "2025-06-02 11:00", duration_days=14, start_date="2025-06-03", **fields
    )
    return reference, decision


def test_a_start_without_an_hour_is_incomplete(uow, playbook) -> None:
    reference, decision = _taken(uow, playbook)
    assert "ingang: datum en uur waarop de sluiting ingaat" in b.missing(
        uow, reference, decision, "2025-06-02 11:00"
    )


def test_bekendmaking_after_the_start_hour_is_refused(uow, playbook) -> None:
    reference, decision = _taken(uow, playbook, start_time="18:00")
    b.urgent_closure(uow, reference, decision, "2025-06-02 12:00")
    with pytest.raises(NotAllowed, match="bekendmaking ligt na de ingang"):
        b.make_known(uow, reference, decision, "2025-06-03 18:30")
    with pytest.raises(NotAllowed, match="art. 3:40 Awb"):
        b.make_known(uow, reference, decision, "2025-06-04 09:00")
    with pytest.raises(InvalidInput, match="geef het uur"), uow() as s:
        decisions.make_known(
            session=s,
            reference=reference,
            decision_id=decision,
            on=b.when("2025-06-03 09:00").date(),
            how="uitreiking",
            actor="oov",
            now=b.when("2025-06-03 19:00"),
        )
    b.make_known(uow, reference, decision, "2025-06-03 17:45")
    with uow() as s:
        d = decisions.get_decision(s, b.get_case(s, reference), decision)
        assert d.status == "bekendgemaakt"
        assert decisions.starts_at(d).isoformat() == "2025-06-03T18:00:00+02:00"  # type: ignore[union-attr]
