"""A second case at the same address, in the same building or against the same person: the
warning before saving, the link, and the repeat steps, through the service, web, API and CLI."""

import os
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from playbook.cases import repeats
from playbook.cases.intake import parse_intake
from playbook.cases.repository import get_case, snapshot_of
from playbook.config import USER_TZ
from playbook.definition.enums import StepStatus
from playbook.definition.models import CLOSED, Playbook
from playbook.engine import checklist
from playbook.storage.tables import AuditEvent, Case
from playbook.storage.tables_repeats import CaseLink
from tests.e2e.test_cli import run_playbook
from tests.integration.helpers import intake_data
from tests.web.conftest import Browsers

Uow = Callable[[], AbstractContextManager[Session]]
NOW = datetime.now(UTC)
PERSON = {"name": "Mevrouw A. de Boer", "role": "bewoner", "birth_date": "1971-04-02"}


def local(moment: datetime) -> str:
    return moment.astimezone(USER_TZ).strftime("%Y-%m-%d %H:%M")


def register(uow: Uow, playbook: Playbook, confirmed: bool = False,
             **overrides: Any) -> tuple[str, list[repeats.Match]]:
    with uow() as s:
        case, created, matches = repeats.register_case(
            session=s, intake=parse_intake(intake_data(**overrides), NOW), playbook=playbook,
            actor="oov", now=NOW, confirmed=confirmed)
        assert created
        return case.reference, matches


def close_long_ago(uow: Uow, reference: str, days: int = 400) -> None:
    """Closed longer ago than the reopen window: a new attack there is a new case."""
    with uow() as s:
        case = get_case(s, reference)
        case.phase, case.closed_at = CLOSED, NOW - timedelta(days=days)
        s.add(case)


def repeat_steps(playbook: Playbook) -> list[tuple[str, str]]:
    return [(p.id, s.id) for p in playbook.ordered_phases for s in p.steps
            if s.applies_when.repeat]


def repeat_step_statuses(uow: Uow, playbook: Playbook, reference: str) -> set[StepStatus]:
    with uow() as s:
        case = get_case(s, reference)
        snap = snapshot_of(s, case)
        statuses = set()
        for phase_id, step_id in repeat_steps(playbook):
            for item in checklist.phase_items(playbook, snap, phase_id, NOW):
                if item.step.id == step_id:
                    statuses.add(item.status)
        return statuses


def count_cases(uow: Uow) -> int:
    with uow() as s:
        return s.exec(select(func.count()).select_from(Case)).one()


# Three kinds of earlier case, each with the intake of the second one.
SCENARIOS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "adres": ({"occurred_at": local(NOW - timedelta(days=500)), "house_suffix": "2"},
              {"house_suffix": "-2", "persons": []}),
    "pand": ({"occurred_at": local(NOW - timedelta(days=90)), "house_suffix": "A"},
             {"house_suffix": "b", "persons": []}),
    "persoon": ({"occurred_at": local(NOW - timedelta(days=200)), "persons": [PERSON]},
                {"street": "Kerkstraat", "house_number": "3", "house_suffix": None,
                 "postcode": "9999cd", "object_type": "voertuig",
                 "persons": [{**PERSON, "name": "mevrouw a.  de boer", "role": "doelwit"}]}),
}


@pytest.mark.parametrize("kind", list(SCENARIOS))
def test_second_case_warns_then_links_and_runs_the_repeat_steps(
        kind: str, uow: Uow, playbook: Playbook) -> None:
    first_intake, second_intake = SCENARIOS[kind]
    first, _ = register(uow, playbook, **first_intake)
    if kind == "adres":
        close_long_ago(uow, first)
    assert repeat_steps(playbook), "het draaiboek heeft stappen voor een herhaling"
    assert repeat_step_statuses(uow, playbook, first) == {StepStatus.not_applicable}
    second = {"occurred_at": local(NOW - timedelta(hours=2)), **second_intake}

    before = count_cases(uow)
    with pytest.raises(repeats.RepeatFound) as warning:
        register(uow, playbook, **second)
    assert count_cases(uow) == before, "zonder bevestiging wordt niets opgeslagen"
    assert warning.value.status_code == 409
    assert [(m.kind, m.reference) for m in warning.value.matches] == [(kind, first)]
    assert warning.value.problems
    assert first in warning.value.problems[0] and repeats.KINDS[kind] in warning.value.problems[0]

    reference, matches = register(uow, playbook, True, **second)
    assert [m.reference for m in matches] == [first]
    with uow() as s:
        case = get_case(s, reference)
        links = s.exec(select(CaseLink).where(CaseLink.case_id == case.id)).all()
        assert [(link.kind, link.earlier_case_id) for link in links] == [
            (kind, get_case(s, first).id)]
        assert snapshot_of(s, case).facts.repeat
        actions = [e.action for e in s.exec(select(AuditEvent).where(
            AuditEvent.case_id == case.id))]
        assert "herhaling-gekoppeld" in actions
        assert [m.reference for m in repeats.links_of(s, get_case(s, first))] == [reference]
    assert repeat_step_statuses(uow, playbook, reference) == {StepStatus.open}


