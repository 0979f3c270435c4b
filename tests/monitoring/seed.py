"""A seeded year (2025) of attacks in GM9999, with repeats, one closure and referrals."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from playbook.cases import repeats
from playbook.cases.intake import parse_intake
from playbook.cases.repository import get_case
from playbook.config import USER_TZ
from playbook.definition.events import Event
from playbook.definition.models import Playbook
from playbook.storage.tables import Decision, EventRecord
from tests.integration.helpers import intake_data

Uow = Callable[[], AbstractContextManager[Session]]
NOW = datetime(2026, 2, 15, 12, 0, tzinfo=UTC)
# Attacks per month of 2025 at distinct addresses (April above the small-number threshold).
PER_MONTH = {1: 1, 2: 0, 3: 2, 4: 6, 5: 1, 6: 0, 7: 1, 8: 1, 9: 0, 10: 2, 11: 1, 12: 1}
OBJECTS = ("woning", "bedrijfspand", "voertuig", "woning", "overig")


@dataclass
class Seeded:
    references: list[str] = field(default_factory=list)
    streets: set[str] = field(default_factory=set)
    postcodes: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def _register(uow: Uow, playbook: Playbook, seeded: Seeded, n: int, when: datetime,
              object_type: str, street: str) -> str:
    postcode = f"{9000 + n} X{chr(65 + n % 26)}"
    name = f"Bewoner Nummer{n} Achternaam{n}"
    data = intake_data(street=street, house_number=str(10 + n), house_suffix=None,
                       postcode=postcode, object_type=object_type,
                       occurred_at=when.astimezone(USER_TZ).strftime("%Y-%m-%d %H:%M"),
                       persons=[{"name": name, "role": "bewoner"}])
    with uow() as s:
        case, _, _ = repeats.register_case(session=s, intake=parse_intake(data, NOW),
                                           playbook=playbook, actor="oov", now=NOW,
                                           confirmed=True)
        reference = case.reference
    seeded.references.append(reference)
    seeded.streets.add(street)
    seeded.postcodes |= {postcode, postcode.replace(" ", "")}
    seeded.names.add(name)
    return reference


def seed_year(uow: Uow, playbook: Playbook) -> Seeded:
    seeded = Seeded()
    n = 0
    for month, count in PER_MONTH.items():
        for i in range(count):
            when = datetime(2025, month, 3 + i, 2, 30, tzinfo=USER_TZ)
            _register(uow, playbook, seeded, n, when, OBJECTS[n % len(OBJECTS)], f"Straat{n}laan")
            n += 1
    # A repeat: the January address attacked again in July (recorded on the open case), and a
    # November 2024 address hit again in May 2025.
    again = intake_data(street="Straat0laan", house_number="10", house_suffix=None,
                        postcode="9000 XA", object_type=OBJECTS[0],
                        occurred_at="2025-07-20 03:00", persons=[])
    old = _register(uow, playbook, seeded, 40, datetime(2024, 11, 5, 1, 0, tzinfo=USER_TZ),
                    "woning", "Oudeweg")
    old_again = intake_data(street="Oudeweg", house_number="50", house_suffix=None,
                            postcode="9040 XO", object_type="woning",
                            occurred_at="2025-05-25 03:00", persons=[])
    with uow() as s:
        for data in (again, old_again):
            repeats.register_case(session=s, intake=parse_intake(data, NOW), playbook=playbook,
                                  actor="oov", now=NOW)
    # Outside the year: January 2026.
    _register(uow, playbook, seeded, 41, datetime(2026, 1, 4, 4, 0, tzinfo=USER_TZ), "woning",
              "Nieuwjaarsweg")
    _closure_and_referrals(uow, seeded, old)
    return seeded


def _closure_and_referrals(uow: Uow, seeded: Seeded, old: str) -> None:
    """One closure decision (30 days, lifted at its end) and two referrals to Slachtofferhulp
    (5 and 20 hours after the incident)."""
    with uow() as s:
        april = get_case(s, seeded.references[4])
        april.closure = True
        s.add(april)
        s.add(Decision(case_id=april.id, kind="sluiting", status="bekendgemaakt",  # type: ignore[arg-type]
                       decided_on=date(2025, 4, 4), made_known_on=date(2025, 4, 5),
                       start_date=date(2025, 4, 5), duration_days=30,
                       created_at=NOW, updated_at=NOW))
        for index, hours in ((0, 5), (5, 20)):
            case = get_case(s, seeded.references[index])
            s.add(EventRecord(case_id=case.id, round=1, event=Event.referral_sent.value,  # type: ignore[arg-type]
                              actor="oov", at=case.occurred_at + timedelta(hours=hours)))
