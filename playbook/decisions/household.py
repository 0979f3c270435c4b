"""The household of the premises, structured: who lives there, their ages, who needs housing.

Pure. Children are persons with a birth date (or an age), never a word in a text field.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

ADULT_AGE = 18  # art. 1:233 BW


class Relation(StrEnum):
    occupant = "bewoner"
    owner_occupant = "eigenaar-bewoner"
    user = "gebruiker"  # who uses non-residential premises
    owner = "eigenaar"
    landlord = "verhuurder"
    corporation = "woningcorporatie"


OCCUPYING = frozenset({Relation.occupant, Relation.owner_occupant, Relation.user})
RESIDING = frozenset({Relation.occupant, Relation.owner_occupant})  # natural persons living there
OWNING = frozenset(
    {Relation.owner_occupant, Relation.owner, Relation.landlord, Relation.corporation}
)


def age_on(birth_date: date | None, recorded_age: int | None, day: date) -> int | None:
    """Age in whole years on `day`; the recorded age only when the birth date is unknown."""
    if birth_date is None:
        return recorded_age
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Member:
    """A person linked to the premises, as the decision rules need them."""

    person_id: int | None
    name: str
    relation: Relation
    birth_date: date | None
    age: int | None  # recorded age, used only when the birth date is unknown
    self_reliant: bool
    children_mentioned: int = 0  # the legacy count on a person record

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, self.age, day)

    def minor_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age is not None and age < ADULT_AGE

    @property
    def lives_there(self) -> bool:
        return self.relation in OCCUPYING


def occupants(members: list[Member]) -> list[Member]:
    return [m for m in members if m.lives_there]


def minors(members: list[Member], day: date) -> list[Member]:
    return [m for m in occupants(members) if m.minor_on(day)]


def addressed(members: list[Member], day: date) -> list[Member]:
    """Who a decision on the premises is addressed to, each a belanghebbende to be heard before
    it is taken (art. 4:8 Awb) and made known to (art. 3:41 Awb): the adults who live in or use
    the premises, and whoever owns or lets it."""
    return [m for m in members
            if (m.relation in OCCUPYING and not m.minor_on(day)) or m.relation in OWNING]


def children_of(members: list[Member], person_id: int | None, mentioned: int,
                day: date) -> int:
    """The children in a person's household, as a referral states them: for someone living at
    the premises, the minors living there (else the children any occupant mentioned); for
    anyone else, what they mentioned themselves."""
    me = next((m for m in members if m.person_id == person_id), None)
    if me is None or not me.lives_there:
        return mentioned
    young = [m for m in minors(members, day) if m.person_id != person_id]
    return len(young) or max((m.children_mentioned for m in occupants(members)), default=0)


def needs_housing(members: list[Member], day: date) -> bool:
    """A household with minors or with someone who is not self-reliant must be offered
    alternative housing (or its refusal recorded) before the closure starts
    (RBMNE:2024:3085, RBGEL:2025:7493; the mayor's duty of care)."""
    return any(m.minor_on(day) or not m.self_reliant for m in occupants(members))


def parse_ages(text: str | None) -> list[int] | None:
    """'0, 4, 7' -> [0, 4, 7]; None when the text is not a list of whole numbers."""
    if text is None or not text.strip():
        return None
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        return None
    return sorted(int(p) for p in parts)


def household_problems(
    members: list[Member], day: date, children_count: int | None, children_ages: str | None
) -> list[str]:
    """The structured weighing of children checked against the household (RVS:2022:1881)."""
    problems = []
    young = minors(members, day)
    people = [m for m in occupants(members) if m.relation in RESIDING]
    unknown = [m.name for m in people if m.age_on(day) is None]
    if unknown:
        problems.append(
            "geboortedatum of leeftijd van elke bewoner ontbreekt: " + ", ".join(unknown)
        )
    mentioned = max((m.children_mentioned for m in occupants(members)), default=0)
    if mentioned > len(young):
        problems.append(
            f"bij de bewoners staan {mentioned} kinderen genoemd, maar er zijn er "
            f"{len(young)} als persoon met geboortedatum vastgelegd; leg elk kind vast"
        )
    if not young:
        return problems
    ages = sorted(m.age_on(day) or 0 for m in young)
    if children_count != len(young):
        problems.append(
            f"belangen van de kinderen: het besluit noemt {children_count or 0} "
            f"kinderen, in het huishouden wonen er {len(young)}"
        )
    if parse_ages(children_ages) != ages:
        problems.append(
            "belangen van de kinderen: leeftijden in het besluit ("
            f"{children_ages or 'geen'}) kloppen niet met het huishouden "
            f"({', '.join(map(str, ages))})"
        )
    return problems
