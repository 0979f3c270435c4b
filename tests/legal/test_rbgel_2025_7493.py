"""ECLI:NL:RBGEL:2025:7493 (vzr. Gelderland, 5 September 2025, ARN 25/3950, Heumen).

From the published page (case header and lexboost's machine summary; the r.o. were not
retrievable): after
several reports of violence the mayor decided on 21 August 2025 to extend the closure of the
home by three months. The vzr. held the mayor competent to extend, but the measure was not
balanced, weighing heavily the family's newborn baby; the extension was suspended with effect
from 2 October 2025 and the mayor was ordered to offer the family suitable alternative housing
from 8 September 2025.

The engine refuses the voornemen and the extension until the newborn is weighed and housing is
offered, and then accepts it; the extension is taken on 21 August 2025. The dates of the first
closure, the birth and the hearing are illustrative."""

import pytest

from playbook.cases import persons
from playbook.cases.intake import PersonIntake
from playbook.decisions import service as decisions
from playbook.decisions.common import DecisionIncomplete
from tests.legal import builders as b

HOUSEHOLD = [
    {"name": "Verzoeker 1", "role": "doelwit", "birth_date": "1993-01-20"},
    {"name": "Verzoeker 2", "role": "bewoner", "birth_date": "1995-08-02"},
    b.CORPORATION,
]
NEWBORN = {
    "children_count": 1,
    "children_ages": "0",
    "children_school": "Geen school; consultatiebureau en kraamzorg blijven bereikbaar.",
    "children_effect": "Een pasgeborene heeft een vaste, veilige plek nodig; de "
    "wisselwoning is ingericht voor een baby.",
}


def _extension(uow, playbook, **weighing) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    reference = b.case_with(uow, playbook, "2025-05-20 02:00", household=HOUSEHOLD)
    b.rapportage(
        uow,
        reference,
        "2025-05-20 10:00",
        "Meerdere meldingen van geweld bij de woning.",
        "Ernstige vrees voor herhaling.",
    )
    b.threat(uow, reference, "2025-05-20 10:30")
    closure = b.draft(
        uow,
        reference,
        "2025-05-20 11:00",
        duration_days=90,
        start_date="2025-05-24",
        start_time="12:00",
    )
    b.urgent_closure(uow, reference, closure, "2025-05-22 10:00")
    b.make_known(uow, reference, closure, "2025-05-23 10:00")
    with uow() as s:  # the baby is born during the closure
        persons.add(
            session=s,
            reference=reference,
            actor="oov",
            now=b.when("2025-07-21 10:00"),
            person=PersonIntake(name="Baby", role="bewoner", birth_date="2025-07-20"),
        )
    b.threat(uow, reference, "2025-08-12 10:00", "Nieuwe meldingen van geweld in de omgeving.")
    with uow() as s:
        extension = decisions.extend(
            session=s,
            reference=reference,
            parent_id=closure,
            actor="juridisch",
            now=b.when("2025-08-12 11:00"),
            fields=decisions.parse_draft(
                {
                    **b.REASONS,
                    "duration_days": 92,
                    "facts": "Nieuwe meldingen van geweld.",
                    "recurrence": "De politie verwacht nieuwe incidenten.",
                    "duration_over_policy_reasons": "Drie maanden: de dreiging neemt volgens de "
                    "politie niet eerder af.",
                    **weighing,
                }
            ),
        )
    return reference, extension.id  # type: ignore[return-value]


def test_voornemen_without_weighing_the_newborn_is_refused(uow, playbook) -> None:
    reference, extension = _extension(uow, playbook)
    with pytest.raises(DecisionIncomplete) as refused:
        b.intent(uow, reference, extension, "2025-08-12 12:00")
    assert "het besluit noemt 0 kinderen, in het huishouden wonen er 1" in refused.value.message


def test_extension_without_housing_for_the_newborn_is_refused(uow, playbook) -> None:
    reference, extension = _extension(uow, playbook, **NEWBORN)
    b.intent(uow, reference, extension, "2025-08-12 12:00")
    b.hearing(uow, reference, extension, "2025-08-14 10:00")
    with pytest.raises(DecisionIncomplete, match="vervangende woonruimte aangeboden"):
        b.issue(uow, reference, extension, "2025-08-21 09:00")


def test_extension_weighing_the_newborn_with_housing_offered_is_accepted(uow, playbook) -> None:
    reference, extension = _extension(uow, playbook, **NEWBORN)
    b.intent(uow, reference, extension, "2025-08-12 12:00")
    b.hearing(uow, reference, extension, "2025-08-14 10:00")
    b.housing(uow, reference, "2025-08-20 10:00")
    b.issue(uow, reference, extension, "2025-08-21 09:00")
    with uow() as s:
        assert decisions.get_decision(s, b.get_case(s, reference), extension).status == "genomen"
