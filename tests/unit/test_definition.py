"""The playbook as data: shipped content, validation with Dutch errors, municipal overlay."""

import json
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
    "dreiging": {"dreiging-beoordelen", "doelwit-informeren", "bescherming-personen",
                 "fysieke-maatregelen-advies", "verhuurder-informeren", "preventieve-maatregelen",
                 "sluiting-vrees-woning", "sluiting-vrees-bedrijf", "ondernemer-vertrouwenslijn"},
    "incident": {"alarmering-afzetting", "eod-inzet", "burgemeester-informeren", "gewonden-zorg",
                 "naasten-informeren", "bouwkundige-veiligheid", "salvage-inschakelen",
                 "netbeheerder-inschakelen", "bewoonbaarheid-beoordelen", "evacuatie-opvang",
                 "noodbevel-overwegen", "noodbevel-beeindigen"},
    "eerste-nazorg": {"driehoeksoverleg", "verzoek-bestuurlijke-rapportage", "zienswijze-of-spoed",
                      "mondeling-horen-spoed", "sluitingsbesluit", "bekendmaking-verzegeling",
                      "verzegeling", "zelfredzaamheid-nagaan", "tijdelijke-huisvesting",
                      "huur-afspraken", "bewonersbrief", "slachtofferhulp-via-aangifte",
                      "verwijzing-slachtofferhulp", "nazorgteam-inzetten", "verzoek-om-39f",
                      "strafvorderlijke-gegevens-ontvangen", "opschalen-herhaling",
                      "dreiging-herbeoordelen", "sluiting-woning-na-voertuig",
                      "kinderen-school-jeugdhulp", "casus-riec-zvh", "ondernemer-steun"},
    "nazorg": {"vast-contactpersoon", "bewonersbijeenkomst", "cameratoezicht", "fysieke-maatregelen",
               "gebiedsverbod", "veiligheidsrisicogebied", "periodieke-toets-sluiting",
               "vervroegd-opheffen",
               "bezwaar-registreren", "bezwaar-horen", "bezwaar-beslissen", "voorlopige-voorziening-behandelen",
               "zienswijze-verlenging", "sluiting-verlengen-of-opheffen", "verlenging-bekendmaken",
               "opheffing-bekendmaken"},
    "herstel": {"heropening-terugkeer", "heropening-bedrijf", "herstel-schade",
                "herstel-verhuurder", "schadefonds", "benadeelde-partij", "gemeentelijk-noodfonds",
                "kostenverhaal", "evaluatie", "landelijke-registratie", "archiveren"},
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
    assert "stap 'doelwit-informeren', veld 'title': verplicht veld ontbreekt" in err.value.message
    assert "stap 'dreiging-beoordelen', veld 'due'" in err.value.message
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
    assert same.fingerprint == playbook.fingerprint
    edit_yaml(phases_copy / "5-herstel.yaml", lambda d: d["steps"][-1].update(title="Dossier opbergen"))
    assert load_playbook(phases_copy, MUNICIPALITY).fingerprint != playbook.fingerprint


def test_a_copy_with_other_content_gets_its_own_fingerprint(playbook: Playbook) -> None:
    # The fingerprint is kept on the playbook once computed; a copy for another municipality
    # (a regional instance, the tests' second municipality) must not pin the first one's.
    first = playbook.fingerprint
    other = playbook.model_copy(update={
        "municipality": playbook.municipality.model_copy(update={"cbs_code": "0999"})})
    assert other.fingerprint != first
    assert json.loads(other.canonical_json)["municipality"]["cbs_code"] == "0999"
    assert playbook.model_copy().fingerprint == first


def test_every_step_cites_its_source(playbook: Playbook, phases_copy: Path) -> None:
    assert all(len(step.source) >= 3 for _, step in playbook.steps())
    edit_yaml(phases_copy / "2-incident.yaml", lambda d: d["steps"][0].pop("source"))
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    assert "2-incident.yaml, stap 'alarmering-afzetting', veld 'source': verplicht veld " \
        "ontbreekt" in err.value.message


def test_partners_are_an_open_list_with_the_practice_partners(playbook: Playbook) -> None:
    national = {p.id for p in playbook.partners if not p.local}
    assert {"veiligheidsregio", "salvage", "netbeheerder", "bouwtoezicht", "school-jeugd",
            "riec-zvh", "eigenaar", "verzekeraar", "ambulancezorg"} <= national
    local = playbook.partner("buurtpreventie")
    assert local is not None and local.local and local.name == "Buurtpreventieteam"
    _, step = playbook.step("buurtpreventie-informeren")  # type: ignore[misc]
    assert step.partner == "buurtpreventie"


