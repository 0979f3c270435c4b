"""Incident facts as entered by a user, validated with Dutch messages before anything is written."""

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from playbook.cases.address import normalise_bag_id, normalise_suffix
from playbook.config import USER_TZ
from playbook.decisions.household import Relation
from playbook.definition.enums import BusinessKind, IncidentKind, ObjectType, PersonRole, Tenure
from playbook.errors import InvalidInput
from playbook.validation import Count, LongText, SaneDateTime, ShortText, describe_errors

_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")

FIELD_LABELS = {
    "street": "straat",
    "house_number": "huisnummer",
    "house_suffix": "toevoeging",
    "postcode": "postcode",
    "city": "plaats",
    "object_type": "objecttype",
    "incident_kind": "soort",
    "occurred_at": "tijdstip",
    "damage": "schade",
    "injured": "gewonden",
    "persons": "personen",
    "name": "naam",
    "role": "rol",
    "self_reliant": "zelfredzaam",
    "language": "taal",
    "contact": "contact",
    "children": "kinderen",
    "shn_consent": "toestemming-shn",
    "publicly_accessible": "publiek-toegankelijk",
    "address": "adres",
    "needs": "behoeften",
    "birth_date": "geboortedatum",
    "age": "leeftijd",
    "relation": "relatie",
    "residents_displaced": "ontheemd",
    "vehicle_at_home": "voertuig-bij-woning",
    "household_children": "kinderen-in-huishouden",
    "tenure": "eigendom",
    "mixed_use": "gemengd-pand",
    "business_kind": "bedrijfssoort",
    "public_building": "publiek-gebouw",
    "occupant_involved": "bewoner-betrokken",
    "earlier_attacks": "eerdere-aanslagen",
    "incident_with": "zelfde-incident-als",
    "bag_id": "bag-id",
}

# Case facts that can be changed after intake (`zaak feiten`), with their Dutch names.
CASE_FACTS = ("closure", "publicly_accessible", "injured", "damage", "residents_displaced",
              "vehicle_at_home", "children", "tenure", "mixed_use", "business_kind",
              "public_building", "occupant_involved")


def _yes_no(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("ja", "j"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("nee", "n"):
        return False
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonIntake(_Input):
    name: ShortText = Field(min_length=1)
    # "belanghebbende": an owner, landlord or housing corporation, named as addressee of a decision.
    role: PersonRole | Literal["belanghebbende"]
    self_reliant: YesNo = True
    language: str = Field(default="nl", pattern=r"^[a-z]{2,3}$")
    contact: ShortText | None = None
    children: Count = 0
    address: ShortText | None = None
    needs: LongText | None = None
    shn_consent: YesNo = False
    # The household, structured: a child is a person with a birth date (or an age).
    birth_date: date | None = None
    age: int | None = Field(default=None, ge=0, le=130)
    relation: Relation | None = None  # to the premises: bewoner, eigenaar, verhuurder, ...

    @model_validator(mode="after")
    def _relation(self) -> "PersonIntake":
        # Whoever is named as resident or target lives there unless said otherwise.
        if self.relation is None and self.role in (PersonRole.bewoner, PersonRole.doelwit):
            self.relation = Relation.occupant
        return self


class CaseIntake(_Input):
    street: ShortText = Field(min_length=2)
    house_number: int = Field(ge=1, le=999_999)
    house_suffix: str | None = Field(default=None, max_length=8)
    postcode: str
    city: ShortText = Field(min_length=2)
    object_type: ObjectType
    incident_kind: IncidentKind
    occurred_at: SaneDateTime
    damage: LongText | None = None
    injured: Count = 0
    publicly_accessible: YesNo = False
    # Residents cannot stay home tonight (any object type: flats above a shop, homes next to a
    # car). Unset: yes for a home or a mixed-use building, no otherwise.
    residents_displaced: YesNo | None = None
    vehicle_at_home: YesNo = False  # the vehicle stood at the target's home
    household_children: YesNo = False
    tenure: Tenure | None = None
    mixed_use: YesNo = False
    business_kind: BusinessKind | None = None
    public_building: YesNo = False
    occupant_involved: YesNo = False
    earlier_attacks: int = Field(default=0, ge=0, le=100)
    # Reference of a case hit by the same blast: both become cases of one incident.
    incident_with: str | None = Field(default=None, max_length=32)
    persons: list[PersonIntake] = Field(default=[], max_length=100)
    # BAG verblijfsobject id (16 digits), optional: decides "same address" when both cases have it.
    bag_id: str | None = Field(default=None, max_length=32)

    @field_validator("house_suffix")
    @classmethod
    def _suffix(cls, value: str | None) -> str | None:
        return normalise_suffix(value)  # 'a', ' A', '-a' are one addition: 'A'

    @field_validator("bag_id")
    @classmethod
    def _bag_id(cls, value: str | None) -> str | None:
        return normalise_bag_id(value)

    @property
    def displaced(self) -> bool:
        if self.residents_displaced is not None:
            return self.residents_displaced
        return self.object_type == ObjectType.woning or self.mixed_use

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        match = _POSTCODE.match(value.strip())
        if not match:
            raise ValueError(
                f"'{value[:20]}' is geen geldige postcode; gebruik vier cijfers en twee letters, "
                "bijvoorbeeld 3011 AB"
            )
        return f"{match[1]} {match[2].upper()}"

    @field_validator("occurred_at")
    @classmethod
    def _local_time(cls, value: datetime) -> datetime:
        # Officers type local time; store it with its offset so nothing is ambiguous later.
        return value.replace(tzinfo=USER_TZ) if value.tzinfo is None else value

    @property
    def address(self) -> str:
        suffix = f"-{self.house_suffix}" if self.house_suffix else ""
        return f"{self.street} {self.house_number}{suffix}, {self.postcode} {self.city}"


def _label(loc: Sequence[int | str]) -> str:
    parts = []
    for part in loc:
        parts.append(f"nr. {part + 1}" if isinstance(part, int) else FIELD_LABELS.get(part, part))
    return " ".join(parts)


def parse_intake(data: dict[str, Any], now: datetime) -> CaseIntake:
    """Validate everything at once and report every problem, in Dutch, with the field name."""
    try:
        intake = CaseIntake.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(describe_errors(exc, _label)) from None
    if intake.occurred_at > now:
        raise InvalidInput(
            ["tijdstip: ligt in de toekomst; een incident kan niet later zijn dan nu"]
        )
    if intake.vehicle_at_home and intake.object_type != ObjectType.voertuig:
        raise InvalidInput(["voertuig-bij-woning: geldt alleen als het object een voertuig is"])
    return intake
