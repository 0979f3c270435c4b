"""Each measure's letter is one entry in the letter registry: its own template (extending the
shared base), a typed context, made by the decision lifecycle. Rendered and read back."""

from datetime import date

import pytest

from playbook.decisions import service as decisions
from playbook.decisions.measures_letters import AreaBanLetter, CameraLetter, DrugClosureLetter
from playbook.definition.models import Playbook
from playbook.letters import registry
from playbook.letters.contexts import LetterBase
from tests.conftest import local
from tests.integration.pdf import pdf_text
from tests.legal.builders import case_with
from tests.measures.helpers import OCCUPANT, Uow, draft, made_known_ban
from tests.measures.test_camera import CAMERA


@pytest.mark.parametrize(
    ("kind", "context", "template"),
    [
        ("cameratoezicht", CameraLetter, "maatregel-cameratoezicht.html.j2"),
        ("gebiedsverbod", AreaBanLetter, "maatregel-gebiedsverbod.html.j2"),
        ("sluiting-13b", DrugClosureLetter, "maatregel-sluiting-13b.html.j2"),
    ],
)
def test_each_measure_has_one_registry_entry(
    kind: str, context: type[LetterBase], template: str
) -> None:
    entry = registry.get(kind)
    assert entry is not None and entry.context is context and entry.template == template
    assert entry.permission == "decision:write" and entry.make is None  # made by its lifecycle
    assert "politie" in registry.readers(kind)


def test_the_camera_letter_reads_back_with_its_kenmerk_and_last_day(
    uow: Uow, playbook: Playbook
) -> None:
    reference = case_with(uow, playbook, "2026-03-01 02:00", household=[OCCUPANT])
    decision_id = draft(uow, reference, "cameratoezicht", "2026-03-02 09:00", **CAMERA)
    with uow() as s:
        decisions.issue(session=s, reference=reference, decision_id=decision_id,
                        actor="juridisch", now=local("2026-03-02 10:00"))
        _, document = decisions.make_known(
            session=s, reference=reference, decision_id=decision_id, on=date(2026, 3, 3),
            how="publicatie", actor="oov", now=local("2026-03-03 09:00"))
        assert document.kind == "cameratoezicht" and document.step_id is not None
        text = pdf_text(document.content)
    assert f"Ons kenmerk: {reference}/1" in text
    assert "Bekendmaking in het Gemeenteblad" in text
    assert "bezwaar kan tot en met 14 april 2026" in text
    assert "Goede Vrijdag" not in text  # the derivation stays on screen (issue 10)


def test_the_ban_letter_is_addressed_to_the_person(uow: Uow, playbook: Playbook) -> None:
    reference, decision_id = made_known_ban(uow, playbook)
    with uow() as s:
        from playbook.decisions.measures_letters import letter_for

        document = letter_for(session=s, reference=reference, decision_id=decision_id,
                              actor="oov", now=local("2026-03-06 16:00"))
        text = pdf_text(document.content)
    assert text.index("De heer P. Verstoorder") < text.index("Ons kenmerk")
    assert "u kunt bezwaar maken tot en met 17 april 2026" in text
