"""The playbook as data: shipped content, validation with Dutch errors, municipal overlay."""

import shutil
from pathlib import Path

import pytest
import yaml

from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.errors import DefinitionError
from playbook.resources import data_dir

MUNICIPALITY = data_dir("municipalities") / "voorbeeld.yaml"

# Every step the domain brief lists, by phase: the shipped playbook is complete, not a sample.
EXPECTED_STEPS = {
    "dreiging": {"dreiging-beoordelen", "doelwit-informeren", "preventieve-maatregelen",
                 "sluiting-vrees-woning"},
    "incident": {"alarmering-afzetting", "eod-inzet", "burgemeester-informeren",
                 "bouwkundige-veiligheid", "evacuatie-opvang", "noodbevel-overwegen"},
    "eerste-nazorg": {"driehoeksoverleg", "verzoek-bestuurlijke-rapportage", "zienswijze-of-spoed",
                      "sluitingsbesluit", "bekendmaking-verzegeling", "zelfredzaamheid-nagaan",
                      "tijdelijke-huisvesting", "bewonersbrief", "verwijzing-slachtofferhulp",
                      "nazorgteam-inzetten", "verzoek-om-39f", "opschalen-herhaling"},
    "nazorg": {"vast-contactpersoon", "bewonersbijeenkomst", "cameratoezicht", "fysieke-maatregelen",
               "gebiedsverbod", "veiligheidsrisicogebied", "bezwaar-behandelen",
               "sluiting-verlengen-of-opheffen"},
    "herstel": {"heropening-terugkeer", "herstel-schade", "kostenverhaal", "evaluatie",
                "landelijke-registratie", "archiveren"},
}


@pytest.fixture
def phases_copy(tmp_path: Path) -> Path:
    target = tmp_path / "phases"
    shutil.copytree(data_dir("phases"), target)
    return target


def edit_yaml(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_shipped_playbook_has_all_five_phases_and_every_step(playbook: Playbook) -> None:
    assert [p.id for p in playbook.ordered_phases] == list(EXPECTED_STEPS)
    for phase_id, expected in EXPECTED_STEPS.items():
        assert expected <= {s.id for s in playbook.phase(phase_id).steps}, phase_id


def test_closure_step_carries_its_legal_basis_and_document(playbook: Playbook) -> None:
    _, step = playbook.step("sluitingsbesluit")  # type: ignore[misc]
    assert "art. 174a lid 1 sub b Gemeentewet" in (step.legal_basis or "")
    assert step.document == "sluitingsbesluit"
    assert step.applies_when.closure is True


def test_wrong_partner_names_file_step_and_field(phases_copy: Path) -> None:
    edit_yaml(phases_copy / "2-incident.yaml",
              lambda d: d["steps"][2].update(partner="gemeentee"))
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    message = err.value.message
    assert "2-incident.yaml" in message
    assert "stap 'burgemeester-informeren'" in message
    assert "veld 'partner'" in message and "onbekende waarde 'gemeentee'" in message


def test_every_problem_is_reported_at_once(phases_copy: Path) -> None:
    def break_two(d):  # type: ignore[no-untyped-def]
        del d["steps"][0]["title"]
        d["steps"][1]["due"] = {"after": "incident", "hours": 2, "days": 1}

    edit_yaml(phases_copy / "1-dreiging.yaml", break_two)
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    assert "stap 'dreiging-beoordelen', veld 'title': verplicht veld ontbreekt" in err.value.message
    assert "stap 'doelwit-informeren', veld 'due'" in err.value.message
    assert "precies één van 'hours' of 'days'" in err.value.message


def test_yaml_syntax_error_gives_file_and_line(phases_copy: Path) -> None:
    (phases_copy / "4-nazorg.yaml").write_text("id: nazorg\nsteps: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    assert "4-nazorg.yaml" in err.value.message and "regel" in err.value.message


def test_cross_references_are_checked(phases_copy: Path) -> None:
    edit_yaml(phases_copy / "3-eerste-nazorg.yaml", lambda d: d.update(next="nergens"))
    edit_yaml(phases_copy / "5-herstel.yaml",
              lambda d: d["steps"][0].update(due={"after": "step_done", "step": "bestaat-niet", "days": 1}))
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    assert "onbekende fase 'nergens'" in err.value.message
    assert "onbekende stap 'bestaat-niet'" in err.value.message


def test_duplicate_step_id_is_refused(phases_copy: Path) -> None:
    edit_yaml(phases_copy / "4-nazorg.yaml", lambda d: d["steps"][0].update(id="evaluatie"))
    with pytest.raises(DefinitionError, match="stap 'evaluatie' komt meer dan eens voor"):
        load_playbook(phases_copy, MUNICIPALITY)


def test_overlay_adds_local_step_and_overrides_national_one(playbook: Playbook) -> None:
    phase, local = playbook.step("buurtpreventie-informeren")  # type: ignore[misc]
    assert phase.id == "nazorg" and local.mandatory is False
    _, meeting = playbook.step("bewonersbijeenkomst")  # type: ignore[misc]
    assert meeting.mandatory is True  # national: optional; Rivierstad makes it mandatory
    assert meeting.due is not None and meeting.due.days == 7
    assert meeting.legal_basis is None and meeting.partner == "gemeente"  # rest kept


def test_overlay_errors_name_the_municipal_file(tmp_path: Path) -> None:
    municipality = tmp_path / "gemeente.yaml"
    data = yaml.safe_load(MUNICIPALITY.read_text(encoding="utf-8"))
    data["cbs_code"] = "0599"
    data["local_steps"] = [
        {"id": "nieuwe-stap", "title": "Zonder fase", "instruction": "Iets doen", "partner": "gemeente"},
        {"id": "evaluatie", "phase": "incident"},
        {"phase": "nazorg", "id": "slecht", "title": "Slechte partner", "instruction": "x" * 5,
         "partner": "buurman"},
    ]
    municipality.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_playbook(data_dir("phases"), municipality)
    message = err.value.message
    assert "gemeente.yaml, veld 'cbs_code'" in message
    assert "'nieuwe-stap': nieuwe lokale stap heeft een bestaande 'phase' nodig" in message
    assert "landelijke stap kan niet naar een andere fase verhuizen" in message
    assert "stap 'slecht', veld 'partner'" in message and "gemeente.yaml (lokale stap)" in message


def test_fingerprint_changes_with_any_edit(phases_copy: Path, playbook: Playbook) -> None:
    same = load_playbook(phases_copy, MUNICIPALITY)
    assert same.fingerprint() == playbook.fingerprint()
    edit_yaml(phases_copy / "5-herstel.yaml", lambda d: d["steps"][-1].update(title="Dossier opbergen"))
    assert load_playbook(phases_copy, MUNICIPALITY).fingerprint() != playbook.fingerprint()
