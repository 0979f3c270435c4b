"""Repeat detection at intake: earlier cases at the same address, in the same building or
against the same person are shown before saving, then linked, and the new case becomes a repeat.

Why: the national action plan (Aanpak aanslagen met explosieven 2025, §1.2) puts repeat
victimisation first; a second attack raises every measure (`applies_when: {repeat: true}`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from playbook.cases import service
from playbook.cases.address import Address, same_person
from playbook.cases.audit import record
from playbook.cases.intake import CaseIntake
from playbook.cases.repository import touch
from playbook.config import USER_TZ
from playbook.definition.models import Playbook
from playbook.definition.repeat_monitoring import RepeatWindows
from playbook.errors import Conflict
from playbook.storage.tables import Case, Person
from playbook.storage.tables_repeats import CaseAddress, CaseLink

# Strongest first: one link per earlier case, of its strongest kind.
KINDS = {"adres": "zelfde adres", "pand": "zelfde pand, ander toevoegsel",
         "persoon": "zelfde persoon"}


@dataclass(frozen=True)
class Match:
    kind: str
    case_id: int
    reference: str
    address: str
    incident_at: datetime
    phase: str
    attacks: int
    person: str | None = None

    def describe(self) -> str:
        who = f" ({self.person})" if self.person else ""
        when = self.incident_at.astimezone(USER_TZ).strftime("%d-%m-%Y")
        return (f"{KINDS[self.kind]}{who}: zaak {self.reference}, {self.address}, incident "
                f"{when}, {self.attacks} aanslag(en)")


class RepeatFound(Conflict):
    """Earlier cases were found and the user has not yet confirmed the link (HTTP 409)."""

    def __init__(self, matches: list[Match]):
        super().__init__(
            "Er zijn eerdere zaken gevonden op dit adres, in dit pand of tegen dezelfde persoon. "
            "Controleer ze en bevestig de herhaling; dan wordt de nieuwe zaak eraan gekoppeld en "
            "als herhaling behandeld.",
            [m.describe() for m in matches],
        )
        self.matches = matches


def _months_before(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 - months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)  # the window is a policy choice; the 28th keeps every month valid
    return moment.replace(year=year, month=month, day=day)


def _full_address(case: Case) -> str:
    suffix = f"-{case.house_suffix}" if case.house_suffix else ""
    return f"{case.street} {case.house_number}{suffix}, {case.postcode} {case.city}"


def _match(case: Case, kind: str, person: str | None = None) -> Match:
    return Match(kind, case.id, case.reference, _full_address(case), case.incident_at,  # type: ignore[arg-type]
                 case.phase, case.attacks, person)


def folds_into_existing(session: Session, intake: CaseIntake, code: str, now: datetime,
                        repeat_window_days: int) -> bool:
    """True when `create_case` will record the attack on an open or recently closed case at
    this very address instead of opening a new one (no new case, nothing to link)."""
    latest = session.exec(select(Case).where(
        Case.municipality_code == code, Case.postcode == intake.postcode,
        Case.house_number == intake.house_number, Case.house_suffix == intake.house_suffix,
    ).order_by(col(Case.id).desc())).first()
    if latest is None:
        return False
    return latest.closed_at is None or latest.closed_at > now - timedelta(days=repeat_window_days)


def find_earlier(session: Session, intake: CaseIntake, code: str,
                 windows: RepeatWindows) -> list[Match]:
    """Earlier cases of this municipality within the windows, strongest kind per case."""
    new = Address.of(intake.postcode, intake.house_number, intake.house_suffix, intake.bag_id)
    at = intake.occurred_at
    found: dict[int, Match] = {}
    cutoff = _months_before(at, max(windows.address_months, windows.building_months))
    nearby = list(session.exec(select(Case).where(
        Case.municipality_code == code, Case.postcode == new.postcode,
        Case.house_number == new.house_number, col(Case.incident_at) >= cutoff,
    )))
    if new.bag_id:
        nearby += session.exec(select(Case).join(CaseAddress).where(
            Case.municipality_code == code, CaseAddress.bag_id == new.bag_id,
            col(Case.incident_at) >= cutoff))
    bag_ids = _bag_ids(session, [c.id for c in nearby if c.id is not None])
    for case in nearby:
        old = Address.of(case.postcode, case.house_number, case.house_suffix, bag_ids.get(case.id))  # type: ignore[arg-type]
        if new.same_address(old) and case.incident_at >= _months_before(at, windows.address_months):
            found[case.id] = _match(case, "adres")  # type: ignore[index]
        elif (new.same_building(old) and case.id not in found
              and case.incident_at >= _months_before(at, windows.building_months)):
            found[case.id] = _match(case, "pand")  # type: ignore[index]
    person_cutoff = _months_before(at, windows.person_months)
    for case, name in _same_persons(session, intake, code, person_cutoff):
        if case.id not in found:
            found[case.id] = _match(case, "persoon", name)  # type: ignore[index]
    order = list(KINDS)
    return sorted(found.values(), key=lambda m: (order.index(m.kind), m.incident_at))


def _bag_ids(session: Session, case_ids: list[int]) -> dict[int, str | None]:
    if not case_ids:
        return {}
    rows = session.exec(select(CaseAddress).where(col(CaseAddress.case_id).in_(case_ids)))
    return {r.case_id: r.bag_id for r in rows}


def _same_persons(session: Session, intake: CaseIntake, code: str,
                  cutoff: datetime) -> list[tuple[Case, str]]:
    """A person is the same when name (case and spacing aside) and birth date are equal."""
    wanted: dict[date, list[str]] = {}
    for person in intake.persons:
        if person.birth_date is not None:
            wanted.setdefault(person.birth_date, []).append(person.name)
    if not wanted:
        return []
    query = select(Case, Person).join(Person, col(Person.case_id) == col(Case.id))
    rows = session.exec(query.where(
        Case.municipality_code == code, col(Person.birth_date).in_(list(wanted)),
        col(Case.incident_at) >= cutoff))
    return [(case, person.name) for case, person in rows
            if person.birth_date is not None
            and any(same_person(person.name, n) for n in wanted[person.birth_date])]


def register_case(*, session: Session, intake: CaseIntake, playbook: Playbook, actor: str,
                  now: datetime, repeat_window_days: int = 365,
                  confirmed: bool = False) -> tuple[Case, bool, list[Match]]:
    """Register an incident after looking for earlier cases. Unconfirmed matches raise
    RepeatFound before anything is written; confirmed ones are linked and make the new case a
    repeat (its earlier attacks count). Returns (case, created, matches)."""
    code = playbook.municipality.cbs_code
    matches: list[Match] = []
    if not folds_into_existing(session, intake, code, now, repeat_window_days):
        matches = find_earlier(session, intake, code, playbook.municipality.repeat_windows)
        if matches and not confirmed:
            raise RepeatFound(matches)
    case, created = service.create_case(session=session, intake=intake, playbook=playbook,
                                        actor=actor, now=now,
                                        repeat_window_days=repeat_window_days)
    if created:
        session.add(CaseAddress(case_id=case.id, bag_id=intake.bag_id,  # type: ignore[arg-type]
                                reported_earlier_attacks=intake.earlier_attacks))
    if created and matches:
        _link(session, case, matches, actor, now)
    return case, created, matches


def _link(session: Session, case: Case, matches: list[Match], actor: str, now: datetime) -> None:
    for m in matches:
        session.add(CaseLink(case_id=case.id, earlier_case_id=m.case_id, kind=m.kind,  # type: ignore[arg-type]
                             actor=actor, at=now))
        record(session, case, actor=actor, action="herhaling-gekoppeld", at=now,
               subject=KINDS[m.kind], new=m.reference,
               details={"eerdere_zaak": m.reference, "soort": m.kind})
    earlier = sum(m.attacks for m in matches)
    if earlier > case.earlier_attacks:
        # The attacks of the linked cases count as earlier attacks: with this new attack the
        # case has two or more, so the repeat steps apply (CaseFacts.repeat).
        record(session, case, actor=actor, action="feit-gewijzigd", at=now,
               subject="eerdere-aanslagen", old=case.earlier_attacks, new=earlier,
               reason="gekoppelde eerdere zaken")
        case.earlier_attacks = earlier
        touch(case, now)
    session.flush()


def links_of(session: Session, case: Case) -> list[Match]:
    """The earlier cases this case was linked to at intake, and later cases linked to it."""
    rows = session.exec(select(CaseLink).where(
        (col(CaseLink.case_id) == case.id) | (col(CaseLink.earlier_case_id) == case.id)
    ).order_by(col(CaseLink.id)))
    result = []
    for link in rows:
        other_id = link.earlier_case_id if link.case_id == case.id else link.case_id
        other = session.get(Case, other_id)
        if other is not None:
            result.append(_match(other, link.kind))
    return result
