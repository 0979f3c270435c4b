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
    assert nl.what.keys() == en.what.keys() and nl.objects.keys() == en.objects.keys()
    assert nl.measures.after_steps.keys() == en.measures.after_steps.keys()


def test_measures_follow_done_steps_in_the_readers_language() -> None:
    done = {"bouwkundige-veiligheid"}
    nl = texts.resident_measures("nl", closure=False, done=done)
    en = texts.resident_measures("en", closure=True, done=done)
    assert len(nl) == 2 and "brandweer" in nl[1]
    assert len(en) == 3 and "fire brigade" in en[2] and "closed" in en[1]


def test_unknown_language_is_a_dutch_error() -> None:
    with pytest.raises(DefinitionError, match="geen teksten voor de taal 'fy'"):
        texts.resident_words("fy")