def test_example_overlay_disables_reorders_and_uses_its_region(playbook: Playbook) -> None:
    _, riec = playbook.step("casus-riec-zvh")  # type: ignore[misc]
    assert riec.disabled and "casusoverleg" in riec.disabled
    assert [s.id for s in playbook.phase("nazorg").steps][:3] == [
        "vast-contactpersoon", "cameratoezicht", "bewonersbijeenkomst"]
    region = playbook.municipality.region
    assert region is not None and region.id == "rivierland"
    assert region.police_unit == "Politie eenheid Rivierland"
    assert region.safety_region == "Veiligheidsregio Rivierland"
    # Shared contacts from the region, unless the municipality names its own.
    assert playbook.contact("veiligheidsregio").name == "Veiligheidsregio Rivierland"  # type: ignore[union-attr]
    assert playbook.contact("politie").name == "Politie basisteam Rivierstad"  # type: ignore[union-attr]
    _, walk = playbook.step("schouw-opvolgen")  # type: ignore[misc]
    assert walk.document == "schouwverslag" and walk.due and walk.due.after == "wijkschouw"


def _overlay(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(MUNICIPALITY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "municipalities" / "gemeente.yaml"
    path.parent.mkdir(exist_ok=True)
    shutil.copytree(data_dir("regions"), tmp_path / "regions", dirs_exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_overlay_disable_and_order_errors_name_file_step_and_field(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        d["disable"] = [{"step": "bestaat-niet", "reason": "Doen we niet"},
                        {"step": "gebiedsverbod"}]
        d["order"] = {"nazorg": ["evaluatie"], "nergens": ["x"]}

    with pytest.raises(DefinitionError) as err:
        load_playbook(data_dir("phases"), _overlay(tmp_path, change))
    message = err.value.message
    assert "gemeente.yaml, veld 'disable.1.step': onbekende stap 'bestaat-niet'" in message
    assert "stap 'gebiedsverbod', veld 'disable.2.reason'" in message and "reden" in message
    assert "veld 'order.nazorg': stap 'evaluatie' hoort niet bij fase 'nazorg'" in message
    assert "veld 'order.nergens': onbekende fase 'nergens'" in message


def test_local_partners_documents_and_anchors_are_checked_where_used(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        d["local_steps"].append({"phase": "nazorg", "id": "lokaal", "title": "Lokale stap",
                                 "instruction": "Iets lokaals doen", "partner": "wijkraad",
                                 "document": "notulen", "due": {"after": "vergadering",
                                                                "days": 1}})
        d["local_partners"].append({"id": "Fout Id", "name": "x"})

    with pytest.raises(DefinitionError) as err:
        load_playbook(data_dir("phases"), _overlay(tmp_path, change))
    message = err.value.message
    assert "gemeente.yaml (lokale stap), stap 'lokaal', veld 'partner': onbekende waarde " \
        "'wijkraad'" in message
    assert "stap 'lokaal', veld 'document': onbekende waarde 'notulen'" in message
    assert "stap 'lokaal', veld 'due.after': onbekende waarde 'vergadering'" in message
    assert "gemeente.yaml, veld 'local_partners.2.id'" in message
    assert "gemeente.yaml, veld 'local_partners.2.role': verplicht veld ontbreekt" in message


def test_region_errors_name_the_region_file(tmp_path: Path) -> None:
    path = _overlay(tmp_path, lambda d: None)
    region = tmp_path / "regions" / "rivierland.yaml"
    data = yaml.safe_load(region.read_text(encoding="utf-8"))
    del data["police_unit"]
    data["partners"]["onbekend"] = {"name": "Iemand"}
    region.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as err:
        load_playbook(data_dir("phases"), path)
    message = err.value.message
    assert "rivierland.yaml, veld 'police_unit': verplicht veld ontbreekt" in message
    assert "rivierland.yaml, veld 'partners': onbekende waarde 'onbekend'" in message
    path.write_text(path.read_text(encoding="utf-8").replace("region: rivierland",
                                                             "region: nergensland"))
    with pytest.raises(DefinitionError, match=r"nergensland\.yaml: bestand niet gevonden"):
        load_playbook(data_dir("phases"), path)


def test_disabled_step_shows_as_not_applicable_with_its_reason(playbook: Playbook) -> None:
    from playbook.definition.enums import IncidentKind, ObjectType, StepStatus
    from playbook.engine import checklist
    from playbook.engine.snapshot import CaseFacts, CaseSnapshot
    from tests.conftest import local

    snap = CaseSnapshot(phase="eerste-nazorg", round=1, incident_at=local("2025-03-07 02:40"),
                        facts=CaseFacts(ObjectType.woning, IncidentKind.aanslag))
    items = {i.step.id: i for i in checklist.phase_items(playbook, snap, "eerste-nazorg",
                                                          snap.incident_at)}
    assert items["casus-riec-zvh"].status == StepStatus.not_applicable
    assert items["casus-riec-zvh"].reason.startswith("lokaal uitgeschakeld: ")  # type: ignore[union-attr]
    assert items["zvh-casusoverleg"].status == StepStatus.open


def test_docs_list_the_source_of_every_national_step() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "draaiboek.md").read_text(encoding="utf-8")
    for phase_file in sorted(data_dir("phases").glob("[0-9]*.yaml")):
        for step in yaml.safe_load(phase_file.read_text(encoding="utf-8"))["steps"]:
            assert f"`{step['id']}`" in docs and step["source"] in docs, step["id"]
