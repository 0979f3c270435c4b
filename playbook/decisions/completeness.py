"""What a closure decision must contain before the mayor may issue it (case law 2020-2025).

Pure: takes the decision's fields and the case facts, returns every missing element in Dutch.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from playbook.decisions.grounds import GROUNDS

MIN_REASONING = 20  # characters: a ground without real reasoning is as good as none


class DecisionFields(Protocol):
    kind: str
    ground: str | None
    facts: str | None
    seriousness: str | None
    recurrence: str | None
    necessity: str | None
    balance: str | None
    alternative_housing: str | None
    duration_days: int | None
    duration_reasons: str | None
    start_date: date | None
    hearing: str | None
    intent_on: date | None
    hearing_outcome: str | None
    hearing_given: bool | None
    urgency_reasons: str | None
    mayor: str | None


@dataclass(frozen=True)
class DecisionFacts:
    object_type: str
    has_children: bool
    not_self_reliant: bool
    housing_arranged: bool  # the step "tijdelijke huisvesting" is done
    rapportage_received: bool


def _short(value: str | None) -> bool:
    return value is None or len(value.strip()) < MIN_REASONING


def missing_elements(d: DecisionFields, facts: DecisionFacts, today: date,
                     hearing_ends: date | None = None) -> list[str]:
    kind = d.kind
    if kind == "opheffing":
        return [] if not _short(d.facts) else [
            "reden van opheffing (waarom de sluiting niet langer nodig is)"]
    missing = []
    ground = GROUNDS.get(d.ground or "")
    if ground is None:
        missing.append("grondslag (bijv. art. 174a lid 1 onder b Gemeentewet)")
    elif facts.object_type not in ground.object_types:
        missing.append(f"grondslag past niet bij het object ({facts.object_type}): {ground.article}")
    if not facts.rapportage_received:
        missing.append("bestuurlijke rapportage van de politie (ontvangen en vastgelegd)")
    checks = [
        ("facts", "feiten uit de bestuurlijke rapportage"),
        ("seriousness", "waarom de verstoring van de openbare orde ernstig is"),
        ("recurrence", "inschatting van de politie over herhaling"),
        ("necessity", "noodzaak: welke lichtere middelen zijn overwogen (camera, surveillance) en waarom die niet volstaan"),
        ("balance", "belangenafweging (kwetsbaarheid, betrokkenheid van bewoners, gevolgen)"),
        ("duration_reasons", "motivering van de duur voor deze zaak (geen vaste beleidstermijn)"),
    ]
    missing += [label for field, label in checks if _short(getattr(d, field))]
    balance = (d.balance or "").lower()
    if facts.has_children and "kind" not in balance:
        missing.append("belangenafweging noemt de kinderen in het huishouden niet")
    if facts.not_self_reliant:
        if _short(d.alternative_housing):
            missing.append("welke vervangende woonruimte is aangeboden aan wie niet zelfredzaam is")
        if not facts.housing_arranged:
            missing.append("tijdelijke huisvesting geregeld vóór de sluiting ingaat (stap 'tijdelijke-huisvesting')")
    duration = d.duration_days
    if not duration or duration < 1:
        missing.append("duur van de sluiting in dagen")
    if d.start_date is None:
        missing.append("ingangsdatum")
    elif d.start_date < today:
        missing.append("ingangsdatum ligt in het verleden")
    if not d.mayor:
        missing.append("naam van de burgemeester (ondertekening)")
    missing += hearing_problems(d, today, hearing_ends)
    return missing


def hearing_problems(d: DecisionFields, today: date, hearing_ends: date | None = None) -> list[str]:
    hearing = d.hearing
    if hearing == "spoed":
        if d.kind == "verlenging":
            return ["een verlenging vraagt altijd een nieuwe zienswijze; spoed volstaat niet"]
        if _short(d.urgency_reasons):
            return ["redenen waarom spoed het horen van een zienswijze belet (art. 4:11 Awb)"]
        return []
    if hearing == "zienswijze":
        if d.intent_on is None:
            return ["voornemen tot sluiting verstuurd (datum) om een zienswijze te vragen"]
        if not d.hearing_outcome or d.hearing_given is None:
            return ["uitkomst van de zienswijze (ontvangen, mondeling gegeven of niet gebruikt)"]
        if not d.hearing_given and hearing_ends is not None and today <= hearing_ends:
            return [f"de zienswijzetermijn loopt nog tot en met {hearing_ends.isoformat()}; "
                    "zonder zienswijze kan pas daarna worden besloten"]
        return []
    if d.kind == "verlenging":
        return ["nieuw voornemen tot verlenging versturen om een zienswijze te vragen "
                "(spoed volstaat niet bij een verlenging)"]
    return ["zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"]
