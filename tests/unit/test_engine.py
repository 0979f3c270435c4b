"""The pure engine: applicability, phase paths, guard, due times, thread safety."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from playbook.definition.enums import BusinessKind, IncidentKind, ObjectType, StepStatus, Tenure
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
    return CaseSnapshot(phase=phase, round=kw.pop("round", 1),
                        incident_at=kw.pop("incident_at", INCIDENT_AT),
                        facts=kw.pop("facts", facts()), **kw)


def ids(items: list[checklist.StepItem], status: StepStatus) -> set[str]:
    return {i.step.id for i in items if i.status == status}


def test_vehicle_in_the_street_has_no_closure_route(playbook: Playbook) -> None:
    items = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        object_type=ObjectType.voertuig, closure=True)), "eerste-nazorg", INCIDENT_AT)
    na = ids(items, StepStatus.not_applicable)
    assert {"sluitingsbesluit", "sluitingsbesluit-bedrijf", "verzoek-bestuurlijke-rapportage",
            "sluiting-woning-na-voertuig", "besluit-sluiting-overwegen"} <= na
    assert "omstanders-voertuig" in ids(items, StepStatus.open)


def test_vehicle_at_the_home_offers_closing_that_home(playbook: Playbook) -> None:
    """174a lid 1 b: violence 'in de onmiddellijke nabijheid' of the home can ground closure."""
    at_home = facts(object_type=ObjectType.voertuig, vehicle_at_home=True)
    items = checklist.phase_items(playbook, snap("eerste-nazorg", facts=at_home),
                                  "eerste-nazorg", INCIDENT_AT)
    assert {"sluiting-woning-na-voertuig", "besluit-sluiting-overwegen",
            "verzoek-bestuurlijke-rapportage"} <= ids(items, StepStatus.open)
    assert "omstanders-voertuig" in ids(items, StepStatus.not_applicable)
    closing = checklist.phase_items(playbook, snap("eerste-nazorg", facts=facts(
        object_type=ObjectType.voertuig, vehicle_at_home=True, closure=True)),
        "eerste-nazorg", INCIDENT_AT)
    assert "sluitingsbesluit" in ids(closing, StepStatus.open)


def test_shelter_follows_displaced_residents_for_any_object_type(playbook: Playbook) -> None:
    night = ("evacuatie-opvang", "salvage-inschakelen", "bewoonbaarheid-beoordelen")
    shop = facts(object_type=ObjectType.bedrijfspand, mixed_use=True, residents_displaced=True)
    car = facts(object_type=ObjectType.voertuig, residents_displaced=True)
    for displaced in (shop, car):
        items = checklist.phase_items(playbook, snap("incident", facts=displaced), "incident",
                                      INCIDENT_AT)
        assert set(night) <= ids(items, StepStatus.open)
    street = checklist.phase_items(playbook, snap("incident", facts=facts(
        object_type=ObjectType.voertuig)), "incident", INCIDENT_AT)
    assert set(night).isdisjoint(ids(street, StepStatus.open))


def test_injured_go_to_the_ambulance_service_and_police_inform_next_of_kin(
        playbook: Playbook) -> None:
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("incident", facts=facts(injured=True)), "incident", INCIDENT_AT)}
    assert items["gewonden-zorg"].step.partner == "ambulancezorg"
    assert playbook.partner_name("ambulancezorg") == "Ambulancezorg"
    assert items["naasten-informeren"].status == StepStatus.open
    assert items["naasten-informeren"].step.partner == "politie"


def test_first_response_order_and_due_anchors_from_the_decision(playbook: Playbook) -> None:
    received = local("2025-03-07 15:00")
    records = {(1, "bestuurlijke-rapportage-ontvangen"): StepRecord(StepStatus.done, "politie",
                                                                   received)}
    start, end = local("2025-03-08 10:00"), local("2025-04-07 00:00")
    anchors = {"closure_start": start, "closure_end": end, "made_known": local("2025-03-08 00:00")}
    closing = facts(closure=True, not_self_reliant=True)
    first = {i.step.id: i for i in checklist.phase_items(playbook, snap(
        "eerste-nazorg", facts=closing, records=records, anchors=anchors), "eerste-nazorg",
        received)}
    # The intent-to-close letter is due after the police report, not before it can arrive.
    assert first["zienswijze-of-spoed"].due == received + timedelta(hours=24)
    assert first["verzegeling"].due == start + timedelta(hours=2)  # sealed at the stated hour
    assert first["tijdelijke-huisvesting"].due == start  # housing before the closure starts
    later = {i.step.id: i for i in checklist.phase_items(playbook, snap(
        "nazorg", facts=closing, anchors=anchors), "nazorg", received)}
    assert later["sluiting-verlengen-of-opheffen"].due == end - timedelta(days=2)
    assert later["zienswijze-verlenging"].due == end - timedelta(days=14)
    assert later["periodieke-toets-sluiting"].due == start + timedelta(days=14)
    no_decision = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("nazorg", facts=closing), "nazorg", received)}
    assert no_decision["sluiting-verlengen-of-opheffen"].due is None


def test_extend_or_lift_is_completed_by_both_decisions_and_each_has_its_letter(
        playbook: Playbook) -> None:
    _, step = playbook.step("sluiting-verlengen-of-opheffen")  # type: ignore[misc]
    assert {e.value for e in step.completed_by} == {"verlenging.genomen", "opheffing.genomen"}
    assert {s.id for _, s in playbook.producing("verlengingsbesluit")} == {"verlenging-bekendmaken"}
    assert {s.id for _, s in playbook.producing("opheffingsbesluit")} == {"opheffing-bekendmaken"}
    # Early lifting is a step of its own, ticked by the lifting decision too.
    assert {s.id for _, s in playbook.completed_by(step.completed_by[1])} == {
        "sluiting-verlengen-of-opheffen", "vervroegd-opheffen"}


def test_victim_support_has_two_routes_both_within_24_hours(playbook: Playbook) -> None:
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("eerste-nazorg"), "eerste-nazorg", INCIDENT_AT)}
    police, municipality = items["slachtofferhulp-via-aangifte"], items["verwijzing-slachtofferhulp"]
    assert police.step.partner == "politie" and "4:2 Besluit politiegegevens" in (
        police.step.legal_basis or "")
    assert municipality.step.partner == "gemeente" and "toestemming" in (
        municipality.step.legal_basis or "")
    assert police.due == municipality.due == INCIDENT_AT + timedelta(hours=24)


def test_threat_phase_owners_and_the_warning_talk_at_once(playbook: Playbook) -> None:
    threat = facts(incident_kind=IncidentKind.dreiging, tenure=Tenure.sociale_huur)
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("dreiging", facts=threat), "dreiging", INCIDENT_AT)}
    assert items["doelwit-informeren"].due == INCIDENT_AT
    assert items["bescherming-personen"].step.partner == "om"
    assert items["dreiging-beoordelen"].step.partner == "politie"
    assert items["fysieke-maatregelen-advies"].status == StepStatus.open
    assert items["verhuurder-informeren"].status == StepStatus.open
    owner = {i.step.id: i for i in checklist.phase_items(playbook, snap("dreiging", facts=facts(
        incident_kind=IncidentKind.dreiging, tenure=Tenure.koop)), "dreiging", INCIDENT_AT)}
    assert owner["verhuurder-informeren"].status == StepStatus.not_applicable


def test_shop_and_horeca_get_their_own_steps(playbook: Playbook) -> None:
    shop = facts(object_type=ObjectType.bedrijfspand, business_kind=BusinessKind.horeca,
                 closure=True)
    first = ids(checklist.phase_items(playbook, snap("eerste-nazorg", facts=shop),
                                      "eerste-nazorg", INCIDENT_AT), StepStatus.open)
    assert "ondernemer-steun" in first
    recovery = ids(checklist.phase_items(playbook, snap("herstel", facts=shop), "herstel",
                                         INCIDENT_AT), StepStatus.open)
    assert "heropening-bedrijf" in recovery
    home = ids(checklist.phase_items(playbook, snap("eerste-nazorg"), "eerste-nazorg",
                                     INCIDENT_AT), StepStatus.not_applicable)
    assert "ondernemer-steun" in home


def test_tenancy_protects_a_non_involved_household_and_costs_only_from_an_offender(
        playbook: Playbook) -> None:
    tenant = facts(closure=True, tenure=Tenure.sociale_huur)
    first = {i.step.id: i.status for i in checklist.phase_items(
        playbook, snap("eerste-nazorg", facts=tenant), "eerste-nazorg", INCIDENT_AT)}
    assert first["huur-afspraken"] == StepStatus.open
    assert "7:231 lid 2 BW" in (playbook.step("huur-afspraken")[1].legal_basis or "")  # type: ignore[index]
    recovery = {i.step.id: i.status for i in checklist.phase_items(
        playbook, snap("herstel", facts=tenant), "herstel", INCIDENT_AT)}
    assert recovery["kostenverhaal"] == StepStatus.not_applicable
    assert recovery["herstel-verhuurder"] == StepStatus.open
    offender = facts(closure=True, tenure=Tenure.sociale_huur, occupant_involved=True)
    first = {i.step.id: i.status for i in checklist.phase_items(
        playbook, snap("eerste-nazorg", facts=offender), "eerste-nazorg", INCIDENT_AT)}
    assert first["huur-afspraken"] == StepStatus.not_applicable
    recovery = {i.step.id: i.status for i in checklist.phase_items(
        playbook, snap("herstel", facts=offender), "herstel", INCIDENT_AT)}
    assert recovery["kostenverhaal"] == StepStatus.open


def test_recovery_lists_insurance_fund_injured_party_and_emergency_fund(
        playbook: Playbook) -> None:
    items = {i.step.id: i for i in checklist.phase_items(
        playbook, snap("herstel", facts=facts(injured=True, tenure=Tenure.koop)), "herstel",
        INCIDENT_AT)}
    assert items["herstel-schade"].step.partner == "verzekeraar"
    assert items["herstel-verhuurder"].status == StepStatus.not_applicable  # owner-occupied
    for step in ("schadefonds", "benadeelde-partij", "gemeentelijk-noodfonds"):
        assert items[step].status == StepStatus.open, step


def test_area_measures_follow_their_conditions(playbook: Playbook) -> None:
    _, ban = playbook.step("gebiedsverbod")  # type: ignore[misc]
    assert "verordening" in ban.instruction.lower() or "apv" in ban.instruction.lower()
    assert "verdachten" not in ban.instruction
    _, area = playbook.step("veiligheidsrisicogebied")  # type: ignore[misc]
    assert area.applies_when.repeat is None and area.mandatory is False
    assert "geen maatregel per adres" in area.instruction


def test_an_earlier_round_keeps_its_own_facts(playbook: Playbook) -> None:
    first = facts(injured=True)
    second = facts(injured=False, repeat=True)
    state = snap("incident", round=2, facts=second, round_facts={1: first},
                 round_incident_at={1: INCIDENT_AT, 2: INCIDENT_AT + timedelta(days=20)},
                 incident_at=INCIDENT_AT + timedelta(days=20))
    old = {i.step.id: i for i in checklist.phase_items(playbook, state, "incident", INCIDENT_AT,
                                                        round_=1)}
    new = {i.step.id: i for i in checklist.phase_items(playbook, state, "incident", INCIDENT_AT)}
    assert old["gewonden-zorg"].status == StepStatus.open
    assert old["alarmering-afzetting"].due == INCIDENT_AT + timedelta(hours=1)
    assert new["gewonden-zorg"].status == StepStatus.not_applicable
    assert new["alarmering-afzetting"].due == INCIDENT_AT + timedelta(days=20, hours=1)


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
    home = snap("incident", facts=facts(residents_displaced=True))
    blocking = {i.step.id for i in checklist.blockers(playbook, home, INCIDENT_AT)}
    assert blocking == {"alarmering-afzetting", "burgemeester-informeren",
                        "bouwkundige-veiligheid", "salvage-inschakelen",
                        "bewoonbaarheid-beoordelen", "evacuatie-opvang"}
    skipped = {(1, s): StepRecord(StepStatus.skipped, "oov", INCIDENT_AT, "reden") for s in blocking}
    skipped_home = snap("incident", facts=facts(residents_displaced=True), records=skipped)
    assert checklist.blockers(playbook, skipped_home, INCIDENT_AT) == []


@pytest.mark.parametrize(("phase", "trigger", "expected"), [
    ("dreiging", machine.ADVANCE, CLOSED),            # threat passes without explosion
    ("dreiging", machine.ATTACK, "incident"),         # threat becomes an attack
    ("incident", machine.ADVANCE, "eerste-nazorg"),
    ("eerste-nazorg", machine.ADVANCE, "nazorg"),
    ("nazorg", machine.ADVANCE, "herstel"),
    ("herstel", machine.ADVANCE, CLOSED),
    ("eerste-nazorg", machine.ATTACK, "incident"),    # a repeat re-enters the acute phase
    ("nazorg", machine.ATTACK, "incident"),
    ("herstel", machine.ATTACK, "incident"),
    ("incident", machine.ATTACK, "incident"),
    (CLOSED, machine.ATTACK, "incident"),             # recent closed case reopens at Incident
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
             (machine.ADVANCE, "nazorg"), (machine.ATTACK, "incident"),
             (machine.ADVANCE, "eerste-nazorg"), (machine.ADVANCE, "nazorg"), (machine.ADVANCE, "herstel"), (machine.ADVANCE, CLOSED)]

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


def test_an_earlier_round_keeps_the_due_times_of_its_own_closure(playbook: Playbook) -> None:
    """The case keeps only its current closure's moments. A round-1 step anchored on the
    closure shows the due time stored while it was open, never the second closure's date
    (the demo's whole-case checklist once showed round 1's sealing due on round 2's day)."""
    first_start, second_start = local("2025-03-08 12:00"), local("2025-04-03 12:00")
    sealed = StepRecord(StepStatus.done, "oov", first_start + timedelta(hours=1))
    second = INCIDENT_AT + timedelta(days=26)

    def state(**kw) -> CaseSnapshot:  # type: ignore[no-untyped-def]
        return snap("eerste-nazorg", round=2, facts=facts(closure=True, repeat=True),
                    round_facts={1: facts(closure=True)},
                    round_incident_at={1: INCIDENT_AT, 2: second}, incident_at=second,
                    anchors={"closure_start": second_start},
                    records={(1, "verzegeling"): sealed}, **kw)

    def sealing(s: CaseSnapshot, round_: int) -> checklist.StepItem:
        return next(i for i in checklist.phase_items(playbook, s, "eerste-nazorg", second,
                                                      round_=round_)
                    if i.step.id == "verzegeling")

    kept = state(dues={(1, "verzegeling"): first_start + timedelta(hours=2)})
    assert sealing(kept, 1).due == first_start + timedelta(hours=2)
    assert sealing(kept, 2).due == second_start + timedelta(hours=2)  # open now: its closure
    assert sealing(kept, 2).status == StepStatus.open
    assert sealing(state(), 1).due is None  # never stored: unknown, not another round's date


def test_a_settled_step_keeps_its_due_time_when_a_decision_moves_the_anchor(
        playbook: Playbook) -> None:
    """An extension or lifting moves the closure's end: an open step follows it, a step
    already done keeps the due time it had (else it would read as done long before its
    deadline, or after it)."""
    first_end, lifted = local("2025-03-29 12:00"), local("2025-03-26 00:00")
    step = "sluiting-verlengen-of-opheffen"
    stored = {(1, step): first_end - timedelta(days=2)}
    closure = facts(closure=True)

    def due(records: dict[tuple[int, str], StepRecord]) -> object:
        items = checklist.phase_items(playbook, snap(
            "nazorg", facts=closure, anchors={"closure_end": lifted}, dues=stored,
            records=records), "nazorg", lifted)
        return next(i.due for i in items if i.step.id == step)

    done = {(1, step): StepRecord(StepStatus.done, "burgemeester", local("2025-03-25 15:00"))}
    assert due(done) == first_end - timedelta(days=2)
    assert due({}) == lifted - timedelta(days=2)


def test_one_step_and_the_dated_steps_read_as_in_the_whole_phase(playbook: Playbook) -> None:
    """A step change checks only its own step, and the read model evaluates only the steps
    with a due time beyond the current phase: each item must be the one the whole phase gives,
    or a list loses work or a step is refused for a status it does not have."""
    done = StepRecord(StepStatus.done, "oov", INCIDENT_AT + timedelta(hours=3))
    states = [
        snap("incident"),
        snap("eerste-nazorg", facts=facts(closure=True, not_self_reliant=True),
             records={(1, "verzoek-bestuurlijke-rapportage"): done},
             anchors={"closure_start": INCIDENT_AT + timedelta(days=1)}),
        snap("nazorg", round=2, facts=facts(closure=True, repeat=True, attacks=2),
             entered={(2, "nazorg"): INCIDENT_AT + timedelta(days=9)},
             anchors={"closure_end": INCIDENT_AT + timedelta(days=20),
                      "area_ban_end": INCIDENT_AT + timedelta(days=40)}),
    ]
    seen_dated = 0
    for state in states:
        for now in (INCIDENT_AT + timedelta(hours=2), INCIDENT_AT + timedelta(days=60)):
            for phase in playbook.ordered_phases:
                whole = checklist.phase_items(playbook, state, phase.id, now)
                dated = checklist.phase_items(playbook, state, phase.id, now, dated=True)
                assert dated == [i for i in whole if i.step.due is not None]
                assert [checklist.step_item(playbook, state, phase.id, i.step, now)
                        for i in whole] == whole
                seen_dated += sum(i.due is not None and i.status == StepStatus.open
                                  for i in dated)
    assert seen_dated > 20  # the states reach open steps with a due time in several phases
