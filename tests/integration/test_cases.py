"""Case rules on real databases: every test runs on SQLite and on PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from playbook.cases import service
from playbook.cases.overview import due_items, overview
from playbook.cases.repository import get_case
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED
from playbook.errors import InvalidInput, NotAllowed, NotFound, PhaseBlocked
from playbook.storage.tables import AuditEvent, Case, Person, PhaseEntry, StepState
from tests.conftest import local
from tests.integration.helpers import audit_actions, count, create, finish_phase

T0 = local("2025-03-07 03:00")


def test_explosion_without_threat_starts_at_incident(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    with uow() as s:
        case = get_case(s, case.reference)
        assert case.reference == "GM9999-2025-0001"
        assert (case.phase, case.round, case.attacks) == ("incident", 1, 1)
        assert audit_actions(s, case) == ["zaak-aangemaakt", "persoon-toegevoegd"]
        entry = s.exec(select(PhaseEntry)).one()
        assert (entry.phase, entry.trigger, entry.actor) == ("incident", "aanmaken", "oov")


def test_threat_case_closes_without_explosion(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, incident_kind="dreiging")
        assert case.phase == "dreiging" and case.attacks == 0
    with uow() as s:
        assert finish_phase(s, case.reference, T0 + timedelta(days=3)) == CLOSED
    with uow() as s:
        assert get_case(s, case.reference).closed_at == T0 + timedelta(days=3)


def test_phase_refuses_to_close_and_names_open_steps(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    with uow() as s:
        version = get_case(s, case.reference).version
        service.set_step(session=s, reference=case.reference, step_id="alarmering-afzetting",
                         status=StepStatus.done, actor="politie", now=T0)
    with pytest.raises(PhaseBlocked) as err, uow() as s:
        service.advance(session=s, reference=case.reference, actor="oov", now=T0)
    assert "De fase 'Incident' kan nog niet worden afgesloten" in err.value.message
    assert "[burgemeester-informeren]" in err.value.message
    assert "[alarmering-afzetting]" not in err.value.message  # done
    assert "[noodbevel-overwegen]" not in err.value.message  # optional
    with uow() as s:
        case = get_case(s, case.reference)
        assert case.phase == "incident" and case.version == version + 1
        assert "fase-gewijzigd" not in audit_actions(s, case)


def test_skip_needs_reason_and_is_recorded(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    for reason in (None, "  "):
        with pytest.raises(InvalidInput, match="kan alleen met een reden"), uow() as s:
            service.set_step(session=s, reference=case.reference, step_id="evacuatie-opvang",
                             status=StepStatus.skipped, reason=reason, actor="oov", now=T0)
    with uow() as s:
        service.set_step(session=s, reference=case.reference, step_id="evacuatie-opvang",
                         status=StepStatus.skipped, reason="Bewoners bleven bij familie",
                         actor="oov", now=T0)
    with uow() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "stap-gewijzigd")).one()
        assert (event.subject, event.old, event.new, event.reason, event.actor) == (
            "evacuatie-opvang", "open", "overgeslagen", "Bewoners bleven bij familie", "oov")


def test_step_errors_are_specific(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
    with pytest.raises(NotFound, match="Stap 'bestaat-niet' bestaat niet"), uow() as s:
        service.set_step(session=s, reference=case.reference, step_id="bestaat-niet",
                         status=StepStatus.done, actor="oov", now=T0)
    with pytest.raises(NotAllowed, match="niet van toepassing"), uow() as s:
        service.set_step(session=s, reference=case.reference, step_id="sluitingsbesluit",
                         status=StepStatus.done, actor="oov", now=T0)
    with pytest.raises(NotFound, match="Zaak 'GM9999-2025-0099' bestaat niet"), uow() as s:
        service.advance(session=s, reference="GM9999-2025-0099", actor="oov", now=T0)


def test_applicability_is_recomputed_when_facts_change(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0)
        assert finish_phase(s, case.reference, T0) == "eerste-nazorg"

    def statuses() -> dict[str, StepStatus]:
        with uow() as s:
            view = overview(s, get_case(s, case.reference), T0)
            return {i.step.id: i.status for i in view.blocks[0].items}

    assert statuses()["sluitingsbesluit"] == StepStatus.not_applicable
    with uow() as s:
        service.update_facts(session=s, reference=case.reference, actor="burgemeester", now=T0,
                             closure=True)
    now_open = statuses()
    assert now_open["sluitingsbesluit"] == StepStatus.open
    assert now_open["tijdelijke-huisvesting"] == StepStatus.open  # a resident is not self-reliant
    with uow() as s:
        service.update_facts(session=s, reference=case.reference, actor="burgemeester", now=T0,
                             closure=False)
        assert list(audit_actions(s, get_case(s, case.reference))).count("feit-gewijzigd") == 2
    assert statuses()["sluitingsbesluit"] == StepStatus.not_applicable


def test_repeat_attack_reenters_incident_as_a_new_round(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, injured="1")
        finish_phase(s, case.reference, T0)
        finish_phase(s, case.reference, T0 + timedelta(days=2))
        assert get_case(s, case.reference).phase == "nazorg"
    second = local("2025-04-02 01:10")
    with uow() as s:
        again = create(s, playbook, second + timedelta(minutes=30), occurred_at="2025-04-02 01:10",
                       persons=[])
    assert again.reference == case.reference
    with uow() as s:
        case = get_case(s, case.reference)
        assert (case.phase, case.round, case.attacks) == ("incident", 2, 2)
        assert case.incident_at == second
        view = overview(s, case, second)
        # The acute steps apply again: cordon, building safety, shelter.
        blocking = {i.step.id for i in view.blockers}
        assert {"alarmering-afzetting", "bouwkundige-veiligheid", "evacuatie-opvang"} <= blocking
        # This round has its own facts: nobody was hurt this time.
        assert "gewonden-zorg" not in blocking
        # open steps of the phase that was left are closed on the record by the system
        left = s.exec(select(StepState).where(StepState.round == 1, StepState.actor == "systeem")).all()
        assert left and all(r.status == "overgeslagen" and "aanslag" in (r.reason or "") for r in left)
        whole = overview(s, case, second, whole_case=True)
        first_incident = next(b for b in whole.blocks if (b.round, b.phase.id) == (1, "incident"))
        items = {i.step.id: i for i in first_incident.items}
        # Nothing done in an earlier round is lost, and that round keeps its own facts.
        assert items["alarmering-afzetting"].status == StepStatus.done
        assert items["gewonden-zorg"].status == StepStatus.done
        assert items["alarmering-afzetting"].due == local("2025-03-07 03:40")
    with uow() as s:
        assert finish_phase(s, case.reference, second) == "eerste-nazorg"
    with uow() as s:
        view = overview(s, get_case(s, case.reference), second)
        blocking = {i.step.id for i in view.blockers}
        assert {"opschalen-herhaling", "driehoeksoverleg", "dreiging-herbeoordelen"} <= blocking


def test_closed_case_reopens_only_within_the_repeat_window(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, T0, incident_kind="dreiging")
        finish_phase(s, case.reference, T0)
    with uow() as s:
        reopened = create(s, playbook, local("2025-06-01 12:00"), occurred_at="2025-06-01 03:00")
    assert reopened.reference == case.reference
    with uow() as s:
        case = get_case(s, case.reference)
        # first explosion after a threat is not a repeat
        assert (case.phase, case.round, case.attacks, case.closed_at) == ("incident", 1, 1, None)
        assert not overview(s, case, local("2025-06-01 12:00")).snapshot.facts.repeat
        for _ in range(4):
            finish_phase(s, case.reference, local("2025-06-02 12:00"))
        assert get_case(s, case.reference).phase == CLOSED
    with uow() as s:
        later = create(s, playbook, local("2026-09-01 12:00"), occurred_at="2026-09-01 03:00")
    assert later.reference != case.reference and later.phase == "incident"


def test_case_stays_on_its_playbook_until_migrated(uow, playbook, tmp_path) -> None:
    from playbook.definition.loader import load_playbook
    from playbook.resources import data_dir
    from tests.unit.test_definition import edit_yaml

    with uow() as s:
        case = create(s, playbook, T0)
    import shutil

    phases = tmp_path / "phases"
    shutil.copytree(data_dir("phases"), phases)
    edit_yaml(phases / "2-incident.yaml", lambda d: d["steps"].append({
        "id": "buurt-afsluiten", "title": "Buurt afsluiten", "instruction": "Zet de straat af.",
        "partner": "politie", "source": "art. 172 Gemeentewet"}))
    newer = load_playbook(phases, data_dir("municipalities") / "voorbeeld.yaml")
    with uow() as s:
        other = create(s, newer, T0, house_number="20", persons=[])
        assert other.playbook_id != case.playbook_id
    with uow() as s:
        steps = {i.step.id for i in overview(s, get_case(s, case.reference), T0).blocks[0].items}
        assert "buurt-afsluiten" not in steps  # editing phases/ never changes a running case
    with pytest.raises(InvalidInput, match="reden"), uow() as s:
        service.migrate_playbook(session=s, reference=case.reference, playbook=newer,
                                 actor="admin", now=T0, reason="")
    with uow() as s:
        service.migrate_playbook(session=s, reference=case.reference, playbook=newer,
                                 actor="admin", now=T0, reason="Nieuwe landelijke versie")
    with uow() as s:
        case = get_case(s, case.reference)
        assert "buurt-afsluiten" in {i.step.id for i in overview(s, case, T0).blocks[0].items}
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "draaiboek-gemigreerd")).one()
        assert event.reason == "Nieuwe landelijke versie" and event.actor == "admin"
    with pytest.raises(NotAllowed, match="al"), uow() as s:
        service.migrate_playbook(session=s, reference=case.reference, playbook=newer,
                                 actor="admin", now=T0, reason="nogmaals")


def test_failure_leaves_nothing_half_written(uow, playbook) -> None:
    with pytest.raises(RuntimeError), uow() as s:
        create(s, playbook, T0)
        raise RuntimeError("crash after the change, before commit")
    with uow() as s:
        assert count(s, Case) == 0 and count(s, AuditEvent) == 0 and count(s, PhaseEntry) == 0


@pytest.mark.parametrize("statement", ["UPDATE audit SET actor = 'x'", "DELETE FROM audit",
                                       "DELETE FROM fase_overgang"])
def test_history_tables_are_append_only(engine, uow, playbook, statement) -> None:
    with uow() as s:
        create(s, playbook, T0)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))


def test_timestamps_survive_as_aware_instants(uow, playbook) -> None:
    with uow() as s:
        case = create(s, playbook, local("2025-04-01 12:00"), occurred_at="2025-03-30 02:30+01:00")
    with uow() as s:
        stored = get_case(s, case.reference).occurred_at
    assert stored.tzinfo is not None and stored.utcoffset() == timedelta(0)
    assert stored == datetime(2025, 3, 30, 1, 30, tzinfo=UTC)  # 02:30+01:00, offset kept as instant


def test_invalid_intake_is_refused_in_dutch_and_writes_nothing(uow, playbook) -> None:
    from playbook.cases.intake import parse_intake
    from tests.integration.helpers import intake_data

    with pytest.raises(InvalidInput) as err:
        parse_intake(intake_data(postcode="999 AB", object_type="fiets",
                                 occurred_at="2099-01-01 10:00"), T0)
    assert "postcode: '999 AB' is geen geldige postcode" in err.value.message
    assert "objecttype: onbekende waarde 'fiets'; kies uit: 'woning', 'bedrijfspand'" in err.value.message
    with pytest.raises(InvalidInput, match="tijdstip: ligt in de toekomst"):
        parse_intake(intake_data(occurred_at="2025-03-07 04:00"), T0)
    with uow() as s:
        assert count(s, Case) == 0


def test_due_overview_lists_overdue_first(uow, playbook) -> None:
    with uow() as s:
        old = create(s, playbook, T0)
        fresh = create(s, playbook, local("2025-03-08 10:00"), house_number="30",
                       occurred_at="2025-03-08 09:30", persons=[])
    with uow() as s:
        items = due_items(s, local("2025-03-08 10:00"))
    assert items[0].item.overdue and items[0].case.reference == old.reference
    fresh_items = [d for d in items if d.case.reference == fresh.reference]
    assert fresh_items and not any(d.item.overdue for d in fresh_items if d.item.due > local("2025-03-08 10:00"))
    assert {d.item.step.id for d in items if d.case.reference == old.reference and d.item.overdue} >= {
        "burgemeester-informeren", "bouwkundige-veiligheid", "bewonersbrief"}


def test_a_baby_born_today_in_dutch_time_is_not_born_in_the_future(uow, playbook) -> None:
    """Registered at 00:30 in the Netherlands, when UTC still has the day before."""
    night = local("2026-03-10 00:30")
    assert night.astimezone(UTC).date() < night.date()
    with uow() as s:
        case = create(s, playbook, night.astimezone(UTC), occurred_at="2026-03-09 23:50",
                      persons=[{"name": "Baby K.", "role": "bewoner",
                                "birth_date": night.date().isoformat()}])
    with uow() as s:
        born = s.exec(select(Person.birth_date).where(Person.case_id == case.id,  # type: ignore[call-overload]
                                                      Person.name == "Baby K.")).one()
    assert born == night.date()
