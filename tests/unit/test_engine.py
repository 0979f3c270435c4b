"""The pure engine: applicability, phase paths, guard, due times, thread safety."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from playbook.definition.enums import IncidentKind, ObjectType, StepStatus
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import checklist, machine
from playbook.engine.snapshot import CaseFacts, CaseSnapshot, StepRecord
from playbook.errors import NotAllowed
from tests.conftest import local

INCIDENT_AT = local("2025-03-07 02:40")


def facts(**kw) -> CaseFacts:  # type: ignore[no-untyped-def]
    return CaseFacts(object_type=kw.pop("object_type", ObjectType.woning),
                     incident_kind=kw.pop("incident_kind", IncidentKind.aanslag), **kw)


def snap(phase: str, **kw) -> CaseSnapshot:  # type: ignore[no-untyped-def]
    return CaseSnapshot(phase=phase, round=kw.pop("round", 1), incident_at=INCIDENT_AT,
                        facts=kw.pop("facts", facts()), **kw)


def ids(items: list[checklist.StepItem], status: StepStatus) -> set[str]:
    return {i.step.id for i in items if i.status == status}


def test_vehicle_has_no_closure_route(playbook: Playbook) -> None:
    items = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        object_type=ObjectType.voertuig, closure=True)), "eerste-nazorg", INCIDENT_AT)
    na = ids(items, StepStatus.not_applicable)
    assert {"sluitingsbesluit", "sluitingsbesluit-bedrijf", "verzoek-bestuurlijke-rapportage"} <= na
    assert "omstanders-voertuig" in ids(items, StepStatus.open)


def test_applicability_follows_closure_self_reliance_and_repeat(playbook: Playbook) -> None:
    now = INCIDENT_AT
    plain = checklist.phase_items(playbook, snap("eerste-nazorg"), "eerste-nazorg", now)
    assert {"sluitingsbesluit", "tijdelijke-huisvesting", "opschalen-herhaling"} <= ids(
        plain, StepStatus.not_applicable)
    closing = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        closure=True, not_self_reliant=True, repeat=True)), "eerste-nazorg", now)
    assert {"sluitingsbesluit", "tijdelijke-huisvesting", "opschalen-herhaling"} <= ids(
        closing, StepStatus.open)
    business = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        object_type=ObjectType.bedrijfspand, closure=True)), "eerste-nazorg", now)
    assert "sluitingsbesluit-bedrijf" in ids(business, StepStatus.open)
    assert "sluitingsbesluit" in ids(business, StepStatus.not_applicable)


def test_device_found_needs_eod_but_threat_needs_no_resident_letter(playbook: Playbook) -> None:
    found = checklist.phase_items(playbook, snap("incident", facts=facts(
        incident_kind=IncidentKind.aantreffen_explosief)), "incident", INCIDENT_AT)
    assert "eod-inzet" in ids(found, StepStatus.open)
    threat = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        incident_kind=IncidentKind.dreiging)), "eerste-nazorg", INCIDENT_AT)
    assert "bewonersbrief" in ids(threat, StepStatus.not_applicable)


def test_due_times_and_overdue(playbook: Playbook) -> None:
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("incident"), "incident", INCIDENT_AT + timedelta(hours=2))}
    assert items["burgemeester-informeren"].due == INCIDENT_AT + timedelta(hours=1)
    assert items["burgemeester-informeren"].overdue
    assert items["bouwkundige-veiligheid"].due == INCIDENT_AT + timedelta(hours=6)
    assert not items["bouwkundige-veiligheid"].overdue
    assert items["noodbevel-overwegen"].due is None


def test_due_after_another_step_is_unknown_until_that_step_is_done(playbook: Playbook) -> None:
    requested = local("2025-03-07 11:00")
    before = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("eerste-nazorg"), "eerste-nazorg", requested)}
    assert before["bestuurlijke-rapportage-ontvangen"].due is None
    done = {(1, "verzoek-bestuurlijke-rapportage"): StepRecord(StepStatus.done, "oov", requested)}
    after = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("eerste-nazorg", records=done), "eerste-nazorg", requested)}
    assert after["bestuurlijke-rapportage-ontvangen"].due == local("2025-03-08 11:00")


def test_done_step_is_not_overdue_and_left_phase_is_never_overdue(playbook: Playbook) -> None:
    late = INCIDENT_AT + timedelta(days=30)
    records = {(1, "burgemeester-informeren"): StepRecord(StepStatus.done, "politie", late)}
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("incident", records=records), "incident", late)}
    assert not items["burgemeester-informeren"].overdue
    assert items["bouwkundige-veiligheid"].overdue
    left = checklist.phase_items(playbook, snap("nazorg"), "incident", late)
    assert not any(i.overdue for i in left)


def test_blockers_are_mandatory_open_steps_only(playbook: Playbook) -> None:
    blocking = {i.step.id for i in checklist.blockers(playbook, snap("incident"), INCIDENT_AT)}
    assert blocking == {"alarmering-afzetting", "burgemeester-informeren",
                        "bouwkundige-veiligheid", "evacuatie-opvang"}
    skipped = {(1, s): StepRecord(StepStatus.skipped, "oov", INCIDENT_AT, "reden") for s in blocking}
    assert checklist.blockers(playbook, snap("incident", records=skipped), INCIDENT_AT) == []


@pytest.mark.parametrize(("phase", "trigger", "expected"), [
    ("dreiging", machine.ADVANCE, CLOSED),            # threat passes without explosion
    ("dreiging", machine.ATTACK, "incident"),         # threat becomes an attack
    ("incident", machine.ADVANCE, "eerste-nazorg"),
    ("eerste-nazorg", machine.ADVANCE, "nazorg"),
    ("nazorg", machine.ADVANCE, "herstel"),
    ("herstel", machine.ADVANCE, CLOSED),
    ("nazorg", machine.ATTACK, "eerste-nazorg"),      # repeat re-enters first response
    ("herstel", machine.ATTACK, "eerste-nazorg"),
    (CLOSED, machine.ATTACK, "eerste-nazorg"),        # recent closed case reopens
])
def test_paths_follow_the_domain(playbook: Playbook, phase: str, trigger: str, expected: str) -> None:
    assert machine.fire(playbook, phase, trigger, lambda: True) == expected


def test_closed_threat_case_hit_by_its_first_attack_starts_at_incident(playbook: Playbook) -> None:
    assert machine.fire(playbook, CLOSED, machine.ATTACK, lambda: True, first_attack=True) == "incident"


def test_guard_refuses_and_wrong_moves_raise(playbook: Playbook) -> None:
    assert machine.fire(playbook, "incident", machine.ADVANCE, lambda: False) is None
    with pytest.raises(NotAllowed, match="Gesloten"):
        machine.fire(playbook, CLOSED, machine.ADVANCE, lambda: True)
    with pytest.raises(NotAllowed):
        machine.fire(playbook, "incident", "to_gesloten", lambda: True)


def test_no_auto_transitions_that_bypass_the_guard(playbook: Playbook) -> None:
    model = machine.PhaseModel("incident", lambda: False)
    machine.build(playbook, model)
    assert not hasattr(model, "to_gesloten")
    assert model.trigger(machine.ADVANCE) is False  # type: ignore[attr-defined]
    assert model.state == "incident"


def test_machine_is_safe_from_many_threads(playbook: Playbook) -> None:
    """A shared unlocked machine failed most operations under threads; ours builds per use."""
    route = [(machine.ATTACK, "incident"), (machine.ADVANCE, "eerste-nazorg"),
             (machine.ADVANCE, "nazorg"), (machine.ATTACK, "eerste-nazorg"),
             (machine.ADVANCE, "nazorg"), (machine.ADVANCE, "herstel"), (machine.ADVANCE, CLOSED)]

    def walk(_: int) -> bool:
        phase = "dreiging"
        for trigger, expected in route:
            phase = machine.fire(playbook, phase, trigger, lambda: True)  # type: ignore[assignment]
            if phase != expected:
                return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(walk, range(400)))
    assert all(results) and len(results) == 400


def test_mermaid_diagram_shows_every_phase_and_the_guard(playbook: Playbook) -> None:
    text = machine.diagram(playbook, "mermaid")
    assert isinstance(text, str) and "stateDiagram-v2" in text
    for phase in [*(p.id for p in playbook.phases), CLOSED]:
        assert f'state "{phase}"' in text
    assert "volgende [phase_complete]" in text and "aanslag" in text
