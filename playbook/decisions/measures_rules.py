"""What a cameratoezicht, gebiedsverbod or 13b closure must contain before the mayor may send
the voornemen, take it or make it known (issue 13).

Pure: the decision (`d`, a `besluit` row), its measure row (`m`, `besluit_maatregel`) and the
recorded facts in; every problem in Dutch out, keyed by the guard of lifecycle.TRANSITIONS that
refuses on it. The closure's own rules (completeness.py) are reused where the law is the same:
the zienswijze (art. 4:8 / 4:11 Awb), the household and the addressees of a closure.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from playbook.deadlines.formatting import format_date_nl
from playbook.decisions.completeness import (
    MIN_REASONING,
    DecisionFacts,
    hearing_problems,
    ready_problems,
)
from playbook.decisions.household import Member, addressed, household_problems, minors
from playbook.decisions.lifecycle import Kind

__all__ = ["MIN_REASONING", "MeasureFacts", "ban_limit", "problems"]

# Art. 151c lid 6 Gemeentewet: footage is destroyed after four weeks at the latest (unless it
# is needed for a criminal investigation, which is not the designation's business).
MAX_RETENTION_DAYS = 28
# Art. 172a lid 4 Gemeentewet: a ban of at most three months, extended at most three times by
# at most three months each.
MAX_BAN_MONTHS = 3
MAX_EXTENSIONS = 3
SUBSTANCE_LISTS = ("I", "II", "I en II")  # lijst I en lijst II bij de Opiumwet


@dataclass(frozen=True)
class MeasureFacts:
    """What the rules read besides the two rows."""

    decision: DecisionFacts
    incidents: int = 0  # recorded disturbances by the addressee (172a)
    damocles_warning_first: bool = False  # the municipality's Damocles policy (13b)
    parent_end: date | None = None  # the end of the ban an extension extends (172a)
    members: list[Member] = field(default_factory=list)
    has_map: bool = False  # the map image the letter prints as bijlage (measures_map.py)


def _short(value: str | None) -> bool:
    return value is None or len(value.strip()) < MIN_REASONING


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def ban_limit(start: date) -> date:
    """The last day a ban (or one extension) starting on `start` may run (art. 172a lid 4)."""
    return add_months(start, MAX_BAN_MONTHS) - timedelta(days=1)


def _camera(d: Any, m: Any) -> list[str]:
    missing = []
    if _short(m.council_basis):
        missing.append(
            "machtiging van de raad: het artikel van de verordening (APV) dat de burgemeester "
            "bevoegd maakt tot cameratoezicht (art. 151c lid 1 Gemeentewet)"
        )
    if _short(m.area):
        missing.append("aangewezen gebied: de openbare plaatsen, omschreven (art. 151c lid 1)")
    if d.start_date is None or m.end_date is None:
        missing.append("periode: begin- en einddatum van het cameratoezicht (bepaalde duur)")
    elif m.end_date < d.start_date:
        missing.append("periode: de einddatum ligt vóór de begindatum")
    if _short(d.facts):
        missing.append("feiten: de verstoring van de openbare orde die toezicht nodig maakt")
    if _short(d.necessity):
        missing.append(
            "noodzaak: waarom minder ingrijpende middelen (surveillance, verlichting, "
            "fysieke maatregelen) niet volstaan (art. 151c lid 1: noodzakelijk)"
        )
    if m.retention_days is None:
        missing.append("bewaartermijn van de beelden (hoogstens vier weken)")
    elif m.retention_days > MAX_RETENTION_DAYS or m.retention_days < 1:
        missing.append(
            f"bewaartermijn: {m.retention_days} dagen mag niet; beelden worden uiterlijk na "
            "vier weken vernietigd (art. 151c lid 6 Gemeentewet)"
        )
    if m.evaluation_on is None or _short(m.evaluation_how):
        missing.append("evaluatie: op welke datum en hoe wordt beoordeeld of het toezicht werkt")
    elif d.start_date is not None and m.evaluation_on < d.start_date:
        missing.append("evaluatie: de datum ligt vóór het begin van het toezicht")
    return missing


def _area_ban(d: Any, m: Any, facts: MeasureFacts) -> list[str]:
    missing = []
    if m.person_id is None and not (m.person_name or "").strip():
        missing.append("geadresseerde: de persoon aan wie het gebiedsverbod wordt opgelegd")
    if _short(m.area) or not (m.map_reference or "").strip():
        missing.append(
            "verboden gebied: omschrijving en de kaart (bijlage) waarop het is aangegeven"
        )
    if not facts.has_map:
        # The letter sends the addressee to the map: without it he cannot see where he may
        # not come (art. 172a lid 1 Gemeentewet, "bepaalde delen van de gemeente").
        missing.append("kaart: voeg de kaart van het verboden gebied toe (afbeelding)")
    if d.start_date is None or m.end_date is None:
        missing.append("duur: begin- en einddatum van het gebiedsverbod")
    elif m.end_date < d.start_date:
        missing.append("duur: de einddatum ligt vóór de begindatum")
    elif m.end_date > ban_limit(d.start_date):
        missing.append(
            f"duur: een gebiedsverbod geldt hoogstens drie maanden (art. 172a lid 4 "
            f"Gemeentewet); uiterlijk tot en met {format_date_nl(ban_limit(d.start_date))}"
        )
    if m.extension_number > MAX_EXTENSIONS:
        missing.append("verlenging: een gebiedsverbod kan hoogstens driemaal worden verlengd")
    if (
        m.extension_number
        and facts.parent_end
        and d.start_date != facts.parent_end + timedelta(days=1)
    ):
        missing.append(
            f"verlenging: gaat in op de dag na het einde van het verbod "
            f"({format_date_nl(facts.parent_end + timedelta(days=1))})"
        )
    if facts.incidents < 2 and not m.leading_role:
        # Art. 172a lid 1: repeated disturbance, individually or in a group, or a leading role
        # in group disturbance.
        missing.append(
            "herhaalde verstoring: ten minste twee vastgelegde verstoringen door deze persoon "
            f"of een leidende rol bij groepsgewijze verstoring (art. 172a lid 1); nu "
            f"{facts.incidents} vastgelegd"
        )
    if _short(m.fear_of_further):
        missing.append(
            "ernstige vrees voor verdere verstoring van de openbare orde (art. 172a lid 1)"
        )
    if m.warning_on is None and _short(m.no_warning_reason):
        missing.append("voorafgaande waarschuwing: de datum, of waarom die niet nodig was")
    # Proportionality in three steps (ABRvS 2 februari 2022, ECLI:NL:RVS:2022:285, Harderwijk).
    checks = [
        ("suitability", "geschiktheid: waarom dit verbod de verstoring voorkomt"),
        (
            "necessity",
            "noodzaak: waarom een lichter middel (waarschuwing, kleiner gebied, "
            "kortere duur) niet volstaat",
        ),
        (
            "balance",
            "evenwichtigheid: de belangen van de persoon (wonen, werk, school, zorg, "
            "familie in het gebied) afgewogen",
        ),
    ]
    missing += [label for name, label in checks if _short(getattr(d, name))]
    return missing


def _drug_closure(d: Any, m: Any, facts: MeasureFacts, today: date) -> list[str]:
    missing = []
    info = facts.decision
    if info.rapportage_round != info.case_round:
        missing.append(
            "bestuurlijke rapportage van de politie over de huidige ronde "
            f"({info.case_round}) met wat in het pand is aangetroffen"
        )
    if not m.preparatory_acts and (
        not (m.substances or "").strip() or m.substance_list not in SUBSTANCE_LISTS
    ):
        missing.append(
            "aangetroffen middelen: welke middelen van lijst I of II van de Opiumwet "
            "(art. 13b lid 1 sub a), of voorbereidingshandelingen (sub b)"
        )
    if not (m.trading_quantity or m.dealing_from_premises or m.preparatory_acts):
        # Necessity first: without a trading quantity, dealing from the premises or preparatory
        # acts there is no ground to close (ABRvS 28 augustus 2019, ECLI:NL:RVS:2019:2912).
        missing.append(
            "noodzaak: geen handelshoeveelheid, geen handel vanuit het pand en geen "
            "voorbereidingshandelingen vastgesteld (ECLI:NL:RVS:2019:2912)"
        )
    checks = [
        ("facts", "feiten uit de bestuurlijke rapportage (wat, hoeveel, waar)"),
        ("seriousness", "noodzaak: ernst en omvang van de overtreding"),
        ("necessity", "noodzaak: waarom sluiting nodig is om de situatie te beëindigen"),
        ("balance", "evenwichtigheid: de belangen van de bewoners afgewogen"),
        ("duration_reasons", "motivering van de duur voor deze zaak"),
    ]
    missing += [label for name, label in checks if _short(getattr(d, name))]
    # Balance (ECLI:NL:RVS:2019:2912): blameworthiness, children and vulnerable occupants,
    # special adaptations of the home, consequences such as losing it, duration.
    if _short(m.blameworthiness):
        missing.append("evenwichtigheid: de verwijtbaarheid van de bewoner")
    if not (m.adaptations or "").strip():
        missing.append(
            "evenwichtigheid: bijzondere aanpassingen van de woning (of dat die er niet zijn)"
        )
    if _short(m.consequences):
        missing.append(
            "evenwichtigheid: de gevolgen van de sluiting, zoals verlies van de woning "
            "(ontbinding van de huur)"
        )
    if minors(facts.members, today) and _short(d.children_effect):
        missing.append("belangen van de kinderen: het effect van de sluiting op hen")
    missing += household_problems(facts.members, today, d.children_count, d.children_ages)
    if not d.duration_days:
        missing.append("duur in dagen, gekozen en gemotiveerd voor deze zaak")
    if d.start_date is None or d.start_time is None:
        missing.append("ingang: datum en uur waarop de sluiting ingaat")
    if facts.damocles_warning_first and m.first_offence and m.damocles_warning_on is None:
        missing.append(
            "Damoclesbeleid: bij een eerste overtreding volgt eerst een schriftelijke "
            "waarschuwing; leg de datum van die waarschuwing vast"
        )
    return missing


def content(d: Any, m: Any, facts: MeasureFacts, today: date) -> list[str]:
    if d.kind == Kind.camera:
        missing = _camera(d, m)
    elif d.kind == Kind.area_ban:
        missing = _area_ban(d, m, facts)
    else:
        missing = _drug_closure(d, m, facts, today)
    if not d.mayor:
        missing.append("naam van de burgemeester (ondertekening)")
    return missing


def _ready(d: Any, m: Any, facts: MeasureFacts, today: date) -> list[str]:
    if d.kind == Kind.drug_closure:
        # Same addressees and housing duty as a closure of the same home.
        return ready_problems(d, facts.decision, today)
    problems = []
    if d.start_date is not None and d.start_date < today and not m.extension_number:
        problems.append(
            "ingangsdatum ligt in het verleden; een besluit kan niet terugwerken "
            "vóór de bekendmaking (art. 3:40 Awb)"
        )
    if m.extension_number and facts.parent_end is not None and facts.parent_end < today:
        # An expired ban cannot be extended (ECLI:NL:RBOBR:2018:4649).
        problems.append(
            f"het gebiedsverbod is al verlopen ({format_date_nl(facts.parent_end)}); een verlopen "
            "verbod kan niet worden verlengd, neem zo nodig een nieuw besluit"
        )
    return problems


def problems(
    d: Any, m: Any, facts: MeasureFacts, today: date, hearing_ends: date | None = None
) -> dict[str, list[str]]:
    """Every problem, keyed by the lifecycle guard that refuses on it."""
    camera = d.kind == Kind.camera
    return {
        # A designation is of general scope: art. 4:8 Awb applies to beschikkingen only.
        "may_invite_view": [
            "cameratoezicht is een besluit van algemene strekking: er is geen voornemen "
            "met zienswijze (art. 4:8 Awb geldt voor beschikkingen)"
        ]
        if camera
        else [],
        "content_complete": content(d, m, facts, today),
        # A gebiedsverbod has one addressee; a 13b closure the premises' (household.addressed).
        "hearing_done": [] if camera else hearing_problems(
            d, [] if d.kind == Kind.area_ban else addressed(facts.decision.members, today),
            today, hearing_ends),
        "ready_to_take": _ready(d, m, facts, today),
        "known_to_all": [],
        "is_emergency_order": ["alleen een noodbevel wordt beëindigd"],
    }


def missing_elements(
    d: Any, m: Any, facts: MeasureFacts, today: date, hearing_ends: date | None = None
) -> list[str]:
    found = problems(d, m, facts, today, hearing_ends)
    return [*found["content_complete"], *found["hearing_done"], *found["ready_to_take"]]
