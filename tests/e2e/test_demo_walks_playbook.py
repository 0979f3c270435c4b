"""The demo walks whatever the playbook requires: a new mandatory step is one YAML edit, and
`playbook demo` still closes the case, with that step done in every round it applies to."""

import shutil
import subprocess
from pathlib import Path

import yaml

from playbook.resources import data_dir
from tests.conftest import DemoRun, clean_env
from tests.render_cache import cached_command

NEW_STEP = {
    "id": "gasleiding-controleren",
    "title": "Gasleiding laten controleren door de netbeheerder",
    "instruction": "De netbeheerder controleert de gasaansluiting voordat bewoners terugkeren.",
    "partner": "netbeheerder",
    "source": "Lokaal draaiboek (test)",
    "due": {"after": "incident", "hours": 6},
}


def test_a_new_mandatory_step_is_one_yaml_edit_and_the_demo_walks_it(
        tmp_path: Path, render_cache: Path, demo_run: DemoRun) -> None:  # demo_run: renders first
    phases = tmp_path / "phases"
    shutil.copytree(data_dir("phases"), phases)
    # In aftercare, which the demo case works through in both rounds: what the demo made before
    # the step is the same HTML as this run's demo made (read from the run's renders below), so
    # only what comes after it is rendered anew (in the incident phase, nearly every letter).
    [path] = [p for p in phases.glob("*.yaml") if p.stem.partition("-")[2] == "nazorg"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["steps"].insert(1, NEW_STEP)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # `playbook demo` as a user runs it, in its own process.
    command, env = cached_command(render_cache, clean_env(PLAYBOOK_PHASES_DIR=str(phases)))
    result = subprocess.run([*command, "demo", "--uitvoer", str(tmp_path / "demo")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr
    assert "gesloten" in result.stdout
    done = [line for line in result.stdout.splitlines() if NEW_STEP["title"] in line]
    assert len(done) == 2 and all(line.endswith("afgerond") for line in done), result.stdout
