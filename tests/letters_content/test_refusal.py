"""A refusal of a referral to Slachtofferhulp: its own record, audited, the latest statement per
person and purpose counts, and it settles the referral step (docs/verwijzing.md)."""

import pytest
from sqlmodel import select

from playbook.cases import referrals, refusals
from playbook.cases.repository import get_case, pinned_playbook
from playbook.definition.enums import StepStatus
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.monitoring.query import milestones
from playbook.storage.tables import AuditEvent, Document
from tests.conftest import local
from tests.letters_content.test_referral import NOW, _consent, _ids, _refer, _status

STEP = "verwijzing-slachtofferhulp"


def _refuse(uow, ref: str, person: int, at: str, **extra) -> None:  # type: ignore[no-untyped-def]
    values = {"method": "telefonisch", "note": "wil het zelf regelen", **extra}
    with uow() as s:
        refusals.record_refusal(session=s, reference=ref, person_id=person,
                                refused_at=local(at), actor="oov", now=NOW, **values)


def test_a_refusal_blocks_the_referral_until_a_later_consent(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _refuse(uow, case_ref, okafor, "2025-03-07 10:00")
    with pytest.raises(NotAllowed) as refused:
        _refer(uow, case_ref, okafor)
    assert str(refused.value) == (
        "Verwijzing van Mr. T. Okafor geweigerd: Mr. T. Okafor heeft op 7 maart 2025 10:00 "
        "(telefonisch) gezegd niet te willen worden doorverwezen naar Slachtofferhulp Nederland, "
        "en daarna geen toestemming gegeven. De gemeente verwijst alleen met toestemming "
        "(art. 6 lid 1 onder a en art. 4 onder 11 AVG: vrij gegeven)."
    )
    with uow() as s:
        assert s.exec(select(Document)).all() == []
        [row] = referrals.refusals_of(s, get_case(s, case_ref))
        assert (row.person_id, row.method, row.purpose, row.note, row.actor) == (
            okafor, "telefonisch", "verwijzing-slachtofferhulp", "wil het zelf regelen", "oov")
        [audit] = s.exec(select(AuditEvent).where(AuditEvent.action == "weigering-vastgelegd"))
        assert (audit.person_id, audit.old, audit.reason, audit.details, audit.at) == (
            okafor, "doorverwijzing naar Slachtofferhulp Nederland", "telefonisch, ronde 1",
            {"weigering": row.id, "geweigerd_op": "2025-03-07T10:00:00+01:00"}, NOW)
    # A consent given before the refusal does not lift it; one given afterwards does.
    _consent(uow, case_ref, okafor, "2025-03-07 09:00")
    with pytest.raises(NotAllowed, match="gezegd niet te willen"):
        _refer(uow, case_ref, okafor)
    _consent(uow, case_ref, okafor, "2025-03-07 11:00")
    assert _refer(uow, case_ref, okafor).kind == "verwijzing-slachtofferhulp"


def test_a_no_after_consent_in_force_is_a_withdrawal_not_a_second_record(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    _consent(uow, case_ref, okafor, "2025-03-07 10:00")
    with pytest.raises(NotAllowed, match="trek dan die toestemming in"):
        _refuse(uow, case_ref, okafor, "2025-03-07 12:00")
    with uow() as s:
        assert referrals.refusals_of(s, get_case(s, case_ref)) == []
        assert _status(s, case_ref, STEP) == StepStatus.open
        [consent] = referrals.consents_of(s, get_case(s, case_ref))
        referrals.withdraw_consent(session=s, reference=case_ref, consent_id=consent.id,  # type: ignore[arg-type]
                                   actor="oov", now=NOW)
    with uow() as s:  # the withdrawal is the no: the step is settled as by a refusal
        assert _status(s, case_ref, STEP) == StepStatus.done
    # With the consent withdrawn, a later refusal may be recorded (nothing is in force).
    _refuse(uow, case_ref, okafor, "2025-03-07 18:00")


def test_a_refusal_of_the_referral_settles_the_referral_step(uow, case_ref) -> None:
    names = _ids(uow)
    with uow() as s:
        assert _status(s, case_ref, STEP) == StepStatus.open
    _refuse(uow, case_ref, names["Mr. T. Okafor"], "2025-03-07 10:00", purpose="contact-nazorg")
    with uow() as s:  # another purpose says nothing about the referral
        assert _status(s, case_ref, STEP) == StepStatus.open
    _refuse(uow, case_ref, names["Mr. T. Okafor"], "2025-03-07 10:00")
    with uow() as s:
        assert _status(s, case_ref, STEP) == StepStatus.done
        # Settled, but nobody reached Slachtofferhulp: the monitor counts no first contact.
        assert _first_support(s, case_ref) is None
    # Others may still be referred with their consent.
    _consent(uow, case_ref, names["Familie Kaya"], "2025-03-07 12:00")
    assert _refer(uow, case_ref, names["Familie Kaya"]).kind == "verwijzing-slachtofferhulp"
    with uow() as s:  # the referral is the first contact
        assert _first_support(s, case_ref) == NOW


def _first_support(session, reference: str):  # type: ignore[no-untyped-def]
    case = get_case(session, reference)
    [row], _closures = milestones(session, [case], pinned_playbook(session, case), NOW.date())
    return row.victim_support_at


def test_a_refusal_in_the_future_or_said_in_an_unknown_way_is_bad_input(uow, case_ref) -> None:
    okafor = _ids(uow)["Mr. T. Okafor"]
    with pytest.raises(InvalidInput) as caught:
        _refuse(uow, case_ref, okafor, "2025-03-08 10:00", method="knipoog", purpose="reclame")
    assert {p.split(":")[0] for p in caught.value.problems} == {
        "geweigerd op", "hoe geweigerd", "waarvoor geweigerd"}
    with pytest.raises(NotFound, match="hoort niet bij zaak"):
        _refuse(uow, case_ref, 999, "2025-03-07 10:00")
