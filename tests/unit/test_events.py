"""Steps are completed by declared events, never by step ids named in Python."""

import re
from pathlib import Path

import pytest

from playbook.definition.events import Event, decision_event
from playbook.definition.loader import load_playbook
from playbook.definition.models import Playbook
from playbook.errors import DefinitionError
from tests.unit.test_definition import MUNICIPALITY, edit_yaml, phases_copy  # noqa: F401


def test_every_event_the_code_can_emit_is_declared_by_a_national_step(playbook: Playbook) -> None:
    undeclared = set(Event) - playbook.declared_events()
    assert not undeclared, f"events no step declares: {sorted(undeclared)}"


def test_unknown_event_is_refused_with_file_step_and_field(phases_copy: Path) -> None:  # noqa: F811
    def rename(data: dict) -> None:  # type: ignore[type-arg]
        step = next(s for s in data["steps"] if s["id"] == "sluitingsbesluit")
        step["completed_by"] = ["sluiting.getekend"]

    edit_yaml(phases_copy / "3-eerste-nazorg.yaml", rename)
    with pytest.raises(DefinitionError) as err:
        load_playbook(phases_copy, MUNICIPALITY)
    message = str(err.value)
    assert "3-eerste-nazorg.yaml" in message and "'sluitingsbesluit'" in message
    assert "completed_by" in message and "sluiting.getekend" in message


def test_decision_event_refuses_a_combination_no_step_may_declare() -> None:
    assert decision_event("sluiting", "genomen") is Event.closure_issued
    with pytest.raises(ValueError):
        decision_event("opheffing", "spoed-vastgelegd")


def test_event_labels_read_as_words() -> None:
    assert Event.closure_made_known.label == "sluiting: bekendgemaakt"
    assert all(re.fullmatch(r"[a-z0-9-]+\.[a-z0-9-]+", e.value) for e in Event)
