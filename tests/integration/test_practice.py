"""Practice corrections on real databases (SQLite and PostgreSQL): facts at intake, one incident
with several cases, due anchors from the closure decision, local moments."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from playbook.cases import service
from playbook.cases.incidents import linked_cases, record_moment
from playbook.cases.overview import overview
from playbook.cases.repository import decision_anchors, get_case
from playbook.definition.enums import DueAnchor, IncidentKind, StepStatus
from playbook.errors import InvalidInput, NotAllowed, NotFound
from playbook.storage.tables import AttackRecord, AuditEvent, Decision
from tests.conftest import local
from tests.integration.helpers import create, finish_phase

T0 = local("2025-03-07 03:00")


def statuses(s, reference: str, now=T0) -> dict[str, StepStatus]:  # type: ignore[no-untyped-def]
    view = overview(s, get_case(s, reference), now)
    return {i.step.id: i.status for b in view.blocks for i in b.items}


def test_vehicle_at_a_home_offers_closing_it_and_a_car_in_the_street_does_not(uow, playbook) -> None:
    with uow() as s:
        at_home = create(s, playbook, T0, object_type="voertuig", vehicle_at_home="ja",
                         residents_displaced="ja")
        street = create(s, playbook, T0, object_type="voertuig", house_number="40", persons=[])
    with uow() as s:
        finish_phase(s, at_home.reference, T0)
        finish_phase(s, street.reference, T0)
    with uow() as s:
        home = statuses(s, at_home.reference)
        assert home["sluiting-woning-na-voertuig"] == StepStatus.open
        assert home["besluit-sluiting-overwegen"] == StepStatus.open
        assert home["omstanders-voertuig"] == StepStatus.not_applicable
        car = statuses(s, street.reference)
        assert car["sluiting-woning-na-voertuig"] == StepStatus.not_applicable
        assert car["besluit-sluiting-overwegen"] == StepStatus.not_applicable
        assert car["omstanders-voertuig"] == StepStatus.open


def test_vehicle_at_home_is_refused_for_other_objects(uow, playbook) -> None:
    with pytest.raises(InvalidInput, match="voertuig-bij-woning"), uow() as s:
        create(s, playbook, T0, vehicle_at_home="ja")


def test_shop_with_flats_above_gets_shelter_and_business_steps(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, object_type="bedrijfspand", mixed_use="ja",
                      business_kind="winkel", persons=[])
        assert case.residents_displaced  # flats above: residents displaced by default
        night = statuses(s, case.reference)
        assert night["evacuatie-opvang"] == StepStatus.open
        finish_phase(s, case.reference, T0)
        assert statuses(s, case.reference)["ondernemer-steun"] == StepStatus.open


def test_facts_change_later_and_are_audited(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, tenure="sociale-huur")
        finish_phase(s, case.reference, T0)
    with uow() as s:
        service.update_facts(session=s, reference=case.reference, actor="oov", now=T0,
                             closure=True, children=True)
        first = statuses(s, case.reference)
        assert first["huur-afspraken"] == StepStatus.open  # non-involved tenants: keep the lease
        assert first["kinderen-school-jeugdhulp"] == StepStatus.open
    with uow() as s:
        service.update_facts(session=s, reference=case.reference, actor="oov", now=T0,
                             occupant_involved=True)
        assert statuses(s, case.reference)["huur-afspraken"] == StepStatus.not_applicable
        subjects = [e.subject for e in s.exec(select(AuditEvent).where(
            AuditEvent.action == "feit-gewijzigd"))]
        assert subjects == ["sluiting", "kinderen-in-huishouden", "bewoner-betrokken"]
    with pytest.raises(InvalidInput, match="eigendom: onbekende waarde 'huur'"), uow() as s:
        service.update_facts(session=s, reference=case.reference, actor="oov", now=T0,
                             tenure="huur")


def test_earlier_attacks_make_the_first_round_a_repeat(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, earlier_attacks="1")
        finish_phase(s, case.reference, T0)
        assert statuses(s, case.reference)["opschalen-herhaling"] == StepStatus.open


def test_one_blast_several_addresses_each_its_own_case_linked(uow, playbook) -> None:
    with uow() as s:
        first = create(s, playbook, T0)
    with uow() as s:
        second = create(s, playbook, T0, house_number="16", persons=[],
                        incident_with=first.reference)
        third = create(s, playbook, T0, object_type="voertuig", house_number="18", persons=[],
                       incident_with=second.reference)
    with uow() as s:
        first = get_case(s, first.reference)
        assert first.incident_id is not None
        assert [c.reference for c in linked_cases(s, first)] == [second.reference, third.reference]
        assert "incident-gekoppeld" in [e.action for e in s.exec(select(AuditEvent).where(
            AuditEvent.case_id == first.id))]
    with pytest.raises(InvalidInput, match="zelfde-incident-als"), uow() as s:
        create(s, playbook, T0, house_number="20", incident_with="GM9999-2025-0999")


def test_every_attack_is_kept_with_its_round(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, injured="2")
        service.report_attack(session=s, case=get_case(s, case.reference),
                              occurred_at=T0 + timedelta(days=1), kind=IncidentKind.poging,
                              actor="oov", now=T0 + timedelta(days=1), injured=0)
    with uow() as s:
        rows = s.exec(select(AttackRecord).order_by(AttackRecord.number)).all()  # type: ignore[arg-type]
        assert [(r.number, r.round, r.injured, r.incident_kind) for r in rows] == [
            (1, 1, 2, "aanslag"), (2, 2, 0, "poging")]


def _decision(s, case, **values) -> Decision:  # type: ignore[no-untyped-def]
    row = Decision(case_id=case.id, created_at=T0, updated_at=T0, **values)
    s.add(row)
    s.flush()
    return row


def test_due_anchors_come_from_the_closure_decision(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
        finish_phase(s, case.reference, T0)
        service.update_facts(session=s, reference=case.reference, actor="oov", now=T0,
                             closure=True)
    with uow() as s:
        case = get_case(s, case.reference)
        assert decision_anchors(s, [case]) == {}
        closure = _decision(s, case, kind="sluiting", status="bekendgemaakt",
                            start_date=date(2025, 3, 8), duration_days=30,
                            made_known_on=date(2025, 3, 7))
        anchors = decision_anchors(s, [case])[case.id]
        assert anchors[DueAnchor.closure_start] == local("2025-03-08 00:00")
        assert anchors[DueAnchor.closure_end] == local("2025-04-07 00:00")
        assert anchors[DueAnchor.made_known] == local("2025-03-07 00:00")
        _decision(s, case, kind="verlenging", status="genomen", parent_id=closure.id,
                  start_date=date(2025, 4, 7), duration_days=14)
        assert decision_anchors(s, [case])[case.id][DueAnchor.closure_end] == local(
            "2025-04-21 00:00")
    with uow() as s:
        case = get_case(s, case.reference)
        finish_phase(s, case.reference, T0)
        view = overview(s, get_case(s, case.reference), T0)
        items = {i.step.id: i for b in view.blocks for i in b.items}
        # "Extend or lift" is due before the (extended) closure ends, not 28 days after.
        assert items["sluiting-verlengen-of-opheffen"].due == local("2025-04-19 00:00")


def test_local_moment_anchors_a_local_step(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    with pytest.raises(NotFound, match="niet gedeclareerd"), uow() as s:
        record_moment(session=s, reference=case.reference, anchor="onbekend", at=T0,
                      actor="oov", now=T0)
    with pytest.raises(NotAllowed), uow() as s:
        record_moment(session=s, reference=case.reference, anchor="closure_start", at=T0,
                      actor="oov", now=T0)
    with uow() as s:
        record_moment(session=s, reference=case.reference, anchor="wijkschouw",
                      at=local("2025-03-10 14:00"), actor="oov", now=local("2025-03-10 15:00"))
    with uow() as s:
        case = get_case(s, case.reference)
        for _ in range(2):
            finish_phase(s, case.reference, local("2025-03-11 12:00"))
        view = overview(s, get_case(s, case.reference), local("2025-03-11 12:00"))
        items = {i.step.id: i for b in view.blocks for i in b.items}
        assert items["schouw-opvolgen"].due == local("2025-03-24 14:00")
        assert "moment-vastgelegd" in [e.action for e in s.exec(select(AuditEvent))]
