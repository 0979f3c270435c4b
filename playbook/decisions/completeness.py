"""What a decision must contain, and when, before the mayor may send the voornemen or take it.

Pure: takes the decision's fields and the recorded facts, returns every problem in Dutch,
grouped by the lifecycle guard it belongs to (see lifecycle.TRANSITIONS).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from playbook.deadlines.formatting import format_date_nl
from playbook.decisions.grounds import GroundFacts, refusal
from playbook.decisions.household import (
    OCCUPYING,
    OWNING,
    Member,
    addressed,
    household_problems,
    minors,
    needs_housing,
)
from playbook.decisions.lifecycle import INTENT_KINDS

MIN_REASONING = 20  # characters: a ground without real reasoning is as good as none


@dataclass(frozen=True)
class ParentFacts:
    kind: str
    decided_on: date | None
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class DecisionFacts:
    ground: GroundFacts
    case_round: int
    rapportage_round: int | None  # round of the latest answered bestuurlijke rapportage
    members: list[Member] = field(default_factory=list)
    housing_recorded: bool = False
    parent: ParentFacts | None = None
    latest_threat_on: date | None = None
    policy_max_days: int | None = None
    min_hearing_days: int = 7


def _short(value: str | None) -> bool:
    return value is None or len(value.strip()) < MIN_REASONING


def _content(d: Any, facts: DecisionFacts, today: date) -> list[str]:
    kind = d.kind
    if kind == "opheffing":
        return _lifting(d, facts)
    missing = []
    why_not = refusal(d.ground or "", facts.ground, kind) if d.ground else "grondslag ontbreekt"
    if why_not:
        missing.append(f"grondslag: {why_not}")
    if kind == "sluiting" and facts.rapportage_round != facts.case_round:
        # A bestuurlijke rapportage belongs to one attack; after a repeat attack the decision
        # needs one of the current round (issue 7; the closure rests on the rapportage about
        # the incidents it names: ECLI:NL:RBROT:2024:1866, ECLI:NL:RBROT:2024:5645).
        missing.append(
            "bestuurlijke rapportage van de politie over de huidige aanslag (ronde "
            f"{facts.case_round}) ontvangen en vastgelegd"
        )
    if kind == "verlenging":
        parent = facts.parent
        decided = parent.decided_on if parent else None
        if decided is None or facts.latest_threat_on is None or facts.latest_threat_on <= decided:
            # An extension needs a current threat: an assessment dated after the decision it
            # extends (ECLI:NL:RBMNE:2025:1759, ECLI:NL:RBGEL:2025:7493).
            missing.append(
                "actuele dreigingsinschatting, gedateerd na het besluit dat wordt "
                f"verlengd ({format_date_nl(decided) if decided else 'onbekend'})"
            )
    checks = [
        ("facts", "feiten (uit de bestuurlijke rapportage of de dreigingsinschatting)"),
        ("seriousness", "waarom de verstoring van de openbare orde ernstig is"),
        ("recurrence", "inschatting van de politie over herhaling"),
        # Proportionality in three steps, art. 3:4 lid 2 Awb (RBROT:2024:5645).
        ("suitability", "geschiktheid: waarom sluiting de verstoring beëindigt of voorkomt"),
        (
            "necessity",
            "noodzaak: welke lichtere middelen zijn overwogen (camera, surveillance) "
            "en waarom die niet volstaan",
        ),
        (
            "balance",
            "evenwichtigheid: de belangen van de bewoners (betrokkenheid, kwetsbaarheid, gevolgen)",
        ),
        ("balance_owner", "evenwichtigheid: de belangen van de eigenaar of verhuurder"),
        ("duration_reasons", "motivering van de duur voor deze zaak (geen vaste beleidstermijn)"),
        # The entry ban, access for belongings and enforcement (art. 174a lid 1, APV).
        ("entry_ban_basis", "grondslag van het verbod om het pand te betreden"),
        ("entry_access", "hoe iemand onder begeleiding spullen kan ophalen"),
        (
            "enforcement",
            "hoe de sluiting wordt gehandhaafd (verzegeling, kennisgeving, bestuursdwang)",
        ),
    ]
    missing += [label for name, label in checks if _short(getattr(d, name))]
    young = minors(facts.members, today)
    if young:
        # The interests of the children weigh explicitly (ECLI:NL:RVS:2022:1881,
        # ECLI:NL:RBMNE:2024:3085, ECLI:NL:RBGEL:2025:7493).
        if _short(d.children_school):
            missing.append(
                "belangen van de kinderen: school of opvang en hoe die bereikbaar blijft"
            )
        if _short(d.children_effect):
            missing.append("belangen van de kinderen: het effect van de sluiting op hen")
    missing += household_problems(facts.members, today, d.children_count, d.children_ages)
    duration = d.duration_days
    if not duration or duration < 1:
        missing.append("duur in dagen, gekozen en gemotiveerd voor deze zaak")
    elif (
        facts.policy_max_days
        and duration > facts.policy_max_days
        and _short(d.duration_over_policy_reasons)
    ):
        missing.append(
            f"de duur ({duration} dagen) gaat boven het beleidsmaximum van "
            f"{facts.policy_max_days} dagen: motiveer waarom"
        )
    if d.start_date is None or d.start_time is None:
        # The closure takes effect at a stated date and hour (ECLI:NL:RBOVE:2025:5638).
        missing.append("ingang: datum en uur waarop de sluiting ingaat")
    if not d.mayor:
        missing.append("naam van de burgemeester (ondertekening)")
    return missing


def _lifting(d: Any, facts: DecisionFacts) -> list[str]:
    missing = []
    if _short(d.facts):
        missing.append("reden van opheffing (waarom de sluiting niet langer nodig is)")
    parent = facts.parent
    if (
        parent
        and parent.start_date
        and d.start_date
        and (
            d.start_date < parent.start_date
            or (parent.end_date is not None and d.start_date > parent.end_date)
        )
    ):
        # A lifting falls between the start and the end of what it lifts.
        missing.append(
            f"de opheffing moet ingaan tussen de ingang ({format_date_nl(parent.start_date)}) en "
            f"het einde ({format_date_nl(parent.end_date) if parent.end_date else 'onbekend'}) "
            "van de sluiting"
        )
    return missing


def _unheard(d: Any, due: list[Member], hearing_ends: date) -> list[str]:
    """While the term runs, every belanghebbende the decision will be addressed to must have
    been heard: the resident's zienswijze does not cut short the landlord's term (art. 4:8 lid
    1 Awb: each belanghebbende). One addressee and a zienswijze given: heard. Several, and
    nobody named as heard (recorded before this was asked): none of them counts as heard."""
    heard = set(d.hearing_heard or [])
    if len(due) <= 1 and not heard:
        return []
    waiting = [m.name for m in due if m.person_id not in heard]
    if not waiting:
        return []
    return [
        f"de zienswijzetermijn loopt nog tot en met {format_date_nl(hearing_ends)}; eerder "
        "besluiten kan alleen als iedere belanghebbende is gehoord. Nog niet gehoord: "
        f"{', '.join(waiting)} (art. 4:8 Awb)"
    ]


def _hearing(d: Any, due: list[Member], today: date, hearing_ends: date | None) -> list[str]:
    """`due`: the belanghebbenden the decision will be addressed to (household.addressed)."""
    kind, hearing = d.kind, d.hearing
    if kind in ("opheffing", "noodbevel"):
        return []  # a lifting favours the addressee; a noodbevel is immediate (art. 175 Gw)
    if hearing == "spoed":
        if kind == "verlenging":
            # Urgency never replaces the hearing for an extension (ECLI:NL:RBMNE:2025:1759).
            return ["een verlenging vraagt altijd een nieuwe zienswijze; spoed volstaat niet"]
        if _short(d.urgency_reasons):
            return ["redenen waarom spoed het horen van een zienswijze belet (art. 4:11 Awb)"]
        return []
    if hearing == "zienswijze":
        if d.intent_on is None:
            return [
                "verzending of uitreiking van het voornemen vastleggen: de zienswijzetermijn "
                "loopt pas vanaf dan"
            ]
        if not d.hearing_outcome or d.hearing_given is None:
            return ["uitkomst van de zienswijze (ontvangen, mondeling gegeven of niet gebruikt)"]
        if hearing_ends is None or today > hearing_ends:
            return []
        if not d.hearing_given:
            return [
                f"de zienswijzetermijn loopt nog tot en met {format_date_nl(hearing_ends)}; "
                "zonder zienswijze kan pas daarna worden besloten"
            ]
        return _unheard(d, due, hearing_ends)
    if kind == "verlenging":
        return [
            "nieuw voornemen tot verlenging versturen om een zienswijze te vragen "
            "(spoed volstaat niet bij een verlenging)"
        ]
    return ["zienswijze gevraagd of spoed met redenen vastgelegd (art. 4:8 / 4:11 Awb)"]


def _ready(d: Any, facts: DecisionFacts, today: date) -> list[str]:
    problems = []
    if d.kind != "opheffing":
        if d.start_date is not None and d.start_date < today:
            problems.append(
                "ingangsdatum ligt in het verleden; een besluit kan niet terugwerken "
                "vóór de bekendmaking (art. 3:40 Awb)"
            )
        if needs_housing(facts.members, today) and not facts.housing_recorded:
            problems.append(
                "vervangende woonruimte aangeboden aan het huishouden (of de weigering "
                "vastgelegd) vóór de sluiting ingaat: er wonen minderjarigen of "
                "niet-zelfredzame personen"
            )
    occupants = [m for m in facts.members if m.relation in OCCUPYING and not m.minor_on(today)]
    owners = [m for m in facts.members if m.relation in OWNING]
    if not occupants:
        problems.append(
            "geadresseerden: leg de (meerderjarige) bewoners of gebruikers met naam vast"
        )
    if not owners:
        problems.append("geadresseerden: leg de eigenaar, verhuurder of woningcorporatie vast")
    return problems


# Reused by the other measures (measures_rules.py): the same zienswijze and addressees rules.
hearing_problems = _hearing
ready_problems = _ready


def problems(
    d: Any, facts: DecisionFacts, today: date, hearing_ends: date | None = None
) -> dict[str, list[str]]:
    """Every problem, keyed by the lifecycle guard that refuses on it."""
    invite = []
    if d.kind not in INTENT_KINDS:
        invite.append(f"een {d.kind} gaat niet via een voornemen en zienswijze")
    return {
        "may_invite_view": invite,
        "content_complete": _content(d, facts, today),
        "hearing_done": _hearing(d, addressed(facts.members, today), today, hearing_ends),
        "ready_to_take": _ready(d, facts, today),
        "known_to_all": [],
        "is_emergency_order": []
        if d.kind == "noodbevel"
        else ["alleen een noodbevel wordt beëindigd; een sluiting wordt opgeheven"],
    }


def missing_elements(
    d: Any, facts: DecisionFacts, today: date, hearing_ends: date | None = None
) -> list[str]:
    """Everything still missing before the decision can be taken, in one list."""
    found = problems(d, facts, today, hearing_ends)
    return [*found["content_complete"], *found["hearing_done"], *found["ready_to_take"]]
