"""The demo walks whatever the playbook requires: a new mandatory step is one YAML edit, and
`playbook demo` still closes the case, with that step done in every round it applies to."""

import shutil
from pathlib import Path

import yaml

from playbook.resources import data_dir
from tests.e2e.test_cli import Cli, cli  # noqa: F401 - the fixture

NEW_STEP = {
    "id": "gasleiding-controleren",
    "title": "Gasleiding laten controleren door de netbeheerder",
    "instruction": "De netbeheerder controleert de gasaansluiting voordat bewoners terugkeren.",
    "partner": "netbeheerder",
    "source": "Lokaal draaiboek (test)",
    "due": {"after": "incident", "hours": 6},
}


def test_a_new_mandatory_step_is_one_yaml_edit_and_the_demo_walks_it(cli: Cli,  # noqa: F811
                                                                      tmp_path: Path) -> None:
    phases = tmp_path / "phases"
    shutil.copytree(data_dir("phases"), phases)
    path = next(phases.glob("*-incident.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["steps"].insert(1, NEW_STEP)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cli.env["PLAYBOOK_PHASES_DIR"] = str(phases)

    result = cli("demo", "--uitvoer", str(tmp_path / "demo"))

    assert "gesloten" in result.stdout
    done = [line for line in result.stdout.splitlines() if NEW_STEP["title"] in line]
    assert len(done) == 2 and all(line.endswith("afgerond") for line in done), result.stdout
