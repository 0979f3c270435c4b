"""The resident letter's words are data: one file per language, checked against the playbook."""

import pytest

from playbook.definition.models import Playbook
from playbook.errors import DefinitionError
from playbook.letters import texts


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_step_the_letter_reports_exists_in_the_playbook(playbook: Playbook, lang: str) -> None:
    """A renamed step would silently drop its sentence from the letter: fail here instead."""
    for step_id in texts.resident_words(lang).measures.after_steps:
        assert playbook.step(step_id) is not None, f"{lang}: onbekende stap {step_id}"


def test_languages_carry_the_same_fields() -> None:
    nl, en = texts.resident_words("nl"), texts.resident_words("en")
    for field in ("what", "objects", "injured", "safety", "occasions", "roles"):
        assert getattr(nl, field).keys() == getattr(en, field).keys(), field
    assert nl.measures.after_steps.keys() == en.measures.after_steps.keys()


def test_measures_are_keys_so_every_language_reads_the_same_facts() -> None:
    done = {"cameratoezicht", "een-onbekende-stap"}
    assert texts.resident_measures(closure=False, done=done) == ["always", "cameratoezicht"]
    assert texts.resident_measures(closure=True, done=set()) == ["always", "closure"]
    assert "camera" in texts.resident_words("en").measures.after_steps["cameratoezicht"]


def test_unknown_language_is_a_dutch_error() -> None:
    with pytest.raises(DefinitionError, match="geen teksten voor de taal 'fy'"):
        texts.resident_words("fy")
