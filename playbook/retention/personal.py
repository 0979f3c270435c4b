"""The one declared list of personal data. A new personal column is one line here.

`PERSONAL` names each column of a person-bound table and what retention puts in its place.
`FREE_TEXT` names the free-text columns of a case where users may have typed a person's name;
retention removes those names from them. Audit rows hold no personal values at all (they refer
to `persoon.id`, see cases/audit.py), so the hash chain survives pseudonymisation.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playbook.storage.tables import (
    Addressee,
    Case,
    Decision,
    HousingOffer,
    InformationRequest,
    Objection,
    Person,
    RoundFacts,
    StepState,
    ThreatAssessment,
)
from playbook.storage.tables_measures import MeasureDetails, MeasureIncident
from playbook.storage.tables_referral import ConsentRefusal, ReferralConsent

REMOVED = "[verwijderd]"


def _pseudonym(row: Any) -> str:
    return f"Persoon {row.id} (gepseudonimiseerd)"


@dataclass(frozen=True)
class Column:
    table: type
    name: str
    replacement: Callable[[Any], Any] = lambda _row: None  # default: emptied


# table.column -> what it becomes once the retention period has passed
PERSONAL: tuple[Column, ...] = (
    Column(Person, "name", _pseudonym),
    Column(Person, "contact"),
    Column(Person, "address"),
    Column(Person, "needs"),
    Column(Person, "language", lambda _row: "nl"),
    Column(Person, "children", lambda _row: 0),
    Column(Person, "birth_date"),
)

# Free text of a case that may mention a person by name: names are cut out of these.
FREE_TEXT: tuple[Column, ...] = (
    Column(Case, "damage"),
    Column(StepState, "reason"),
    *(Column(Decision, name) for name in (
        "facts", "seriousness", "recurrence", "necessity", "balance", "alternative_housing",
        "duration_reasons", "hearing_outcome", "urgency_reasons")),
    *(Column(InformationRequest, name) for name in (
        "purpose", "facts", "earlier_incidents", "recurrence", "vulnerable_occupants",
        "measures_taken", "shareable")),
    *(Column(Decision, name) for name in (
        "suitability", "balance_owner", "children_school", "children_effect")),
    Column(Addressee, "name"),
    Column(Objection, "submitted_by"),
    Column(HousingOffer, "description"),
    Column(ThreatAssessment, "assessment"),
    Column(RoundFacts, "conduct_description"),
    Column(ReferralConsent, "given_by"),
    Column(ReferralConsent, "note"),
    Column(ConsentRefusal, "note"),
    # Measures (issue 13): the addressee of a gebiedsverbod and the weighing of a 13b closure.
    *(Column(MeasureDetails, name) for name in (
        "person_name", "person_address", "fear_of_further", "no_warning_reason", "blameworthiness",
        "adaptations", "consequences")),
    Column(MeasureIncident, "description"),
)


def pseudonymise(person: Person) -> dict[str, Any]:
    """Replace every personal column of one person; return the values it had (for a dry run
    this is what would go)."""
    before = {}
    for column in PERSONAL:
        if column.table is Person:
            before[column.name] = getattr(person, column.name)
            setattr(person, column.name, column.replacement(person))
    return before


def scrub(text: str | None, names: list[str]) -> str | None:
    if not text:
        return text
    for name in sorted(names, key=len, reverse=True):
        if name:
            text = text.replace(name, REMOVED)
    return text