def test_outside_the_windows_nothing_is_found(uow: Uow, playbook: Playbook) -> None:
    windows = playbook.municipality.repeat_windows
    register(uow, playbook, house_suffix="A",
             occurred_at=local(NOW - timedelta(days=31 * windows.building_months + 5)))
    reference, matches = register(uow, playbook, house_suffix="B",
                                  occurred_at=local(NOW - timedelta(hours=1)))
    assert matches == []
    with uow() as s:
        assert not snapshot_of(s, get_case(s, reference)).facts.repeat


def test_an_open_case_at_the_same_door_still_takes_the_new_attack(
        uow: Uow, playbook: Playbook) -> None:
    """The existing rule stays: an open case at the very address records the repeat itself."""
    first, _ = register(uow, playbook, occurred_at=local(NOW - timedelta(days=3)))
    with uow() as s:
        case, created, matches = repeats.register_case(
            session=s, intake=parse_intake(intake_data(occurred_at=local(NOW)), NOW),
            playbook=playbook, actor="oov", now=NOW)
        assert (case.reference, created, matches) == (first, False, [])


def _form(**overrides: Any) -> dict[str, Any]:
    form = {"street": "Havenstraat", "house_number": "14", "house_suffix": "A",
            "postcode": "9999 AB", "city": "Rivierstad", "object_type": "woning",
            "incident_kind": "aanslag",
            "occurred_at": local(NOW - timedelta(minutes=30)).replace(" ", "T"),
            "person_name": ["", "", ""], "person_role": ["bewoner"] * 3,
            "person_self_reliant": ["ja"] * 3, "person_language": ["nl"] * 3,
            "person_birth_date": ["", "", ""]}
    form.update(overrides)
    return form


def test_web_intake_shows_the_earlier_case_before_saving(
        uow: Uow, playbook: Playbook, browsers: Browsers) -> None:
    first, _ = register(uow, playbook, house_suffix="A",
                        occurred_at=local(NOW - timedelta(days=30)))
    oov = browsers["oov"]
    before = count_cases(uow)
    page = oov.post_form("/zaken/nieuw", _form(house_suffix="b"))
    assert page.status_code == 409, page.text[:400]
    assert "Mogelijke herhaling" in page.text and f"zaak {first}" in page.text
    assert "zelfde pand, ander toevoegsel" in page.text
    assert 'name="confirm_repeat"' in page.text and 'value="B"' not in page.text.split("csrf")[0]
    assert count_cases(uow) == before

    done = oov.post_form("/zaken/nieuw", _form(house_suffix="b", confirm_repeat="ja"))
    assert done.status_code == 303, done.text[:400]
    reference = done.headers["location"].rsplit("/", 1)[1]
    case_page = oov.get(f"/zaken/{reference}").text
    assert "herhaalde aanslag" in case_page
    assert re.search(rf"zelfde pand, ander toevoegsel: <a [^>]*>zaak {first}</a>", case_page)
    assert repeat_step_statuses(uow, playbook, reference) == {StepStatus.open}


def test_api_answers_409_with_the_matches_until_confirmed(
        uow: Uow, playbook: Playbook, browsers: Browsers) -> None:
    first, _ = register(uow, playbook, occurred_at=local(NOW - timedelta(days=60)),
                        persons=[PERSON])
    body = intake_data(street="Kerkstraat", house_number="3", house_suffix=None,
                       postcode="9999 CD", occurred_at=local(NOW - timedelta(hours=1)),
                       persons=[{**PERSON, "role": "doelwit"}])
    oov = browsers["oov"]
    refused = oov.post_json("/api/zaken", body)
    assert refused.status_code == 409, refused.text
    assert [(m["kind"], m["reference"]) for m in refused.json()["matches"]] == [
        ("persoon", first)]
    created = oov.post_json("/api/zaken", {**body, "confirm_repeat": True})
    assert created.status_code == 201, created.text
    assert created.json()["repeat"] is True


def test_cli_prints_the_matches_and_needs_the_confirmation_flag(
        engine: Engine, uow: Uow, playbook: Playbook, tmp_path: Any) -> None:
    first, _ = register(uow, playbook, house_suffix="A",
                        occurred_at=local(NOW - timedelta(days=30)))
    env = {**os.environ, "PLAYBOOK_DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "PLAYBOOK_USER": "oov"}
    args = ["zaak", "nieuw", "--straat", "Havenstraat",
            "--huisnummer", "14", "--toevoeging", "b", "--postcode", "9999ab",
            "--plaats", "Rivierstad", "--objecttype", "woning", "--soort", "aanslag",
            "--tijdstip", local(NOW - timedelta(hours=1))]
    warned = run_playbook(*args, env=env)
    assert warned.returncode == 3, warned.stderr
    assert "Mogelijke herhaling" in warned.stdout and first in warned.stdout
    assert "--bevestig-herhaling" in warned.stdout
    done = run_playbook(*args, "--bevestig-herhaling", env=env)
    assert done.returncode == 0, done.stderr
    assert f"Gekoppeld als herhaling: zelfde pand, ander toevoegsel: zaak {first}" in done.stdout
